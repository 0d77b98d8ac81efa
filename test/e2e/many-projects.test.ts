/**
 * 500 projects in real Chromium: only the rows on screen are in the page, and typing a name into
 * Search shows it within a second. A hub of its own, so its 500 creations stream to no open page.
 */
import * as fs from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';
import { startHubProcess, type HubProcess } from '../integration/helpers/hub-process.js';
import { launch, noBrowser, openPage, signIn } from './helpers/browser.js';
import { ADMIN, ANA_PASSWORD, api } from './helpers/studio.js';

const COUNT = 500;
let hub: HubProcess;
let browser: Browser;
// 500 stores are 32,000 files and folders: in memory (tmpfs) where there is one, since creating
// and deleting them on this disk took a minute each.
const data = fs.existsSync('/dev/shm')
  ? { dir: fs.mkdtempSync('/dev/shm/auxin-e2e-many-') }
  : tempDir('auxin-e2e-many-');

describe.skipIf(noBrowser)('500 projects', () => {
  beforeAll(async () => {
    [hub, browser] = await Promise.all([
      startHubProcess(data.dir, { env: { AUXIN_ADMIN_TOKEN: ADMIN } }),
      launch(),
    ]);
    await api(hub.url, ADMIN, '/api/users', {
      method: 'POST',
      json: { username: 'ana', role: 'producer', password: ANA_PASSWORD },
    });
    const names = Array.from(
      { length: COUNT },
      (_, i) => `Take ${String(i + 1).padStart(3, '0')}.logicx`,
    );
    for (let i = 0; i < names.length; i += 8) {
      await Promise.all(
        names
          .slice(i, i + 8)
          .map((n) =>
            api(hub.url, ADMIN, `/api/repos/bulk/${encodeURIComponent(n)}`, { method: 'POST' }),
          ),
      );
    }
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.stop();
    await fs.promises.rm(data.dir, { recursive: true, force: true });
  });

  it('renders only what is on screen, and Search finds a name within a second', async () => {
    const { page, errors } = await openPage(browser);
    await signIn(page, hub.url, 'ana', ANA_PASSWORD);
    await page.getByText(`${COUNT} projects`).waitFor({ timeout: 15_000 });
    expect(await page.getByRole('listitem').count()).toBeLessThan(40);

    const search = page.getByLabel('Search');
    const started = Date.now();
    await search.fill('Take 437');
    await page.getByRole('listitem').filter({ hasText: 'Take 437' }).waitFor({ timeout: 1000 });
    const tookMs = Date.now() - started;
    expect(tookMs).toBeLessThan(1000);
    expect(await page.getByRole('listitem').count()).toBe(1);
    console.log(`search over ${COUNT} projects: ${tookMs} ms from typing to the row shown`);

    // Scrolling to the end renders the last rows, still only a screenful of them.
    await search.fill('');
    await page.locator('.list-scroll').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await page.getByRole('listitem').filter({ hasText: 'Take 500' }).waitFor({ timeout: 2000 });
    expect(await page.getByRole('listitem').count()).toBeLessThan(40);
    expect(errors).toEqual([]);
  });
});
