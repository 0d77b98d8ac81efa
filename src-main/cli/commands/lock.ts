/** `auxin lock ...`: the project's lock on its hub (the repository of the `origin` remote). */
import { AuxinError } from '../../../src-shared/errors.js';
import type { Lock } from '../../../src-shared/api/locks.js';
import { resolveHub } from '../../client/credentials.js';
import { LockClient, parseDuration } from '../../client/locks.js';
import { parseRemoteUrl, resolveRemote, type RemoteTarget } from '../../client/remotes.js';
import { parse, storeHere } from '../args.js';
import { usageOf } from './index.js';
import { printJson } from '../output.js';
import { forgetHeldLock, noteHeldLock } from '../../client/held-lock.js';
import type { Store } from '../../store/index.js';

const usage = usageOf('lock');

const options = {
  remote: { type: 'string' },
  url: { type: 'string' },
  ttl: { type: 'string' },
  reason: { type: 'string' },
  interval: { type: 'string' },
  json: { type: 'boolean' },
} as const;

/**
 * The repository to act on: `--url` (no project needed), else the project's remote; with the
 * project's store, where the lock this folder's work is made under is noted (held-lock.ts).
 */
async function target(values: {
  remote?: string;
  url?: string;
}): Promise<{ t: RemoteTarget; store: Store | null }> {
  if (values.url) return { t: parseRemoteUrl(values.url), store: null };
  const store = storeHere();
  return { t: await resolveRemote(store, values.remote ?? 'origin'), store };
}

/** "until 14:05:00 (3 h 20 min left)": a lock's end in this machine's local time. */
export function until(iso: string, now = Date.now()): string {
  const end = Date.parse(iso);
  const min = Math.max(0, Math.round((end - now) / 60_000));
  const left = min >= 60 ? `${Math.floor(min / 60)} h ${min % 60} min` : `${min} min`;
  return `until ${new Date(end).toLocaleString()} (${left} left)`;
}

function describe(lock: Lock): string {
  const reason = lock.reason ? ` (${lock.reason})` : '';
  return `${lock.name} is locked by ${lock.user} on ${lock.machine_id} ${until(lock.expires_at)}${reason}`;
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, options, usage);
  const [sub, ...extra] = positionals;
  if (!sub || extra.length > 0) throw new AuxinError('INVALID_ARGUMENT', `usage: auxin ${usage}`);
  const { t, store } = await target(values);
  const token = resolveHub(t.baseUrl).token ?? undefined;
  const client = new LockClient(t, { token });
  const out = (value: unknown, text: string) =>
    values.json ? printJson(value) : process.stdout.write(text + '\n');
  try {
    switch (sub) {
      case 'status': {
        const lock = await client.status();
        out(
          lock ? { locked: true, lock } : { locked: false },
          lock ? describe(lock) : `${t.name} is not locked`,
        );
        return 0;
      }
      case 'acquire': {
        const ttlSeconds = values.ttl ? parseDuration(values.ttl) : undefined;
        const lock = await client.acquire({ ttlSeconds, reason: values.reason }).catch((e) => {
          // A lock is on the hub's repository, which the first push creates.
          if (e instanceof AuxinError && e.code === 'NOT_FOUND') {
            throw new AuxinError(
              'NOT_FOUND',
              `${t.namespace}/${t.name} is not on the hub yet: push first (auxin push), then lock it`,
            );
          }
          throw e;
        });
        if (store) noteHeldLock(store, t, lock.lock_id);
        out(lock, `locked ${t.name} ${until(lock.expires_at)} (lock ${lock.lock_id})`);
        return 0;
      }
      case 'heartbeat': {
        const lock = await client.heartbeat(
          undefined,
          values.ttl ? parseDuration(values.ttl) : undefined,
        );
        out(lock, `renewed the lock on ${t.name} ${until(lock.expires_at)}`);
        return 0;
      }
      case 'release': {
        const r = await client.release();
        if (store) forgetHeldLock(store);
        out(r, r.released ? `released the lock on ${t.name}` : `${t.name} was not locked`);
        return 0;
      }
      case 'force-release': {
        if (!values.reason?.trim()) {
          throw new AuxinError(
            'INVALID_ARGUMENT',
            'force-release needs --reason TEXT (it goes in the activity feed)',
          );
        }
        const r = await client.forceRelease(values.reason);
        out(
          r,
          r.released && r.lock
            ? `broke the lock of ${r.lock.user} on ${t.name}`
            : `${t.name} was not locked`,
        );
        return 0;
      }
      case 'keep':
        return await keep(client, t, values, store);
      default:
        throw new AuxinError(
          'INVALID_ARGUMENT',
          `unknown lock command '${sub}' (usage: auxin ${usage})`,
        );
    }
  } finally {
    client.close();
  }
}

/** Hold the lock, renewing it, until SIGINT or SIGTERM; then release it and exit 0. */
async function keep(
  client: LockClient,
  t: RemoteTarget,
  values: { ttl?: string; reason?: string; interval?: string; json?: boolean },
  store: Store | null,
): Promise<number> {
  const ttlSeconds = parseDuration(values.ttl ?? '10m');
  const intervalMs = values.interval ? parseDuration(values.interval) * 1000 : undefined;
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const say = (event: string, lock: Lock | null, text: string) =>
    values.json
      ? process.stdout.write(JSON.stringify({ event, lock }) + '\n')
      : process.stdout.write(text + '\n');
  try {
    const last = await client.keep({
      ttlSeconds,
      reason: values.reason,
      intervalMs,
      signal: stop.signal,
      onAcquired: (l) => {
        if (store) noteHeldLock(store, t, l.lock_id);
        say('acquired', l, `holding the lock on ${t.name} (Ctrl-C to release)`);
      },
      onRenewed: (l) => say('renewed', l, `renewed ${until(l.expires_at)}`),
      onRenewFailed: (e) =>
        process.stderr.write(`auxin: could not renew, retrying: ${(e as Error).message}\n`),
    });
    if (store) forgetHeldLock(store);
    say('released', last, `released the lock on ${t.name}`);
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
