/**
 * A real zombie process for tests of lock holders: a shell that execs into `sleep` never reaps
 * its background child, as a container whose pid 1 is not an init keeps the processes killed in
 * it. Linux only (it waits on /proc); kill `parent` when done, which lets the zombie be reaped.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The state letter of /proc/PID/stat ('Z' for a zombie), or undefined when it is gone. */
export function procState(pid: number): string | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return raw.slice(raw.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return undefined;
  }
}

/** `sleep 30` (alive) and the pid of its child, which has exited and is never reaped. */
export async function zombieFamily(): Promise<{ parent: ChildProcess; zombie: number }> {
  const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 30'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const zombie = await new Promise<number>((ok) => {
    parent.stdout!.once('data', (b: Buffer) => ok(Number(b.toString().trim())));
  });
  const deadline = Date.now() + 5000;
  while (procState(zombie) !== 'Z') {
    if (Date.now() > deadline) {
      parent.kill('SIGKILL');
      throw new Error(`pid ${zombie} never became a zombie`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  return { parent, zombie };
}
