/**
 * Two people saved without the lock (issue #19, section 1), with two clients, real Logic bundles
 * and a real hub process: `auxin pull` on diverged histories stops, changes nothing and says
 * exactly what the hub has and how to resolve it; `--keep-mine` and `--keep-theirs` each resolve
 * it with both histories kept on the hub; `auxin push --as-branch` sends diverged work to a new
 * branch without forcing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auxin, ok } from '../helpers/cli.js';
import { mitBundle } from '../helpers/logic-fixtures.js';
import { useStudio } from './helpers/studio.js';

const ADMIN = 'diverged-admin-token-0123456789';
const studio = useStudio({ prefix: 'auxin-diverged-', adminToken: ADMIN });
const { work, api } = studio;
const as = (user: string, cwd: string) => studio.as(user, cwd, { AUXIN_AUTHOR: user });
const today = new Date().toISOString().slice(0, 10);

/** Replace a bundle's content with a fixture's, as a save of another version would. */
function saveAs(bundle: string, fixture: string): void {
  for (const n of fs.readdirSync(bundle)) fs.rmSync(path.join(bundle, n), { recursive: true });
  fs.cpSync(mitBundle(fixture), bundle, { recursive: true });
}

/** Ana and Ben share `name`; then each saves and commits without the lock; Ana pushes first. */
async function diverge(name: string): Promise<{ a: string; b: string; anaHead: string }> {
  const a = path.join(work.dir, 'ana', name);
  fs.cpSync(mitBundle('F0_baseline'), a, { recursive: true });
  await ok(['init'], as('ana', a));
  await ok(['commit', '-m', 'start'], as('ana', a));
  await ok(['remote', 'add', 'origin', `${studio.hub.url}/studio/${name}`], as('ana', a));
  await ok(['push'], as('ana', a));
  const b = path.join(work.dir, 'ben', name);
  await ok(['clone', `${studio.hub.url}/studio/${name}`, b], as('ben', work.dir));
  saveAs(a, 'F1_tempo');
  await ok(['commit', '-m', 'mix v3'], as('ana', a));
  await ok(['push'], as('ana', a));
  fs.writeFileSync(path.join(b, 'Alternatives', '000', 'ben-take.txt'), 'ben was here');
  await ok(['commit', '-m', 'ben take'], as('ben', b));
  const anaHead = (await ok(['log', '--json'], as('ana', a))).json() as unknown as {
    id: string;
  }[];
  return { a, b, anaHead: anaHead[0]!.id };
}

const refs = async (name: string) =>
  Object.fromEntries(
    (
      (await (await api(`/api/repos/studio/${name}/sync/refs`)).json()) as {
        branches: { name: string; commit_id: string }[];
      }
    ).branches.map((b) => [b.name, b.commit_id]),
  );

/** Every file of a folder with its bytes, to compare a folder before and after. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const p = path.join(e.parentPath, e.name);
    out[path.relative(dir, p)] = fs.readFileSync(p).toString('base64');
  }
  return out;
}

describe('two people saved without the lock', () => {
  it('pull stops, changes nothing, and says exactly what the hub has and what to run', async () => {
    const { b } = await diverge('Stop.logicx');
    const refused = await auxin(['push'], as('ben', b));
    expect(refused.stderr).toContain('NON_FAST_FORWARD');
    expect(refused.stderr).toContain('`auxin pull` says how to keep yours or take theirs');

    const before = snapshot(b);
    const benLog = (await ok(['log', '--json'], as('ben', b))).stdout;
    const r = await auxin(['pull'], as('ben', b));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "auxin: the hub's main has 1 version you do not have (by ana, just now, 'mix v3', " +
        'tempo 120 → 137.5) and you have 1 it does not have. Keep yours: `auxin pull --keep-mine`; ' +
        'take theirs: `auxin pull --keep-theirs` (yours stays on branch ' +
        `\`main-ben-${today}\`). (DIVERGED)`,
    );
    expect(snapshot(b)).toEqual(before);
    expect((await ok(['log', '--json'], as('ben', b))).stdout).toBe(benLog);
    expect((await ok(['branch'], as('ben', b))).stdout).not.toContain('main-ben');
  });

  it('--keep-mine: a version over both, pushed as a fast-forward; Ana gets it, her version kept', async () => {
    const { a, b, anaHead } = await diverge('Mine.logicx');
    const before = snapshot(b);
    const r = await ok(['pull', '--keep-mine', '--json'], as('ben', b));
    expect(r.json()).toMatchObject({ resolved: { keep: 'mine' }, commits: 1 });
    expect(snapshot(b)).toEqual(before);
    const pushed = await ok(['push', '--json'], as('ben', b));
    expect(pushed.json()).toMatchObject({ up_to_date: false });
    const head = (await refs('Mine.logicx')).main!;
    const c = (await (await api(`/api/repos/studio/Mine.logicx/commits/${head}`)).json()) as {
      parent_ids: string[];
      author: string;
    };
    expect(c.parent_ids).toHaveLength(2);
    expect(c.parent_ids[0]).toBe(anaHead);
    expect(c.author).toBe('ben');

    // Ana pulls a fast-forward: Ben's content, with her 'mix v3' still in the history.
    await ok(['pull'], as('ana', a));
    expect(fs.readFileSync(path.join(a, 'Alternatives', '000', 'ben-take.txt'), 'utf8')).toBe(
      'ben was here',
    );
    const log = (await ok(['log', '--json'], as('ana', a))).json() as unknown as {
      message: string;
    }[];
    expect(log.map((v) => v.message)).toEqual(
      expect.arrayContaining(['mix v3', 'ben take', 'start']),
    );
  });

  it('--keep-theirs: takes theirs, keeps and pushes yours on main-ben-<date>', async () => {
    const { a, b, anaHead } = await diverge('Theirs.logicx');
    const benHead = (
      (await ok(['log', '--json'], as('ben', b))).json() as unknown as {
        id: string;
      }[]
    )[0]!.id;
    const r = await ok(['pull', '--keep-theirs'], as('ben', b));
    expect(r.stdout).toContain(`yours stay on branch main-ben-${today}, pushed to origin`);
    // Ben's folder is Ana's version now.
    const mine = snapshot(b);
    delete mine['Alternatives/000/ben-take.txt'];
    expect(fs.existsSync(path.join(b, 'Alternatives', '000', 'ben-take.txt'))).toBe(false);
    expect(snapshot(b)).toEqual(snapshot(a));
    const hub = await refs('Theirs.logicx');
    expect(hub.main).toBe(anaHead);
    expect(hub[`main-ben-${today}`]).toBe(benHead);
    // Ben's version is still his to open: check out the kept branch.
    await ok(['checkout', `main-ben-${today}`], as('ben', b));
    expect(fs.readFileSync(path.join(b, 'Alternatives', '000', 'ben-take.txt'), 'utf8')).toBe(
      'ben was here',
    );
  });

  it('push --as-branch sends diverged work to a new branch on the hub, never forcing', async () => {
    const { b, anaHead } = await diverge('Branch.logicx');
    const r = await ok(['push', '--as-branch', 'ben-idea'], as('ben', b));
    expect(r.stdout).toContain('to origin/ben-idea');
    const hub = await refs('Branch.logicx');
    expect(hub.main).toBe(anaHead);
    expect(hub['ben-idea']).toBeDefined();
    const forced = await auxin(['push', '--as-branch', 'x', '--force'], as('ben', b));
    expect(forced.code).toBe(1);
    expect(forced.stderr).toContain('never forces');
  });
});
