/** Races and refusals around the branch move: concurrent pushes, push guards, an unreachable hub. */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuxinError } from '../../src-shared/errors.js';
import { blake3Hex, Store } from '../../src-main/store/index.js';
import { decodePack } from '../../src-main/sync/pack.js';
import { addUser, startHub, type TestHub } from './helpers/hub.js';
import { tempDir } from '../helpers/tmp.js';
import { auxin, ok } from '../helpers/cli.js';
import { SYNC_RUN_MS, writeProject } from './helpers/sync.js';

describe('concurrent pushes, push guards, unreachable hubs', () => {
  let hub: TestHub;
  let work = '';
  let alice = '';
  let url = '';
  beforeAll(async () => {
    hub = await startHub();
    work = tempDir('auxin-race-').dir;
    alice = await addUser(hub, 'alice', 'producer');
    url = `${hub.url}/studio/Race`;
  });
  afterAll(async () => {
    await hub.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });
  const as = (cwd: string, token: string = alice) => ({
    cwd,
    token,
    home: path.join(work, 'home'),
    timeoutMs: SYNC_RUN_MS,
  });

  it('of four concurrent pushes to one branch exactly one wins; the others are told to pull', async () => {
    const seed = path.join(work, 'seed');
    fs.mkdirSync(seed);
    writeProject(seed, 1);
    await ok(['init'], as(seed));
    await ok(['commit', '-m', 'base'], as(seed));
    await ok(['remote', 'add', 'origin', url], as(seed));
    await ok(['push'], as(seed));
    const clones: string[] = [];
    for (let i = 0; i < 4; i++) {
      const dir = path.join(work, `c${i}`);
      await ok(['clone', url, dir], as(work));
      fs.writeFileSync(path.join(dir, `take-${i}.wav`), Buffer.alloc(200_000 + i, i));
      await ok(['commit', '-m', `take ${i}`], as(dir));
      clones.push(dir);
    }
    const results = await Promise.all(clones.map((d) => auxin(['push', '--json'], as(d))));
    const winners = results.filter((r) => r.code === 0);
    expect(winners, results.map((r) => r.stderr).join('\n')).toHaveLength(1);
    for (const r of results.filter((x) => x.code !== 0)) {
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/(REF_CONFLICT|NON_FAST_FORWARD)/);
      expect(r.stderr).toContain('pull');
    }
    // The winner's commit is what the hub serves.
    const won = JSON.parse(winners[0]!.stdout) as { new: string };
    const refs = (await (await hub.req('/api/repos/studio/Race/sync/refs')).json()) as {
      branches: { name: string; commit_id: string }[];
    };
    expect(refs.branches).toEqual([{ name: 'main', commit_id: won.new }]);
  });

  it('concurrent chunk fetches, some cut short, each get every byte right (read buffers are reused)', async () => {
    const dir = path.join(work, 'fetchers');
    fs.mkdirSync(dir);
    writeProject(dir, 12); // past one 8.25 MiB read buffer: the rest is read into buffers of its own
    await ok(['init'], as(dir));
    await ok(['commit', '-m', 'v1'], as(dir));
    await ok(['remote', 'add', 'origin', `${hub.url}/studio/Fetchers`], as(dir));
    await ok(['push'], as(dir));
    const store = Store.open(`${dir}/.auxin`);
    const tree = await store.readTree((await store.readCommit(store.readRef('main')!)).tree_id);
    const ids = tree.entries.flatMap((e) => (e.chunks ?? []).map((c) => c.id));
    expect(ids.length).toBeGreaterThan(40);
    const fetchAll = async (want: string[], cutAfter?: number) => {
      const ctl = new AbortController();
      const res = await hub.req('/api/repos/studio/Fetchers/sync/fetch', {
        method: 'POST',
        json: { ids: want, kind: 'chunk' },
        signal: ctl.signal,
      });
      expect(res.status).toBe(200);
      const got: string[] = [];
      const body = (async function* () {
        for await (const b of res.body as unknown as AsyncIterable<Uint8Array>)
          yield Buffer.from(b);
      })();
      try {
        for await (const r of decodePack(body, {
          maxRecord: 16 << 20,
          maxTotal: 1 << 30,
          kinds: ['chunk'],
        })) {
          expect(blake3Hex(r.bytes)).toBe(r.id);
          got.push(r.id);
          if (cutAfter !== undefined && got.length >= cutAfter) {
            ctl.abort();
            return got;
          }
        }
      } catch (e) {
        if (cutAfter === undefined) throw e;
      }
      return got;
    };
    for (let round = 0; round < 3; round++) {
      const asks = Array.from({ length: 8 }, (_, i) =>
        i % 2 ? ids : ids.filter((_, k) => (k + i + round) % 3 !== 0),
      );
      const cut = [fetchAll(ids, 3), fetchAll(ids.slice(5), 1)];
      const whole = await Promise.all(asks.map((a) => fetchAll(a)));
      whole.forEach((got, i) => expect(got).toEqual(asks[i]));
      await Promise.all(cut);
    }
  });

  it('push guards run before the branch moves (a held lock refuses the push)', async () => {
    const dir = path.join(work, 'c0');
    await auxin(['pull'], as(dir)); // may fail when c0 lost the race; the guard test does not care
    const before = (await (await hub.req('/api/repos/studio/Race/sync/refs')).json()) as unknown;
    const guard = async (_repo: unknown, user: { username: string }, branch: string) => {
      if (user.username === 'alice') {
        throw new AuxinError('LOCK_HELD', `branch ${branch} is locked by bob`, {}, 423);
      }
    };
    hub.hub.context.pushGuards.push(guard);
    try {
      const fresh = path.join(work, 'guarded');
      await ok(['clone', url, fresh], as(work));
      fs.writeFileSync(path.join(fresh, 'locked.txt'), 'x');
      await ok(['commit', '-m', 'while locked'], as(fresh));
      const r = await auxin(['push'], as(fresh));
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('LOCK_HELD');
      const after = (await (await hub.req('/api/repos/studio/Race/sync/refs')).json()) as unknown;
      expect(after).toEqual(before);
    } finally {
      hub.hub.context.pushGuards.splice(hub.hub.context.pushGuards.indexOf(guard), 1);
    }
  });

  it('an unreachable hub: a clear one-line error and a non-zero exit, quickly', async () => {
    // A port nobody listens on (bound then closed), and a server that accepts but never answers.
    const dead = net.createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    const deadPort = (dead.address() as net.AddressInfo).port;
    await new Promise<void>((r) => dead.close(() => r()));
    const started = Date.now();
    const r = await auxin(
      ['clone', `http://127.0.0.1:${deadPort}/studio/Race`, path.join(work, 'never')],
      as(work),
    );
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/cannot reach the hub at 127\.0\.0\.1:\d+.*REMOTE_UNREACHABLE/);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(fs.existsSync(path.join(work, 'never'))).toBe(false);
  });

  it('a hub that accepts but stalls: the idle timeout and the retry window end the command', async () => {
    const sockets: net.Socket[] = [];
    const stall = net.createServer((s) => sockets.push(s));
    await new Promise<void>((r) => stall.listen(0, '127.0.0.1', r));
    const port = (stall.address() as net.AddressInfo).port;
    try {
      const started = Date.now();
      const r = await auxin(
        ['clone', `http://127.0.0.1:${port}/studio/Race`, path.join(work, 'stalled')],
        {
          ...as(work),
          timeoutMs: 40_000,
          // Shortened from the defaults (8 s idle, 20 s of retries: at most 28 s) to keep the suite fast.
          env: { AUXIN_SYNC_IDLE_MS: '1500', AUXIN_SYNC_RETRY_WINDOW_MS: '3000' },
        },
      );
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('REMOTE_UNREACHABLE');
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(sockets.length).toBeGreaterThan(1); // it did retry
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => stall.close(() => r()));
    }
  }, 45_000);
});
