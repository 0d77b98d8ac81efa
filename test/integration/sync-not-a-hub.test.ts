/**
 * A remote URL that reaches some other web server (a router's page, another API) must end a
 * push, pull or clone with one line naming the server and a code, never a stack trace.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';
import { auxin, ok } from '../helpers/cli.js';

const ANSWERS: Record<string, [number, string, string]> = {
  'a web page': [200, 'text/html', '<!doctype html><html><body>Router admin</body></html>'],
  'a missing page': [404, 'text/html', '<html><body>404 Not Found</body></html>'],
  'some other JSON': [200, 'application/json', '{"hello":"world"}'],
  'broken JSON': [200, 'application/json', '{"branches": ['],
};

describe('a URL that is not an Auxin hub', () => {
  let work = '';
  let server: http.Server;
  let url = '';
  let answer: [number, string, string] = ANSWERS['a web page']!;
  let project = '';
  const run = () => ({ cwd: project, home: path.join(work, 'home'), token: 'not-a-hub-token' });
  beforeAll(async () => {
    work = tempDir('auxin-notahub-').dir;
    server = http.createServer((req, res) => {
      req.resume();
      res.writeHead(answer[0], { 'content-type': answer[1] }).end(answer[2]);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    project = path.join(work, 'Song');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'song.txt'), 'la la');
    await ok(['init'], run());
    await ok(['commit', '-m', 'v1'], run());
    await ok(['remote', 'add', 'origin', `${url}/studio/Song`], run());
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    fs.rmSync(work, { recursive: true, force: true });
  });

  for (const [what, a] of Object.entries(ANSWERS)) {
    it(`${what}: push, pull and clone fail in one line with NOT_A_HUB`, async () => {
      answer = a;
      const runs = [
        await auxin(['push'], run()),
        await auxin(['pull'], run()),
        await auxin(['clone', `${url}/studio/Song`, path.join(work, 'copy')], run()),
      ];
      for (const r of runs) {
        expect(r.stderr).toMatch(
          /^auxin: http:\/\/127\.0\.0\.1:\d+ did not answer like an Auxin hub \(.+\); check the URL \(NOT_A_HUB\)\n$/,
        );
        expect(r.code).toBe(2);
      }
      expect(fs.existsSync(path.join(work, 'copy'))).toBe(false);
    });
  }
});
