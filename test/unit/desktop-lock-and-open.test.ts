import { describe, expect, it } from 'vitest';
import { AuxinError } from '../../src-shared/errors.js';
import {
  lockAndOpen,
  type LockAndOpenPorts,
  type Step,
} from '../../src-main/desktop/lock-and-open.js';

const song = { namespace: 'studio', name: 'Song' };
const LOCK = { lock_id: 'L1', expires_at: '2026-12-06T12:00:00Z' };

/** Ports that log each call; `over` replaces any of them. */
function ports(over: Partial<LockAndOpenPorts> = {}, heads = [{ local: 'a', hub: 'a' }]) {
  const log: string[] = [];
  let compared = 0;
  const p: LockAndOpenPorts = {
    localBundle: async () => (log.push('bundle'), '/Music/Song.logicx'),
    compare: async () => {
      const h = heads[Math.min(compared++, heads.length - 1)]!;
      log.push(`compare ${h.local}/${h.hub}`);
      return { ...h, localAhead: false, dirty: false };
    },
    pull: async (_p, _b, progress) => {
      log.push('pull');
      progress(50, 100);
      progress(100, 100);
    },
    acquire: async () => (log.push('acquire'), LOCK),
    release: async () => void log.push('release'),
    openPath: async () => (log.push('open'), ''),
    keepRenewing: () => (log.push('renewing'), () => log.push('stop renewing')),
    renew: async () => LOCK,
    commitAndPush: async () => {},
    suggestMessage: async () => '',
    ...over,
  };
  return { p, log };
}

async function run(p: LockAndOpenPorts) {
  const steps: Step[] = [];
  const r = await lockAndOpen(song, p, (s) => steps.push(s)).catch((e: unknown) => e);
  return { r, steps };
}

describe('Lock & Open', () => {
  it('with an up-to-date copy: lock, check again, open, renew; end() releases', async () => {
    const { p, log } = ports();
    const { r, steps } = await run(p);
    expect(log).toEqual(['bundle', 'compare a/a', 'acquire', 'compare a/a', 'open', 'renewing']);
    expect(steps.map((s) => s.step)).toEqual(['checking', 'locking', 'opening', 'open']);
    await (r as { end(): Promise<void> }).end();
    expect(log.slice(-2)).toEqual(['stop renewing', 'release']);
  });

  it('pulls newer versions first, with progress, so nobody locks a stale copy', async () => {
    const { p, log } = ports({}, [
      { local: 'a', hub: 'b' },
      { local: 'b', hub: 'b' },
    ]);
    const { steps } = await run(p);
    expect(log.slice(0, 4)).toEqual(['bundle', 'compare a/b', 'pull', 'acquire']);
    expect(steps.filter((s) => s.step === 'pulling')).toEqual([
      { step: 'pulling', done: 50, total: 100 },
      { step: 'pulling', done: 100, total: 100 },
    ]);
  });

  it('pulls again when a push landed between the check and the lock', async () => {
    const { p, log } = ports({}, [
      { local: 'a', hub: 'a' },
      { local: 'a', hub: 'c' },
    ]);
    await run(p);
    expect(log).toEqual([
      'bundle',
      'compare a/a',
      'acquire',
      'compare a/c',
      'pull',
      'open',
      'renewing',
    ]);
  });

  it('refuses a project with no local copy, before any lock', async () => {
    const { p, log } = ports({ localBundle: async () => null });
    const { r, steps } = await run(p);
    expect(r).toMatchObject({ code: 'NOT_FOUND' });
    expect(log).toEqual([]);
    expect(steps.at(-1)).toMatchObject({ step: 'failed', code: 'NOT_FOUND' });
  });

  it('refuses when this Mac has versions the hub lacks (push first), before any lock', async () => {
    const { p, log } = ports({
      compare: async () => ({ local: 'x', hub: 'a', localAhead: true, dirty: false }),
    });
    const { r } = await run(p);
    expect(r).toMatchObject({ code: 'NON_FAST_FORWARD' });
    expect(log).not.toContain('acquire');
  });

  it('refuses to pull over unsaved local changes', async () => {
    const { p, log } = ports({
      compare: async () => ({ local: 'a', hub: 'b', localAhead: false, dirty: true }),
    });
    expect((await run(p)).r).toMatchObject({ code: 'UNCOMMITTED_CHANGES' });
    expect(log).not.toContain('pull');
  });

  it('a lock held by a teammate fails with LOCK_HELD and leaves nothing to release', async () => {
    const { p, log } = ports({
      acquire: async () => {
        throw new AuxinError('LOCK_HELD', 'Song is locked by ana until 12:00');
      },
    });
    const { r, steps } = await run(p);
    expect(r).toMatchObject({ code: 'LOCK_HELD' });
    expect(log).not.toContain('release');
    expect(steps.at(-1)).toEqual({
      step: 'failed',
      code: 'LOCK_HELD',
      message: 'Song is locked by ana until 12:00',
    });
  });

  it('a pull that fails after the lock gives the lock back', async () => {
    const { p, log } = ports(
      {
        pull: async () => {
          throw new AuxinError('REMOTE_UNREACHABLE', 'the hub went away');
        },
      },
      [
        { local: 'a', hub: 'a' },
        { local: 'a', hub: 'b' },
      ],
    );
    expect((await run(p)).r).toMatchObject({ code: 'REMOTE_UNREACHABLE' });
    expect(log.slice(-1)).toEqual(['release']);
  });

  it('Logic failing to open the bundle gives the lock back', async () => {
    const { p, log } = ports({ openPath: async () => 'The application cannot be opened' });
    const { r } = await run(p);
    expect((r as Error).message).toMatch(/could not open \/Music\/Song.logicx: The application/);
    expect(log).toEqual(['bundle', 'compare a/a', 'acquire', 'compare a/a', 'release']);
  });

  it('when the give-back fails too, says the lock stays and until when', async () => {
    const { p } = ports({
      openPath: async () => 'boom',
      release: async () => {
        throw new Error('connection refused');
      },
    });
    const { r, steps } = await run(p);
    expect((r as Error).message).toMatch(
      /the lock could not be released \(connection refused\): it stays until 2026-12-06T12:00:00Z/,
    );
    expect(steps.at(-1)).toMatchObject({ step: 'failed', stillLocked: { until: LOCK.expires_at } });
  });
});
