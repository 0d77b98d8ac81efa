/** A Logic fixture pushed to a hub with the real `auxin` CLI: copied, init, commit, remote, push. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ok } from './cli.js';
import { mitBundle } from './logic-fixtures.js';

export interface PushedProject {
  /** The working bundle, a copy of the fixture. */
  dir: string;
  run(args: string[], machine?: string): ReturnType<typeof ok>;
}

export interface FixtureOptions {
  hubUrl: string;
  token: string;
  home: string;
  /** Under which folder the copy goes. */
  workDir: string;
  fixture: string;
  namespace: string;
  message?: string;
  author?: string;
}

export async function pushFixture(opts: FixtureOptions): Promise<PushedProject> {
  const project = await committedFixture(opts);
  await project.run(['push']);
  return project;
}

/** The same up to the push: copied, init, commit, the hub as `origin`; nothing sent yet. */
export async function committedFixture(opts: FixtureOptions): Promise<PushedProject> {
  const dir = path.join(opts.workDir, `${opts.fixture}.logicx`);
  fs.cpSync(mitBundle(opts.fixture), dir, { recursive: true });
  const run = (args: string[], machine = 'test-mac') =>
    ok(args, {
      cwd: dir,
      home: opts.home,
      token: opts.token,
      env: { AUXIN_MACHINE_ID: machine, AUXIN_AUTHOR: opts.author ?? 'ana' },
    });
  await run(['init']);
  await run(['commit', '-m', opts.message ?? 'first take']);
  await run(['remote', 'add', 'origin', `${opts.hubUrl}/${opts.namespace}/${opts.fixture}.logicx`]);
  return { dir, run };
}

/** Poll `check` until it returns something, or fail after `ms`. */
export async function eventually<T>(
  check: () => Promise<T | null | undefined>,
  ms = 10_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const got = await check();
    if (got) return got;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}
