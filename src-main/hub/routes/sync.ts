/**
 * The hub's end of the sync protocol (docs/protocol.md). Mounted under
 * `/api/repos/:namespace/:name/sync`; the repo-loading middleware has already put the
 * repository on `ctx.state.repo` and the caller on `ctx.state.user`.
 */
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { Context } from 'koa';
import Router from '@koa/router';
import { AuxinError } from '../../../src-shared/errors.js';
import { SyncFeatures, SyncLimits, syncRoutes } from '../../../src-shared/api/sync.js';
import {
  decodePack,
  encodePack,
  isTruncatedPack,
  PACK_CONTENT_TYPE,
  type PackRecord,
} from '../../sync/pack.js';
import { isAncestor, missingHistory } from '../../sync/graph.js';
import { expandTreeDelta } from '../../sync/treedelta.js';
import { IncomingChunks, readAhead, UNIT_BUFFER_BYTES } from '../../sync/pipeline.js';
import { BufferPool } from '../../core/bufferpool.js';
import { DEFLATE, RAW } from '../../store/chunkcodec.js';
import type { HubContext } from '../types.js';
import { runAfterPush } from '../after-push.js';
import { currentUser } from '../auth.js';
import { loadRepo, stateRepo } from '../load-repo.js';
import { mount } from '../mount.js';
import { requireForce } from './sync-support.js';
import { UploadSlots } from '../upload-slots.js';

/** The request body, un-gzipped when the client compressed it (trees and commits). */
function packBody(ctx: Context): AsyncIterable<Buffer> {
  const encoding = (ctx.get('content-encoding') || 'identity').trim().toLowerCase();
  if (encoding === 'identity') return ctx.req;
  if (encoding !== 'gzip') {
    throw new AuxinError('UNSUPPORTED_MEDIA_TYPE', `content-encoding ${encoding} is not supported`);
  }
  const gunzip = createGunzip();
  // Piped by hand, not with pipeline(): a refusal must not destroy the request (and with it the
  // socket) before the answer is out. The answer closes the connection instead.
  const req = ctx.req;
  req.pipe(gunzip);
  const stop = () => {
    req.unpipe(gunzip);
    req.pause();
    gunzip.destroy();
  };
  // A cut connection ends the gzip stream with an error, which the caller takes for a cut.
  req.once('close', () => {
    if (!req.complete) gunzip.destroy(new Error('aborted'));
  });
  return (async function* () {
    try {
      for await (const b of gunzip as AsyncIterable<Buffer>) yield b;
    } catch (e) {
      if (e instanceof AuxinError) throw e;
      if ((e as Error).message === 'aborted') throw e;
      throw new AuxinError('MALFORMED_PACK', `malformed pack: bad gzip data`);
    } finally {
      stop();
    }
  })();
}

/**
 * Each record type's limit, checked at its header before its bytes are read: a chunk is at most
 * a chunk's size (sent compressed or as a delta, a little framing more), a commit a commit's.
 */
const RECORD_LIMITS = {
  chunk: SyncLimits.maxChunkBytes,
  'chunk-deflate': SyncLimits.maxChunkBytes + 64 * 1024,
  'chunk-delta': SyncLimits.maxChunkBytes + 64 * 1024,
  tree: SyncLimits.maxObjectBytes,
  'tree-delta': SyncLimits.maxObjectBytes,
  commit: SyncLimits.maxCommitBytes,
} as const;

/** The request body ended early: the connection went, or the pack stops short. */
function isCut(e: unknown): boolean {
  return !(e instanceof AuxinError) || isTruncatedPack(e);
}

/**
 * Read buffers for /fetch: a fresh 4 MiB buffer per run read made serving a clone the hub's
 * largest source of garbage. At most four wait here between requests.
 */
const fetchBuffers = new BufferPool(UNIT_BUFFER_BYTES, 4);

/** A chunk as the hub stores it, as a pack record: raw (type 1) or its DEFLATE (type 4). */
async function storedRecord(
  store: { chunkRawSize(id: string): Promise<number> },
  id: string,
  stored: Buffer,
): Promise<PackRecord> {
  if (stored[0] === DEFLATE) {
    const size = await store.chunkRawSize(id);
    return { kind: 'chunk', id, bytes: EMPTY, deflated: stored.subarray(1), size };
  }
  if (stored[0] !== RAW) throw new Error(`chunk ${id}: unknown stored format ${stored[0]}`);
  return { kind: 'chunk', id, bytes: stored.subarray(1) };
}

const EMPTY = Buffer.alloc(0);

