import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { AuxinError } from '../../src-shared/errors.js';
import { DEFAULT_CHUNK_PARAMS, validateParams, type ChunkParams } from './chunker.js';
import { makeDirs } from './fsutil.js';
import { bundleNameOfStore, bundleStoreName, isBundleName, STORE_DIR_NAME } from './paths.js';

/**
 * Where stores live and what a new one looks like on disk:
 * HEAD, config, refs/heads/, history/ (commits), tree/, versions/ (chunk packs), metadata/, locks/,
 * plus tmp/ (writes in flight) and, for a working folder, `index` (the change-detection cache).
 */
/** 2: chunks in pack files (versions/*.pack + *.idx). 1 (one file per chunk) was pre-release. */
export const STORE_FORMAT = 2;

export interface StoreConfig {
  format: typeof STORE_FORMAT;
  bare: boolean;
  chunking: ChunkParams;
}

export const FANOUT_DIRS = ['history', 'tree'] as const;

export function isStoreRoot(dir: string): boolean {
  try {
    return statSync(`${dir}/HEAD`).isFile() && statSync(`${dir}/refs`).isDirectory();
  } catch {
    return false;
  }
}

/** The store root a working folder uses: `.auxin/` inside it, or the sibling of a bundle. */
export function storeRootFor(workDir: string): string {
  const abs = resolve(workDir);
  const name = basename(abs);
  if (isBundleName(name)) return `${dirname(abs)}/${bundleStoreName(name)}`;
  return `${abs}/${STORE_DIR_NAME}`;
}

/** The working folder of a non-bare store, from the store's own location. */
export function workDirFor(root: string): string | null {
  const name = basename(root);
  if (name === STORE_DIR_NAME) return dirname(root);
  const bundle = bundleNameOfStore(name);
  return bundle ? `${dirname(root)}/${bundle}` : null;
}

