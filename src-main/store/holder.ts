import { readFileSync } from 'node:fs';

/**
 * Who holds a lock file on this machine, and whether that holder still runs. Both lock files (the
 * store's and the lock service's mutex) record a pid; a pid outlives its process in two ways
 * that `kill(pid, 0)` alone does not see:
 * - a zombie: the process has exited but its parent has not reaped it (a container whose pid 1
 *   is not an init keeps them for good), and `kill` still succeeds;
 * - reuse: the pid now belongs to another process (a restarted container often runs the hub
 *   under the very pid the killed one had). Where the system tells a process's start time
 *   (Linux's /proc), a holder's start recorded in the lock tells the two apart.
 */

/** Fields of /proc/PID/stat after the command name (which may hold spaces and parentheses). */
function procStat(pid: number): string[] | null {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return raw.slice(raw.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** True while `pid` runs on this machine (a zombie does not count). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const state = procStat(pid)?.[0];
  return state !== 'Z' && state !== 'X';
}

/**
 * When `pid` started, in clock ticks since boot, as a string; null where the system does not
 * tell (no /proc: macOS) or the process is gone.
 */
export function processStart(pid: number): string | null {
  const start = procStat(pid)?.[19];
  return start && /^\d+$/.test(start) ? start : null;
}

/** This process's own start, recorded in every lock file it writes (read once: it never changes). */
export const ownStart: string | null = processStart(process.pid);

/**
 * Whether the holder recorded as `pid` (started at `start`, when the lock says) is gone: not
 * running, a zombie, or its pid now another process's.
 */
export function holderGone(pid: number, start: string | null | undefined): boolean {
  if (!pidAlive(pid)) return true;
  if (!start) return false;
  const now = processStart(pid);
  return now !== null && now !== start;
}
