/**
 * Lock & Open's ports wired to the sync client shared with the CLI (src-main/client/): the
 * local store of a bundle, the hub's branch heads, pull with progress, and the lock client.
 * `openPath` comes from the shell (Electron's shell.openPath).
 */
import { AuxinError } from '../../src-shared/errors.js';
import { discoverStore } from '../client/local.js';
import { LockClient } from '../client/locks.js';
import { pull } from '../client/pull.js';
import { push } from '../client/push.js';
import { readProjectOf } from '../logic/commit-metadata.js';
import { canonicalBytes } from '../store/canonical.js';
import { diffMetadata } from '../logic/diff.js';
import { SyncSession } from '../client/session.js';
import type { HeldLock, LockAndOpenPorts, Project } from './lock-and-open.js';

export interface PortDeps {
  baseUrl: string;
  token: string;
  bundleOf(p: Project): Promise<string | null>;
  openPath(bundle: string): Promise<string>;
  onRenewed?(p: Project, lock: HeldLock): void;
  onRenewFailed?(p: Project, e: unknown): void;
  /** Renew now? False once Logic closed the project (finish-offer.ts); the lease then runs out. */
  shouldRenew?(p: Project): boolean;
  /** The commit author ("Commit, push and release"). */
  author: string;
  /** Lease asked for, renewed at a third of it (default 1 h). */
  ttlSeconds?: number;
}

export function clientPorts(d: PortDeps): LockAndOpenPorts {
  const target = (p: Project) => ({ baseUrl: d.baseUrl, namespace: p.namespace, name: p.name });
  const locks = (p: Project) => new LockClient(target(p), { token: d.token });
  const ttl = d.ttlSeconds ?? 3600;
  return {
    localBundle: (p) => d.bundleOf(p),
    async compare(p, bundle) {
      const store = discoverStore(bundle);
      const s = new SyncSession(target(p), { token: d.token });
      try {
        const branch = store.head().branch ?? 'main';
        const local = store.readRef(branch);
        const hub = (await s.refs('pull'))?.get(branch) ?? null;
        // The hub's head is known here but differs: this Mac has versions the hub lacks.
        const localAhead = hub !== null && local !== null && hub !== local && store.hasCommit(hub);
        const dirty = hub !== null && hub !== local ? !(await store.status()).clean : false;
        return { local, hub, localAhead: localAhead || (hub === null && local !== null), dirty };
      } finally {
        s.close();
      }
    },
    async pull(p, bundle, progress) {
      const store = discoverStore(bundle);
      const s = new SyncSession(target(p), { token: d.token });
      let total = 0;
      let done = 0;
      try {
        await pull(store, s, {
          branch: store.head().branch ?? 'main',
          progress: {
            addTotal: (n) => progress(done, (total += n)),
            tick: (n) => progress((done += n), total),
          },
        });
      } finally {
        s.close();
      }
    },
    async acquire(p) {
      const c = locks(p);
      try {
        const l = await c.acquire({ ttlSeconds: ttl, reason: 'Lock & Open (Auxin desktop)' });
        return { lock_id: l.lock_id, expires_at: l.expires_at };
      } finally {
        c.close();
      }
    },
    async release(p, lockId) {
      const c = locks(p);
      try {
        const r = await c.release(lockId);
        if (!r.released) throw new AuxinError('NO_LOCK', `${p.name} was not locked by you`);
      } finally {
        c.close();
      }
    },
    openPath: (bundle) => d.openPath(bundle),
    async renew(p, lockId) {
      const c = locks(p);
      try {
        const l = await c.heartbeat(lockId, ttl);
        return { lock_id: l.lock_id, expires_at: l.expires_at };
      } finally {
        c.close();
      }
    },
    async suggestMessage(p, bundle) {
      const store = discoverStore(bundle);
      const status = await store.status();
      const head = store.readRef(store.head().branch ?? 'main');
      const before = head ? (await store.readCommit(head)).metadata : {};
      const now = (await readProjectOf(bundle)).metadata;
      // Both through the store's canonical form: a stored reading comes back with sorted keys.
      const canon = (m: object) => JSON.parse(canonicalBytes(m).toString('utf8')) as typeof now;
      const changed = now ? diffMetadata(canon(before)!, canon(now)!).text : '';
      const files = status.added.length + status.modified.length + status.removed.length;
      const counted = files === 0 ? '' : `${files} file${files === 1 ? '' : 's'} changed`;
      return [changed, counted].filter(Boolean).join('; ') || `Work on ${p.name}`;
    },
    async commitAndPush(p, bundle, message) {
      const store = discoverStore(bundle);
      const status = await store.status();
      // With the project's metadata, as `auxin commit` records it.
      const metadata = (await readProjectOf(bundle)).metadata ?? {};
      if (!status.clean) await store.commit({ message, author: d.author, metadata });
      const s = new SyncSession(target(p), { token: d.token });
      try {
        await push(store, s, { branch: store.head().branch ?? 'main' });
      } finally {
        s.close();
      }
    },
    keepRenewing(p, lock) {
      const c = locks(p);
      let id = lock.lock_id;
      const t = setInterval(
        () => {
          if (d.shouldRenew && !d.shouldRenew(p)) return;
          c.heartbeat(id, ttl).then(
            (l) => {
              id = l.lock_id;
              d.onRenewed?.(p, { lock_id: l.lock_id, expires_at: l.expires_at });
            },
            (e: unknown) => d.onRenewFailed?.(p, e),
          );
        },
        (ttl * 1000) / 3,
      );
      t.unref();
      return () => {
        clearInterval(t);
        c.close();
      };
    },
  };
}
