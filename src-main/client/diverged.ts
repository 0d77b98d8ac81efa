/**
 * Two people saved without the lock: the hub's branch and yours have both moved on. Logic
 * projects are binary and cannot be merged, so the way out keeps one side and never loses the
 * other (as binary-asset tools do): `--keep-mine` records a version whose parents are theirs and
 * yours and whose content is yours (it pushes as a fast-forward); `--keep-theirs` takes theirs
 * and keeps yours on a branch of its own, pushed too so the hub shows it as an alternative.
 */
import type { Commit } from '../../src-shared/api/commits.js';
import type { LogicMetadata } from '../../src-shared/api/metadata.js';
import { AuxinError } from '../../src-shared/errors.js';
import { commitObjectBytes } from '../store/commit.js';
import { diffMetadata } from '../logic/diff.js';
import type { LocalStore } from './local.js';

export interface Divergence {
  /** Versions the hub's branch has that yours has not, and the reverse. */
  theirs: number;
  mine: number;
  /** The newest common version, or null when the two histories share none. */
  base: string | null;
  remoteHead: Commit;
}

/** Every version reachable from `head`. */
async function ancestry(store: LocalStore, head: string): Promise<Set<string>> {
  const seen = new Set<string>();
  const stack = [head];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(await store.readCommit(id)).parent_ids);
  }
  return seen;
}

export async function divergence(
  store: LocalStore,
  local: string,
  remote: string,
): Promise<Divergence> {
  const mineAll = await ancestry(store, local);
  const theirsAll = await ancestry(store, remote);
  let theirs = 0;
  for (const id of theirsAll) if (!mineAll.has(id)) theirs++;
  let mine = 0;
  for (const id of mineAll) if (!theirsAll.has(id)) mine++;
  // The newest shared version: walk theirs newest first until one is also yours.
  let base: string | null = null;
  const queue = [remote];
  const seen = new Set<string>();
  while (queue.length > 0 && !base) {
    const id = queue.shift()!;
    if (seen.has(id)) continue;
    seen.add(id);
    if (mineAll.has(id)) base = id;
    else queue.push(...(await store.readCommit(id)).parent_ids);
  }
  return { theirs, mine, base, remoteHead: await store.readCommit(remote) };
}

/** "10 min ago", "3 h ago", "2 days ago": how long since a version was made. */
export function ago(iso: string, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (!Number.isFinite(s)) return 'at an unknown time';
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  const d = Math.round(s / 86400);
  return `${d} day${d === 1 ? '' : 's'} ago`;
}

/** The branch yours is kept on by --keep-theirs: `main-ben-2026-12-06` (then -2, -3...). */
export function keepBranchName(
  branch: string,
  user: string,
  taken: (name: string) => boolean,
  now = new Date(),
): string {
  const who = user.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'mine';
  const base = `${branch}-${who}-${now.toISOString().slice(0, 10)}`;
  if (!taken(base)) return base;
  for (let n = 2; ; n++) if (!taken(`${base}-${n}`)) return `${base}-${n}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The refusal of a pull on diverged histories: what the hub has (by whom, when, what changed in
 * the project) and the two commands that resolve it. Nothing has been changed when it is thrown.
 */
export async function divergedError(
  store: LocalStore,
  d: Divergence,
  o: { branch: string; local: string; remote: string; keepBranch: string; remoteName?: string },
): Promise<AuxinError> {
  const from = o.remoteName && o.remoteName !== 'origin' ? ` ${o.remoteName}` : '';
  const c = d.remoteHead;
  const parts = [`by ${c.author}`, ago(c.timestamp), `'${c.message}'`];
  const baseMeta = (d.base ? (await store.readCommit(d.base)).metadata : undefined) ?? {};
  const changed = diffMetadata(
    baseMeta as Partial<LogicMetadata>,
    (c.metadata ?? {}) as Partial<LogicMetadata>,
  ).text;
  if (changed) parts.push(changed);
  return new AuxinError(
    'DIVERGED',
    `the hub's ${o.branch} has ${plural(d.theirs, 'version')} you do not have (${parts.join(', ')}) ` +
      `and you have ${d.mine} it does not have. Keep yours: \`auxin pull${from} --keep-mine\`; ` +
      `take theirs: \`auxin pull${from} --keep-theirs\` (yours stays on branch \`${o.keepBranch}\`).`,
    {
      local: o.local,
      remote: o.remote,
      theirs: d.theirs,
      mine: d.mine,
      base: d.base,
      keep_branch: o.keepBranch,
    },
  );
}

/**
 * --keep-mine: a version whose content is yours (your last version's tree and metadata) and whose
 * parents are theirs and yours; the branch moves to it, the working folder is untouched.
 */
export async function keepMine(
  store: LocalStore,
  o: { branch: string; local: string; remote: string; author: string },
): Promise<string> {
  const mine = await store.readCommit(o.local);
  const theirs = await store.readCommit(o.remote);
  const c = commitObjectBytes({
    parent_ids: [o.remote, o.local],
    tree_id: mine.tree_id,
    message: `Kept mine ('${mine.message}') over ${theirs.author}'s '${theirs.message}' (${o.remote.slice(0, 12)})`,
    author: o.author,
    timestamp: new Date().toISOString(),
    metadata: mine.metadata ?? {},
  });
  await store.objects.writeObjectTrusted('commit', c.id, c.bytes);
  await store.sync();
  await store.casRef(o.branch, o.local, c.id);
  return c.id;
}
