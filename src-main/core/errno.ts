import type { ErrorCode } from '../../src-shared/errors.js';
import { isDiskFull } from '../../src-shared/errors.js';

/**
 * The system errors a person can act on, in words: Node's own text ("EPERM: operation not
 * permitted, rename '/p/.auxin-tmp-….tmp' -> '/p/take.wav'") names the call and often a temporary
 * file rather than what the user sees. Others are left as they are.
 */
type SystemError = NodeJS.ErrnoException & { dest?: string };

/** The failed call, in a user's words. */
const VERBS: Record<string, string> = {
  open: 'open',
  rename: 'replace',
  link: 'create',
  unlink: 'remove',
  rmdir: 'remove',
  rm: 'remove',
  mkdir: 'create',
  mkdtemp: 'create a folder in',
  copyfile: 'write',
  scandir: 'list',
  opendir: 'list',
  lstat: 'look at',
  stat: 'look at',
  utime: 'set the time of',
  futime: 'set the time of',
  chmod: 'change the mode of',
  write: 'write',
  fsync: 'save',
};

/** What the failed call did, and to which file (a rename's is its target). */
function attempt(err: SystemError): string {
  const target = err.dest ?? err.path ?? 'a file';
  return `${VERBS[err.syscall ?? ''] ?? err.syscall ?? 'use'} ${target}`;
}

export function systemErrorInfo(e: unknown): { code: ErrorCode; message: string } | null {
  const err = e as SystemError | null;
  if (!err || typeof err !== 'object' || typeof err.code !== 'string') return null;
  if (isDiskFull(err)) {
    return {
      code: 'NO_SPACE',
      message: 'no disk space left on this machine: free some space, then try again',
    };
  }
  if (err.code === 'EACCES' || err.code === 'EPERM') {
    return {
      code: 'PERMISSION_DENIED',
      message: `not allowed to ${attempt(err)} (${err.code}): check its permissions, and that it is not locked (the Finder's Get Info, or chattr on Linux)`,
    };
  }
  if (err.code === 'EROFS') {
    return {
      code: 'READ_ONLY',
      message: `cannot ${attempt(err)}: the disk is mounted read-only (EROFS)`,
    };
  }
  return null;
}
