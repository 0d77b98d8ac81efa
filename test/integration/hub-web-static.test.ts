/**
 * The web UI as the hub serves it: hashed assets cached for good, index.html revalidated, the
 * page's strict CSP, the page fallback never answering API paths, and no way out of the folder.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';
import { startHub, type TestHub } from './helpers/hub.js';

let t: TestHub;
let ui: { dir: string; cleanup: () => void };
const INDEX =
  '<!doctype html><title>Auxin Hub</title><script type="module" src="/assets/index-Ab12.js"></script>';

beforeAll(async () => {
  ui = tempDir('auxin-ui-');
  fs.mkdirSync(path.join(ui.dir, 'assets'));
  fs.writeFileSync(path.join(ui.dir, 'index.html'), INDEX);
  fs.writeFileSync(path.join(ui.dir, 'assets', 'index-Ab12.js'), 'console.log(1)');
  fs.writeFileSync(path.join(ui.dir, 'favicon.svg'), '<svg/>');
  // A secret beside the folder: no URL may reach it.
  fs.writeFileSync(path.join(path.dirname(ui.dir), 'auxin-secret.txt'), 'the-hidden-bytes-42');
  t = await startHub({ rendererDir: ui.dir });
});
afterAll(async () => {
  await t.stop();
  ui.cleanup();
  fs.rmSync(path.join(path.dirname(ui.dir), 'auxin-secret.txt'), { force: true });
});

/** A raw request line, so paths reach the hub exactly as written (fetch would normalise them). */
function rawGet(p: string): Promise<string> {
  const { port } = new URL(t.url);
  return new Promise((resolve, reject) => {
    const s = net.connect(Number(port), '127.0.0.1', () => {
      s.write(`GET ${p} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
    });
    let out = '';
    s.on('data', (d) => (out += d.toString()));
    s.on('end', () => resolve(out));
    s.on('error', reject);
  });
}

describe('the hub serves the web UI', () => {
  it('serves index.html at / with no-cache and a strict CSP', async () => {
    const res = await fetch(t.url + '/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toBe(INDEX);
    const csp = res.headers.get('content-security-policy')!;
    const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src'))!;
    expect(scriptSrc.trim()).toBe("script-src 'self'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("connect-src 'self'");
  });

  it('caches hashed assets for a year and other files not at all', async () => {
    const js = await fetch(t.url + '/assets/index-Ab12.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const svg = await fetch(t.url + '/favicon.svg');
    expect(svg.headers.get('cache-control')).toBe('no-cache');
    const head = await fetch(t.url + '/assets/index-Ab12.js', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('14');
  });

  it('answers page paths with index.html, but a missing asset with 404', async () => {
    const page = await fetch(t.url + '/projects/studio/My%20Song.logicx');
    expect(page.status).toBe(200);
    expect(await page.text()).toBe(INDEX);
    const gone = await fetch(t.url + '/assets/index-Old9.js');
    expect(gone.status).toBe(404);
    expect(await gone.json()).toMatchObject({ code: 'NOT_FOUND' });
  });

  it.each(['/api/nope', '/api', '/health/x', '/metrics/x', '/api/repos/a/b/sync/refs'])(
    'never answers %s with the page',
    async (p) => {
      const res = await fetch(t.url + p);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect([401, 404]).toContain(res.status);
      expect(await res.text()).not.toContain('<title>');
    },
  );

  it('keeps /health and the API working', async () => {
    expect(await (await fetch(t.url + '/health')).text()).toBe('OK');
    expect((await t.req('/api/repos')).status).toBe(200);
  });

  it.each([
    '/../auxin-secret.txt',
    '/assets/../../auxin-secret.txt',
    '/%2e%2e/auxin-secret.txt',
    '/assets/%2e%2e%2f%2e%2e%2fauxin-secret.txt',
    '/..%5cauxin-secret.txt',
    '//etc/passwd',
    '/index.html%00.js',
  ])('does not leave the folder for %s', async (p) => {
    const answer = await rawGet(p);
    expect(answer).not.toContain('the-hidden-bytes-42');
    expect(answer).not.toContain('root:');
  });

  it('refuses writes to page paths (no route), with a code', async () => {
    const res = await fetch(t.url + '/index.html', { method: 'POST' });
    expect(res.status).toBe(401);
  });
});

describe('a hub whose UI is not built', () => {
  it('says how to build it instead of a blank page', async () => {
    const bare = await startHub({ rendererDir: null });
    try {
      const res = await fetch(bare.url + '/');
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('npm run build');
      expect((await fetch(bare.url + '/health')).status).toBe(200);
    } finally {
      await bare.stop();
    }
  });
});