/** The config file's content, or why it cannot be used (missing, not JSON, wrong fields). */
function loadConfig(root: string): { parsed: Partial<StoreConfig>; problem: string | null } {
  let raw: string;
  try {
    raw = readFileSync(`${root}/config`, 'utf8');
  } catch (e) {
    return { parsed: {}, problem: `unreadable (${(e as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { parsed: {}, problem: 'not JSON' };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { parsed: {}, problem: 'not a JSON object' };
  }
  const c = parsed as Partial<StoreConfig>;
  if (c.format !== undefined && c.format !== STORE_FORMAT) return { parsed: c, problem: null };
  if (c.bare !== undefined && typeof c.bare !== 'boolean') {
    return { parsed: { format: c.format }, problem: '"bare" is not true or false' };
  }
  if (c.chunking !== undefined) {
    try {
      validateParams(c.chunking);
    } catch {
      return { parsed: { format: c.format, bare: c.bare }, problem: 'bad "chunking" parameters' };
    }
  }
  return { parsed: c, problem: null };
}

/**
 * The store's config. A damaged file does not stop the store: every value has a safe default
 * (chunk ids name content, so other chunk sizes only cost some deduplication; bareness follows
 * from the store's place). `configProblem` tells fsck.
 */
export function readConfig(root: string): StoreConfig {
  return configFrom(root, loadConfig(root).parsed);
}

/** The config a store uses, from what its file holds (absent fields: the defaults). */
function configFrom(root: string, parsed: Partial<StoreConfig>): StoreConfig {
  if (parsed.format !== undefined && parsed.format !== STORE_FORMAT) {
    throw new AuxinError(
      'UNSUPPORTED_FORMAT',
      `${root} is a store of format ${String(parsed.format)}; this auxin reads format ${STORE_FORMAT} (clone it again from its hub, or commit the folder into a new store)`,
      { format: parsed.format },
    );
  }
  const chunking = parsed.chunking ?? DEFAULT_CHUNK_PARAMS;
  return { format: STORE_FORMAT, bare: parsed.bare ?? workDirFor(root) === null, chunking };
}

/** Why the store's config file is damaged, with what is used instead; null when it is sound. */
export function configProblem(root: string): string | null {
  const { parsed, problem } = loadConfig(root);
  if (!problem) return null;
  const used = configFrom(root, parsed);
  return (
    `${problem}; read as ${JSON.stringify(used)}. ` +
    `Rewrite it with that content to silence this (chunk sizes other than the ones the store was made with only cost deduplication)`
  );
}

export async function createLayout(
  root: string,
  bare: boolean,
  chunking: ChunkParams,
): Promise<void> {
  if (existsSync(`${root}/HEAD`)) {
    throw new AuxinError('ALREADY_EXISTS', `a store already exists at ${root}`, { root });
  }
  await makeDirs(root);
  // The fan-out folders below history/ and tree/ (`ab/` for ids starting `ab`) are made by the
  // first write that needs one (atomicWrite), as versions/ ones always were: making all 512 up
  // front took 15 to 30 ms of every new store, most of a hub's answer to a first push.
  for (const d of ['refs/heads', 'metadata', 'locks', 'tmp', 'versions', ...FANOUT_DIRS]) {
    await mkdir(`${root}/${d}`, { recursive: true });
  }
  const config: StoreConfig = { format: STORE_FORMAT, bare, chunking };
  await writeFile(`${root}/config`, JSON.stringify(config, null, 2) + '\n');
  // HEAD last: a folder is a store only once it has HEAD.
  await writeFile(`${root}/HEAD`, 'ref: refs/heads/main\n');
}

export interface Discovered {
  root: string;
  workDir: string | null;
}

/**
 * Sibling stores beside `bundleDir` whose own bundle is gone: the history of a bundle that was
 * renamed (Finder, Logic's Save As) or moved without its hidden sibling. Names only, sorted.
 */
export function orphanStoresBeside(bundleDir: string): string[] {
  const parent = dirname(resolve(bundleDir));
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return [];
  }
  return names
    .filter((n) => {
      const bundle = bundleNameOfStore(n);
      return bundle !== null && !existsSync(`${parent}/${bundle}`) && isStoreRoot(`${parent}/${n}`);
    })
    .sort();
}

/** Advice when a bundle has no store but its folder holds the history of one that went away. */
export function orphanAdvice(bundleDir: string): string | null {
  const orphans = orphanStoresBeside(bundleDir);
  if (orphans.length === 0) return null;
  const want = bundleStoreName(basename(resolve(bundleDir)));
  const shown = orphans.map((o) => JSON.stringify(o)).join(', ');
  return (
    `beside it is the history of a bundle that is no longer there (${shown}): if this bundle was ` +
    `renamed, rename ${orphans.length === 1 ? 'that folder' : 'its folder'} to ${JSON.stringify(want)} to keep its history`
  );
}

/** Find the store for `fromDir` the way git finds .git, walking up the folders. */
export function findStore(fromDir: string): Discovered {
  let dir = resolve(fromDir);
  let bundle: string | null = null;
  for (;;) {
    if (isStoreRoot(dir)) {
      return { root: dir, workDir: readConfig(dir).bare ? null : workDirFor(dir) };
    }
    const inner = `${dir}/${STORE_DIR_NAME}`;
    if (isStoreRoot(inner)) return { root: inner, workDir: dir };
    const name = basename(dir);
    if (isBundleName(name)) {
      const sibling = `${dirname(dir)}/${bundleStoreName(name)}`;
      if (isStoreRoot(sibling)) return { root: sibling, workDir: dir };
      bundle ??= dir;
    }
    const up = dirname(dir);
    if (up === dir) {
      // 'auxin init' in a renamed bundle would start an empty history beside the real one.
      const advice = bundle ? orphanAdvice(bundle) : null;
      throw new AuxinError(
        'NOT_A_REPOSITORY',
        `not inside an auxin project: ${resolve(fromDir)} ` +
          (advice ? `(${advice}; 'auxin init' would start an empty one)` : `(run 'auxin init')`),
      );
    }
    dir = up;
  }
}
