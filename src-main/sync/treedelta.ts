/**
 * A tree sent as its difference from a tree the hub already has (pack record type 5). A tree
 * lists every chunk of every file, so after a typical edit the full tree (0.3 MiB gzipped per
 * GiB of project) outweighs everything but the new audio; the delta names only the entries
 * that changed.
 *
 *   bytes = 32-byte raw id of the base tree | JSON {"remove": [path], "put": [entry]}
 *
 * The receiver rebuilds the tree's canonical bytes from the base and stores them with the same
 * checks as a full tree (BLAKE3 against the record's id, schema, canonical form, references).
 */
import { z } from 'zod';
import { TreeEntry } from '../../src-shared/api/commits.js';
import { SyncLimits } from '../../src-shared/api/sync.js';
import { AuxinError } from '../../src-shared/errors.js';
import { canonicalBytes, canonicalJson, comparePaths } from '../store/canonical.js';
import type { PackRecord } from './pack.js';
import type { SyncStore } from './store-port.js';

const TreeDelta = z.strictObject({
  remove: z.array(z.string()),
  put: z.array(TreeEntry),
});

type Entry = z.infer<typeof TreeEntry>;

function malformed(msg: string): AuxinError {
  return new AuxinError('MALFORMED_PACK', `malformed pack: tree delta ${msg}`);
}

/**
 * The record that sends tree `id` against `baseId`: a delta when it is the smaller, else the
 * whole tree. Both trees must be in the local store.
 */
export async function treeRecord(
  store: SyncStore,
  id: string,
  baseId: string | null,
): Promise<PackRecord> {
  const full = await store.readObjectBytes('tree', id);
  if (!baseId || baseId === id) return { kind: 'tree', id, bytes: full };
  const [tree, base] = [await store.readTree(id), await store.readTree(baseId)];
  const before = new Map(base.entries.map((e) => [e.path, canonicalJson(e)]));
  const put: unknown[] = [];
  for (const e of tree.entries) {
    if (before.get(e.path) !== canonicalJson(e)) put.push(e);
    before.delete(e.path);
  }
  const delta = Buffer.from(JSON.stringify({ remove: [...before.keys()], put }));
  if (32 + delta.length >= full.length) return { kind: 'tree', id, bytes: full };
  return { kind: 'tree-delta', id, bytes: Buffer.concat([Buffer.from(baseId, 'hex'), delta]) };
}

/**
 * The canonical bytes of the tree a type 5 record describes. Refuses a payload that does not
 * parse, removes a path the base lacks, or adds one twice (MALFORMED_PACK), a base the hub
 * does not have (MISSING_OBJECTS) and a result over the object limit (PAYLOAD_TOO_LARGE).
 * Whether the result hashes to the record's id is checked by the store that keeps it.
 */
export async function expandTreeDelta(
  store: Pick<SyncStore, 'hasTree' | 'readTree'>,
  payload: Buffer,
  maxBytes: number = SyncLimits.maxObjectBytes,
): Promise<Buffer> {
  if (payload.length < 32) throw malformed('without its base');
  const baseId = payload.subarray(0, 32).toString('hex');
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload.subarray(32).toString('utf8'));
  } catch {
    throw malformed('is not JSON');
  }
  const delta = TreeDelta.safeParse(parsed);
  if (!delta.success) throw malformed(`is not valid: ${delta.error.issues[0]?.message}`);
  if (!(await store.hasTree(baseId))) {
    throw new AuxinError('MISSING_OBJECTS', `tree delta against missing tree ${baseId}`, {
      missing: [baseId],
    });
  }
  // A copy: the store may hand out a cached tree.
  const entries = new Map<string, Entry>(
    (await store.readTree(baseId)).entries.map((e) => [e.path, e as Entry]),
  );
  for (const path of delta.data.remove) {
    if (!entries.delete(path)) throw malformed(`removes ${JSON.stringify(path)}, not in its base`);
  }
  const added = new Set<string>();
  for (const e of delta.data.put) {
    if (added.has(e.path)) throw malformed(`puts ${JSON.stringify(e.path)} twice`);
    added.add(e.path);
    entries.set(e.path, e);
  }
  const sorted = [...entries.values()].sort((a, b) => comparePaths(a.path, b.path));
  const bytes = canonicalBytes({ entries: sorted });
  if (bytes.length > maxBytes) {
    throw new AuxinError('PAYLOAD_TOO_LARGE', `tree of ${bytes.length} bytes exceeds ${maxBytes}`);
  }
  return bytes;
}
