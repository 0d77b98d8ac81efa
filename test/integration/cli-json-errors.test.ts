/**
 * `--json` is for scripts: a failure must reach them on stdout as one object with the code,
 * while people still get the line on stderr and the exit code tells both that it failed.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';
import { auxin, ok } from '../helpers/cli.js';

/** A port nothing listens on: bound, noted, closed. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe('failures with --json', () => {
  let work = '';
  beforeAll(() => {
    work = tempDir('auxin-json-err-').dir;
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  function expectJsonFailure(
    r: { code: number | null; stdout: string; stderr: string },
    code: string,
  ) {
    expect(r.code).not.toBe(0);
    const body = JSON.parse(r.stdout) as { error: string; code: string };
    expect(body.code).toBe(code);
    expect(body.error.length).toBeGreaterThan(0);
    expect(r.stderr).toBe(`auxin: ${body.error} (${code})\n`);
  }

  it('push outside a project: NOT_A_REPOSITORY on stdout', async () => {
    const r = await auxin(['push', '--json'], { cwd: work, home: path.join(work, 'home') });
    expectJsonFailure(r, 'NOT_A_REPOSITORY');
  });

  it('pull from a hub that is not there: REMOTE_UNREACHABLE on stdout, exit 2', async () => {
    const dir = path.join(work, 'Song');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'a.txt'), 'a');
    const run = { cwd: dir, home: path.join(work, 'home'), token: 'json-err-token' };
    await ok(['init'], run);
    await ok(['commit', '-m', 'v1'], run);
    await ok(
      ['remote', 'add', 'origin', `http://127.0.0.1:${await closedPort()}/studio/Song`],
      run,
    );
    const r = await auxin(['pull', '--json'], run);
    expectJsonFailure(r, 'REMOTE_UNREACHABLE');
    expect(r.code).toBe(2);
  });

  it('without --json stdout stays empty', async () => {
    const r = await auxin(['push'], { cwd: work, home: path.join(work, 'home') });
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/\(NOT_A_REPOSITORY\)\n$/);
  });
});
