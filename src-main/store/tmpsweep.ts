import { readdir, stat, unlink } from 'node:fs/promises';
import { pidAlive } from './holder.js';

/**
 * Leftovers of a killed process under tmp/: a pack half-written when a hub or `auxin commit` was
 * SIGKILLed is up to 32 MiB, and gc (which removes any temporary file after an hour) may never
 * run on a hub. Every temporary name there starts with its writer's pid (`pack-<pid>-...`,
 * `<pid>-...`), so a file is a leftover when that process is gone, or when the pid is this
 * process's own but the file is older than this process (a restart that got the same pid, as a
 * container's hub does).
 */
const PID_RE = /^(?:pack-)?(\d+)-/;

/** A file younger than this is kept whatever its pid says: the folder may be shared. */
export const TMP_GRACE_MS = 2 * 60_000;

// Less 2 s: filesystems with whole-second times round a file's mtime down.
const startedAt = Date.now() - process.uptime() * 1000 - 2000;

export function isLeftover(
  name: string,
  mtimeMs: number,
  now: number,
  isAlive: (pid: number) => boolean = pidAlive,
): boolean {
  const m = PID_RE.exec(name);
  if (!m || now - mtimeMs < TMP_GRACE_MS) return false;
  const pid = Number(m[1]);
  if (pid === process.pid) return mtimeMs < startedAt;
  return pid <= 0 || !isAlive(pid);
}

/** Remove the leftovers in `tmpDir`; the number removed. Never throws: it is housekeeping. */
export async function sweepTmp(tmpDir: string, now = Date.now()): Promise<number> {
  let removed = 0;
  for (const name of await readdir(tmpDir).catch(() => [] as string[])) {
    const st = await stat(`${tmpDir}/${name}`).catch(() => null);
    if (!st?.isFile() || !isLeftover(name, st.mtimeMs, now)) continue;
    if (
      await unlink(`${tmpDir}/${name}`).then(
        () => true,
        () => false,
      )
    )
      removed++;
  }
  return removed;
}
