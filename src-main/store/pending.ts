/**
 * The record of a checkout in progress (`CHECKOUT` in the store root). A pull or a local
 * checkout writes it, durably, before it changes a single file of the working folder, and removes it once the branch has
 * moved: while it exists the folder may hold a mix of two versions, which must never pass for
 * the user's own edits (so `status` says so, `commit` refuses, and `pull` finishes the job).
 */
import { readFileSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { AuxinError } from '../../src-shared/errors.js';
import { systemErrorInfo } from '../core/errno.js';
import { atomicWrite, fsyncDir, isEnoent } from './fsutil.js';

export interface PendingCheckout {
  /** The branch that moves from `from` to `to` once the files are written. */
  branch: string;
  /** The version the working folder held before (null: a clone, nothing before). */
  from: string | null;
  to: string;
  /**
   * Set by a local `auxin checkout`: the revision it was given (`branch` is then the branch it
   * puts HEAD on, or '' for a detached HEAD; no branch moves). A pull never sets it.
   */
  checkout?: string;
}

export const PENDING_FILE = 'CHECKOUT';

export function readPendingCheckout(root: string): PendingCheckout | null {
  let text: string;
  try {
    text = readFileSync(`${root}/${PENDING_FILE}`, 'utf8');
  } catch (e) {
    if (isEnoent(e)) return null;
    throw e;
  }
  const damaged = () =>
    new AuxinError(
      'CORRUPT_OBJECT',
      `${root}/${PENDING_FILE} is damaged: run \`auxin checkout BRANCH --force\` to give up the interrupted checkout`,
    );
  let p: Partial<PendingCheckout>;
  try {
    p = JSON.parse(text) as Partial<PendingCheckout>;
  } catch {
    throw damaged();
  }
  if (
    p === null ||
    typeof p.branch !== 'string' ||
    typeof p.to !== 'string' ||
    p.from === undefined
  ) {
    throw damaged();
  }
  const local = typeof p.checkout === 'string' ? { checkout: p.checkout } : {};
  return { branch: p.branch, from: p.from, to: p.to, ...local };
}

export async function writePendingCheckout(root: string, p: PendingCheckout): Promise<void> {
  await atomicWrite(`${root}/${PENDING_FILE}`, JSON.stringify(p) + '\n', `${root}/tmp`, {
    fsync: true,
  });
  await fsyncDir(root);
}

export async function clearPendingCheckout(root: string): Promise<void> {
  await unlink(`${root}/${PENDING_FILE}`).catch((e: unknown) => {
    if (!isEnoent(e)) throw e;
  });
  await fsyncDir(root);
}

export function interruptedMessage(p: PendingCheckout): string {
  if (p.checkout !== undefined) {
    return `a checkout of ${p.checkout} was interrupted: run \`auxin checkout ${p.checkout}\` to finish it`;
  }
  return `a pull to ${p.to.slice(0, 12)} was interrupted: run \`auxin pull\` to finish it`;
}

export function interruptedError(p: PendingCheckout): AuxinError {
  return new AuxinError('CHECKOUT_INTERRUPTED', interruptedMessage(p), { ...p });
}

/**
 * The error of a checkout cut short by `e` (a full disk, a damaged chunk): its own message and
 * code, and how to finish the job.
 */
export function interruptedBy(e: unknown, p: PendingCheckout): AuxinError {
  const cause = systemErrorInfo(e)?.message ?? (e instanceof Error ? e.message : String(e));
  const message = `${cause}; ${interruptedMessage(p)}`;
  if (e instanceof AuxinError) return new AuxinError(e.code, message, e.details);
  return new AuxinError('CHECKOUT_INTERRUPTED', message, { ...p });
}