export function syncRouter(h: HubContext): Router {
  const router = new Router();
  const read = [loadRepo(h, 'read')];
  const write = [loadRepo(h, 'write')];
  const uploads = new UploadSlots(SyncLimits.maxUploadsPerUser);

  mount(
    router,
    syncRoutes.refs,
    async (ctx, { query }) => {
      const store = h.repos.store(stateRepo(ctx));
      if (query.op === 'pull') h.metrics.inc('pulls_total');
      return { branches: await store.listBranches(), features: [...SyncFeatures] };
    },
    read,
  );

  mount(
    router,
    syncRoutes.chunksMissing,
    async (ctx, { body }) => {
      const store = h.repos.store(stateRepo(ctx));
      return { missing: await store.missingChunks(body.ids) };
    },
    write,
  );

  mount(
    router,
    syncRoutes.commitsMissing,
    async (ctx, { body }) => {
      const store = h.repos.store(stateRepo(ctx));
      const missing: string[] = [];
      for (const id of body.ids) if (!(await store.hasCommit(id))) missing.push(id);
      return { missing };
    },
    write,
  );

  // Chunks, trees and commits, each verified as it arrives. The chunks of one request become one
  // store pack, fsynced and renamed into place before the answer (or when the request is cut), so
  // an acknowledged pack survives a crash and several requests' fsyncs run side by side while the
  // next packs arrive. Trees and commits are fsynced in one batch before the branch moves.
  mount(
    router,
    syncRoutes.packs,
    async (ctx) => {
      const type = (ctx.get('content-type') || '').split(';')[0]!.trim();
      if (type !== PACK_CONTENT_TYPE) {
        throw new AuxinError('UNSUPPORTED_MEDIA_TYPE', `the body must be ${PACK_CONTENT_TYPE}`);
      }
      const declared = Number(ctx.get('content-length') || 0);
      if (declared > SyncLimits.maxPackBytes + 1024 * 1024) {
        throw new AuxinError(
          'PAYLOAD_TOO_LARGE',
          `a pack holds at most ${SyncLimits.maxPackBytes} bytes`,
        );
      }
      let release: () => void;
      try {
        release = uploads.take(currentUser(ctx).username);
      } catch (e) {
        ctx.set('Retry-After', '1');
        throw e;
      }
      try {
        await receivePack(ctx);
      } catch (e) {
        // The rest of a refused body is never read: the connection cannot carry another request.
        ctx.set('Connection', 'close');
        throw e;
      } finally {
        release();
      }
    },
    write,
  );

  async function receivePack(ctx: Context): Promise<void> {
    const store = h.repos.store(stateRepo(ctx));
    let stored = 0;
    let bytes = 0;
    const records = decodePack(packBody(ctx), {
      maxRecord: Math.max(SyncLimits.maxChunkBytes, SyncLimits.maxObjectBytes),
      maxOf: RECORD_LIMITS,
      maxTotal: SyncLimits.maxPackBytes,
      kinds: ['chunk', 'tree', 'commit', 'tree-delta'],
      readChunk: async (id) => store.readChunk(id),
      // A record is hashed and copied into its store pack before the next is read; audio comes
      // as the network buffers it arrived in, so it is copied once, straight into the pack.
      pieces: true,
    });
    // Chunks go into one store pack; a tree or commit first seals it, since it may reference
    // the pack's chunks.
    const chunks = new IncomingChunks(store);
    try {
      for await (const r of records) {
        const size = r.parts ? r.size! : r.bytes.length;
        if (r.kind === 'chunk') {
          if (size > SyncLimits.maxChunkBytes) {
            throw new AuxinError(
              'PAYLOAD_TOO_LARGE',
              `chunk larger than ${SyncLimits.maxChunkBytes}`,
            );
          }
          // A type 1 chunk is one the client's store keeps raw (push sends chunks as stored):
          // kept raw here too, without probing it again.
          await chunks.add(r.id, r.parts ?? r.bytes, r.parts ? 'raw' : r.deflated);
        } else {
          await chunks.seal();
          if (r.kind === 'tree-delta') {
            await store.putObjectBytes('tree', r.id, await expandTreeDelta(store, r.bytes));
          } else {
            await store.putObjectBytes(r.kind, r.id, r.bytes);
          }
        }
        stored++;
        bytes += size;
      }
      await chunks.seal();
    } catch (e) {
      // A cut (client killed, network down) keeps every chunk verified before it: a retry skips
      // them. A pack refused for what it holds (a chunk not matching its id, a bad record) is
      // hostile or broken, and stores nothing it had not sealed.
      if (isCut(e)) await chunks.keep();
      else await chunks.drop();
      throw e;
    }
    h.metrics.inc('sync_bytes_in_total', bytes);
    ctx.body = { stored, bytes };
  }

  mount(
    router,
    syncRoutes.history,
    async (ctx, { body: { want, have } }) => {
      const store = h.repos.store(stateRepo(ctx));
      if (!(await store.hasCommit(want))) {
        throw new AuxinError('UNKNOWN_REVISION', `no commit ${want} in this repository`);
      }
      ctx.body = { commits: await missingHistory(store, want, have) };
    },
    read,
  );

  // Streams the asked-for records; the client keeps each request to about one pack's worth.
  mount(
    router,
    syncRoutes.fetch,
    async (ctx, { body: { ids, kind, stored } }) => {
      const store = h.repos.store(stateRepo(ctx));
      // Check everything exists before the first byte goes out: once streaming, no error can be sent.
      if (kind === 'chunk') {
        const missing = await store.missingChunks(ids);
        if (missing.length) {
          throw new AuxinError('MISSING_OBJECTS', `${missing.length} chunks are not on the hub`, {
            missing: missing.slice(0, 16),
          });
        }
      } else {
        for (const id of ids) {
          const has = kind === 'tree' ? store.hasTree(id) : store.hasCommit(id);
          if (!(await has)) throw new AuxinError('UNKNOWN_REVISION', `no ${kind} ${id} on the hub`);
        }
      }
      // Chunks are read into a buffer this response owns (audio stored raw goes out as a view of
      // it). It goes back once the response has closed, when the socket has sent or dropped every
      // byte, and the reading has stopped (a response cut short may leave a read running ahead);
      // if the reading never started, it is just dropped.
      const arena = kind === 'chunk' ? fetchBuffers.take() : null;
      let holds = 2;
      const drop = () => {
        if (arena && --holds === 0) fetchBuffers.give(arena);
      };
      ctx.res.once('close', drop);
      async function* records(): AsyncGenerator<PackRecord> {
        try {
          if (kind === 'chunk' && stored) {
            for await (const [id, b] of store.readStoredChunks(ids, arena!)) {
              h.metrics.inc('sync_bytes_out_total', b.length - 1);
              yield await storedRecord(store, id, b);
            }
            return;
          }
          const all =
            kind === 'chunk'
              ? store.readChunks(ids, arena!)
              : readAhead(ids, 8, (id) => Promise.resolve(store.readObjectBytes(kind, id)));
          for await (const [id, bytes] of all) {
            h.metrics.inc('sync_bytes_out_total', bytes.length);
            yield { kind, id, bytes };
          }
        } finally {
          drop();
        }
      }
      ctx.type = PACK_CONTENT_TYPE;
      ctx.body = Readable.from(encodePack(records()), { objectMode: false });
    },
    read,
  );

  mount(
    router,
    syncRoutes.ref,
    async (ctx, { body: req }) => {
      const repo = stateRepo(ctx);
      const user = currentUser(ctx);
      const store = h.repos.store(repo);
      if (!(await store.hasCommit(req.new))) {
        throw new AuxinError('MISSING_OBJECTS', `commit ${req.new} has not been sent`);
      }
      const current = await store.readRef(req.branch);
      if (current === req.new) {
        // A retry of an update that already happened (the answer was lost): report success.
        ctx.body = { branch: req.branch, old: req.old, new: req.new, created_repo: false };
        return;
      }
      if (current !== req.old) {
        throw new AuxinError(
          'REF_CONFLICT',
          `branch '${req.branch}' moved on the hub while you pushed; pull, then push again`,
          { current },
        );
      }
      if (current !== null && !(await isAncestor(store, current, req.new))) {
        if (!req.force) {
          throw new AuxinError(
            'NON_FAST_FORWARD',
            `branch '${req.branch}' on the hub has commits you do not have; pull first (or push --force)`,
            { current },
          );
        }
        requireForce(ctx);
      }
      for (const guard of h.pushGuards)
        await guard(repo, user, req.branch, req.machine_id, req.lock_id);
      await store.sync();
      try {
        await store.casRef(req.branch, req.old, req.new);
      } catch (e) {
        if (e instanceof AuxinError && e.code === 'REF_CONFLICT') {
          throw new AuxinError(
            'REF_CONFLICT',
            `branch '${req.branch}' moved on the hub while you pushed; pull, then push again`,
          );
        }
        throw e;
      }
      const commits = req.stats.commits;
      h.metrics.inc('pushes_total');
      await h.activity.record(repo.namespace, repo.name, {
        type: 'push',
        actor: user.username,
        text: `${user.username} pushed ${commits} version${commits === 1 ? '' : 's'} to ${req.branch}${req.force && current ? ' (forced)' : ''}`,
        details: {
          branch: req.branch,
          commits,
          bytes: req.stats.bytes,
          old: current,
          new: req.new,
          forced: Boolean(req.force && current),
        },
      });
      await runAfterPush(h, repo, user, { branch: req.branch, old: current, new: req.new });
      ctx.body = { branch: req.branch, old: current, new: req.new, created_repo: false };
    },
    write,
  );

  return router;
}
