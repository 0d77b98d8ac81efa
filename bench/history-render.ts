/**
 * How the project page's history holds up with 5,000 versions: a real hub (in this process)
 * whose repository gets 5,000 commits written straight through the store, and real Chromium
 * (Debian's) signed in with the form. Prints the time from opening the project's URL to the
 * first timeline row, the DOM nodes the list holds, and the same after scrolling to the oldest
 * version (every page loaded). `npm run bench:ui`. Numbers, not pass/fail.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { createHub } from '../src-main/hub/app.js';
import { createLogger } from '../src-main/hub/logging.js';
import { Store } from '../src-main/store/index.js';
import { commitObjectBytes, treeObjectBytes } from '../src-main/store/commit.js';
import { blake3Hex } from '../src-main/store/hash.js';

const VERSIONS = Number(process.env.VERSIONS ?? 5000);
const ADMIN = 'bench-admin-token-0123456789abcdef';
const PASSWORD = 'bench likes long passwords';
const CHROMIUM = process.env.AUXIN_CHROMIUM ?? '/usr/bin/chromium';
const log = (s: string) => process.stdout.write(s + '\n');

const data = mkdtempSync(join(tmpdir(), 'auxin-bench-history-'));
const hub = createHub(
  { dataDir: data, port: 0, host: '127.0.0.1', corsOrigins: [], adminToken: ADMIN },
  { logger: createLogger('silent') },
);
const { url } = await hub.listen();
const call = async (path: string, method = 'GET', json?: unknown) => {
  const res = await fetch(url + path, {
    method,
    headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res;
};

try {
  await call('/api/users', 'POST', { username: 'ana', role: 'producer', password: PASSWORD });
  await call('/api/repos/studio/Long.logicx', 'POST');

  // Two trees taking turns (a file appears and goes), so every version has one file changed.
  const store = Store.open(join(data, 'studio', 'Long.logicx'));
  const empty = blake3Hex(new Uint8Array());
  const dir = { path: 'Long.logicx', kind: 'dir' as const, mode: 0o755, size: 0 };
  const note = {
    path: 'Long.logicx/notes.txt',
    kind: 'file' as const,
    mode: 0o644,
    size: 0,
    content_id: empty,
    chunks: [],
  };
  const trees = [treeObjectBytes({ entries: [dir] }), treeObjectBytes({ entries: [dir, note] })];
  for (const t of trees) await store.putObjectBytes('tree', t.id, t.bytes);
  let t0 = performance.now();
  let parent: string | null = null;
  const start = Date.now() - VERSIONS * 60_000;
  for (let i = 0; i < VERSIONS; i++) {
    const c = commitObjectBytes({
      parent_ids: parent ? [parent] : [],
      tree_id: trees[i % 2]!.id,
      message: `take ${i + 1}`,
      author: i % 3 ? 'ana' : 'ben',
      timestamp: new Date(start + i * 60_000).toISOString().replace(/\.\d+Z$/, 'Z'),
      metadata: {},
    });
    await store.putObjectBytes('commit', c.id, c.bytes);
    parent = c.id;
  }
  await store.sync();
  await store.casRef('main', null, parent!);
  log(
    `${VERSIONS} versions written through the store in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  t0 = performance.now();
  await call('/api/repos/studio/Long.logicx/versions?limit=100');
  log(`hub, first page of 100 summaries (cold): ${(performance.now() - t0).toFixed(0)} ms`);

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(url);
    await page.getByLabel('Username').fill('ana');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByLabel('Password').press('Enter');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    t0 = performance.now();
    await page.goto(`${url}/projects/studio/Long.logicx`);
    await page.getByRole('option', { name: new RegExp(`take ${VERSIONS}\\b`) }).waitFor();
    const first = performance.now() - t0;
    // A string, evaluated in the page: this file is compiled without the DOM's types.
    const nodes = () =>
      page.evaluate(`(() => {
        const list = document.querySelector('[role=listbox]');
        return { rows: list.querySelectorAll('[role=option]').length, nodes: list.querySelectorAll('*').length + 1 };
      })()`) as Promise<{ rows: number; nodes: number }>;
    const atTop = await nodes();
    log(
      `time to first render of the history (page load, session, first page): ${first.toFixed(0)} ms`,
    );
    log(`DOM: ${atTop.rows} rows, ${atTop.nodes} nodes in the list (of ${VERSIONS} versions)`);

    t0 = performance.now();
    for (;;) {
      await page.evaluate(
        `(() => { const l = document.querySelector('[role=listbox]'); l.scrollTo(0, l.scrollHeight); })()`,
      );
      const last = page.getByRole('option', { name: /^take 1\b/ });
      if (await last.count()) break;
      await page.waitForTimeout(50);
    }
    const scrolled = performance.now() - t0;
    const atEnd = await nodes();
    log(
      `scrolled to the oldest version, ${VERSIONS / 100} pages loaded: ${(scrolled / 1000).toFixed(1)} s`,
    );
    log(`DOM after: ${atEnd.rows} rows, ${atEnd.nodes} nodes in the list`);
  } finally {
    await browser.close();
  }
} finally {
  await hub.close();
  rmSync(data, { recursive: true, force: true });
}
