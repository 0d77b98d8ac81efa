/**
 * Comments, activity and settings end to end: a real hub process with a pushed Logic fixture, real
 * Chromium, teammates acting through the real CLI and their own tokens. Saves the README's
 * screenshots of those screens to docs/screenshots/.
 */
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/logic-fixtures.js';
import { seriousViolations } from './helpers/axe.js';
import { launch, noBrowser, openPage, signIn, type WatchedPage } from './helpers/browser.js';
import { ADMIN, ANA_PASSWORD, api, startStudio, type Studio } from './helpers/studio.js';

const SHOTS = path.join(repoRoot, 'docs/screenshots');
const REPO = '/api/repos/studio/F1_tempo.logicx';
const HOSTILE = '<img src=x onerror="window.__pwned = 1"> <script>window.__pwned = 2</script>';

let studio: Studio;
let browser: Browser;
let ana: WatchedPage;
let head: string;

async function signInWithToken(page: Page, url: string, token: string) {
  await page.goto(url);
  await page.getByRole('button', { name: 'Use a token' }).click();
  await page.getByLabel('Token').fill(token);
  await page.getByLabel('Token').press('Enter');
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

describe.skipIf(noBrowser)('comments, activity and settings in Chromium', () => {
  beforeAll(async () => {
    [studio, browser] = await Promise.all([startStudio(['F1_tempo']), launch()]);
    const versions = (await api(
      studio.url,
      studio.anaToken,
      `${REPO}/commits?limit=1`,
    )) as unknown as {
      id: string;
    }[];
    head = versions[0]!.id;
    ana = await openPage(browser);
    await signIn(ana.page, studio.url, 'ana', ANA_PASSWORD);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await studio?.stop();
  });

  const entry = (type: string, text?: string) => {
    const items = ana.page.locator(`.activity-item[data-type="${type}"]`);
    return text ? items.filter({ hasText: text }) : items;
  };

  it('shows the push and, without a reload, a teammate’s lock taken and released', async () => {
    await ana.page.getByRole('link', { name: 'Activity' }).click();
    await ana.page.getByRole('heading', { name: 'Activity' }).waitFor();
    expect(
      await ana.page.getByRole('link', { name: 'Activity' }).getAttribute('aria-current'),
    ).toBe('page');
    const push = entry('push');
    await push.waitFor();
    expect(await push.innerText()).toMatch(/ana pushed 1 version to main in F1_tempo/);
    expect(await push.innerText()).toMatch(/uploaded/);

    await studio.asBen('F1_tempo', ['lock', 'acquire', '--reason', 'tracking vocals']);
    const taken = entry('lock.acquired', 'ben took the lock');
    await taken.waitFor({ timeout: 3000 });
    expect(await taken.innerText()).toContain('reason: tracking vocals');
    await studio.asBen('F1_tempo', ['lock', 'release']);
    await entry('lock.released', 'ben released the lock').waitFor({ timeout: 3000 });

    // Filters ask the hub: locks only, then ben's only.
    await ana.page.getByLabel('Kind').selectOption({ label: 'Locks' });
    await entry('push').waitFor({ state: 'detached' });
    await entry('lock.acquired').waitFor();
    expect(await entry('push').count()).toBe(0);
    await ana.page.getByLabel('Kind').selectOption({ label: 'Everything' });
    await ana.page.getByLabel('Person').fill('ana');
    await entry('lock.acquired').waitFor({ state: 'detached' });
    await entry('push').waitFor();
    expect(await entry('lock.acquired').count()).toBe(0);
    await ana.page.getByRole('button', { name: 'Clear filters' }).click();
    await entry('lock.released').waitFor();
  });

  it('takes a comment typed in the UI, shows a teammate’s without a reload, and runs none of it', async () => {
    await ana.page.evaluate('window.__pwned = 0');
    await entry('push')
      .getByRole('button', { name: `Show comments on version ${head.slice(0, 10)} of F1_tempo` })
      .click();
    const field = ana.page.getByLabel('Add a comment');
    await field.fill('Tempo feels **rushed** at bar 12; see https://example.com/notes');
    await field.press('Control+Enter');
    const panel = ana.page.locator('.comments');
    await panel.locator('strong', { hasText: 'rushed' }).waitFor();
    const link = panel.getByRole('link', { name: 'https://example.com/notes' });
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');

    const listed = (await api(
      studio.url,
      studio.benToken,
      `${REPO}/commits/${head}/comments`,
    )) as unknown as {
      author: string;
      body: string;
    }[];
    expect(listed).toEqual([
      expect.objectContaining({
        author: 'ana',
        body: 'Tempo feels **rushed** at bar 12; see https://example.com/notes',
      }),
    ]);

    await api(studio.url, studio.benToken, `${REPO}/commits/${head}/comments`, {
      method: 'POST',
      json: { body: 'try 124 BPM?' },
    });
    await panel.getByText('try 124 BPM?').waitFor({ timeout: 3000 });
    await api(studio.url, studio.benToken, `${REPO}/commits/${head}/comments`, {
      method: 'POST',
      json: { body: HOSTILE },
    });
    await panel.getByText(/onerror/).waitFor({ timeout: 3000 });
    // Give a broken image the time to fail and its handler the time to run, were there one.
    await ana.page.waitForTimeout(300);
    expect(await ana.page.evaluate('window.__pwned')).toBe(0);
    expect(await panel.locator('img, script').count()).toBe(0);
    expect(await panel.innerText()).toContain('<img src=x onerror="window.__pwned = 1">');
    // The comment shows in the feed too, as it happened.
    await entry('comment.added', 'try 124 BPM?').waitFor({ timeout: 3000 });
    expect(await panel.getByRole('heading').innerText()).toBe('Comments (3)');

    await panel.getByLabel('Add a comment').scrollIntoViewIfNeeded();
    await ana.page.screenshot({ path: path.join(SHOTS, 'comments-light.png') });
    expect(await seriousViolations(ana.page)).toEqual([]);

    // Only one's own has a Delete button; deleting it leaves the hub without it.
    expect(await panel.getByRole('button', { name: /^Delete/ }).count()).toBe(1);
    await panel.getByRole('button', { name: /Delete your comment/ }).click();
    await panel.locator('strong', { hasText: 'rushed' }).waitFor({ state: 'detached' });
    const after = (await api(
      studio.url,
      studio.benToken,
      `${REPO}/commits/${head}/comments`,
    )) as unknown as {
      author: string;
    }[];
    expect(after.map((c) => c.author)).toEqual(['ben', 'ben']);
    expect(ana.errors).toEqual([]);
  });

  it('issues a token in settings, shows it once, and revokes it', async () => {
    await ana.page.getByRole('link', { name: 'Settings' }).click();
    await ana.page.getByRole('heading', { name: 'Your tokens' }).waitFor();
    // ana is a producer: her own account only.
    expect(await ana.page.getByRole('heading', { name: 'Team', exact: true }).count()).toBe(0);
    await ana.page.getByLabel('Label for a new token').fill('e2e-script');
    await ana.page.getByRole('button', { name: 'Issue token' }).click();
    const shown = ana.page.getByTestId('new-token');
    await shown.waitFor();
    const token = (await shown.innerText()).trim();
    const me = await fetch(`${studio.url}/api/auth/me`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ user: { username: 'ana' } });
    await ana.page.getByRole('cell', { name: 'e2e-script', exact: true }).waitFor();
    expect(await seriousViolations(ana.page)).toEqual([]);

    await ana.page.getByRole('button', { name: 'I have saved it' }).click();
    await shown.waitFor({ state: 'detached' });
    await ana.page.reload();
    await ana.page.getByRole('cell', { name: 'e2e-script', exact: true }).waitFor();
    expect(await ana.page.content()).not.toContain(token);

    await ana.page.getByRole('button', { name: 'Revoke your token e2e-script' }).click();
    await ana.page
      .getByRole('cell', { name: 'e2e-script', exact: true })
      .waitFor({ state: 'detached' });
    const revoked = await fetch(`${studio.url}/api/auth/me`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(revoked.status).toBe(401);
    expect(ana.errors).toEqual([]);
  });

  it('shows an admin the team, the address and the watched folder (screenshots, axe)', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const admin = await openPage(browser, { colorScheme: scheme });
      await signInWithToken(admin.page, studio.url, ADMIN);
      await admin.page.getByRole('link', { name: 'Settings' }).click();
      await admin.page.getByRole('heading', { name: 'Team', exact: true }).waitFor();
      await admin.page.getByText('ben', { exact: true }).waitFor();
      // The test hub listens on 127.0.0.1: the page says teammates cannot reach it.
      await admin.page.getByText(/teammates cannot reach it/).waitFor();
      await admin.page.getByText(/library$/).waitFor();
      await admin.page
        .getByRole('button', { name: /Revoke your token/ })
        .first()
        .waitFor();
      await admin.page.screenshot({ path: path.join(SHOTS, `settings-${scheme}.png`) });
      await admin.page.getByRole('button', { name: 'Tokens of ben' }).click();
      await admin.page
        .getByRole('button', { name: /Revoke ben's token/ })
        .first()
        .waitFor();
      expect(await seriousViolations(admin.page)).toEqual([]);

      await admin.page.getByRole('link', { name: 'Activity' }).click();
      await admin.page.locator('.activity-item[data-type="push"]').waitFor();
      await admin.page.locator('.activity-item[data-type="comment.added"]').first().waitFor();
      expect(await seriousViolations(admin.page)).toEqual([]);
      await admin.page.screenshot({ path: path.join(SHOTS, `activity-${scheme}.png`) });
      if (scheme === 'dark') {
        await admin.page
          .locator('.activity-item[data-type="push"]')
          .getByRole('button', { name: /Show comments/ })
          .click();
        await admin.page.locator('.comment').first().waitFor();
        await admin.page
          .getByLabel('Add a comment')
          .fill('Love the **bridge**. Bounce at [this link](https://example.com/b).');
        await admin.page.getByLabel('Add a comment').scrollIntoViewIfNeeded();
        await admin.page.screenshot({ path: path.join(SHOTS, 'comments-dark.png') });
      }
      expect(admin.errors).toEqual([]);
      await admin.context.close();
    }
  });

  it('comments from the keyboard alone: Tab to a version’s Comments, Enter, type, ⌘/Ctrl+Enter', async () => {
    await ana.page.getByRole('link', { name: 'Activity' }).click();
    await entry('push').waitFor();
    await ana.page.getByLabel('Kind').focus();
    const focused = () =>
      ana.page.evaluate(
        "(document.activeElement?.getAttribute('aria-label') ?? '') + '|' + document.activeElement?.tagName",
      ) as Promise<string>;
    let label = '';
    for (let i = 0; i < 60 && !label.startsWith('Show comments on version'); i++) {
      await ana.page.keyboard.press('Tab');
      label = await focused();
    }
    expect(label).toMatch(/^Show comments on version \w+ of F1_tempo\|BUTTON$/);
    await ana.page.keyboard.press('Enter');
    // Into the thread: past ana's own Delete buttons (none left) to the comment field.
    for (let i = 0; i < 10 && !(await focused()).endsWith('TEXTAREA'); i++) {
      await ana.page.keyboard.press('Tab');
    }
    expect(await focused()).toMatch(/TEXTAREA$/);
    await ana.page.keyboard.type('typed without a mouse');
    await ana.page.keyboard.press('Control+Enter');
    await ana.page.locator('.comment', { hasText: 'typed without a mouse' }).waitFor();
    expect(ana.errors).toEqual([]);
  });

  it('pages back to the first event by scrolling, with more than a page of events', async () => {
    // 70 more events: visibility switched back and forth (ana owns the project: she sees them all).
    for (let i = 0; i < 70; i++) {
      await api(studio.url, ADMIN, `${REPO}/visibility`, {
        method: 'PUT',
        json: { visibility: i % 2 === 0 ? 'private' : 'team' },
      });
    }
    const all = async () => {
      const out: unknown[] = [];
      let before = '';
      for (;;) {
        const page = (await api(
          studio.url,
          studio.anaToken,
          `/api/activity?limit=500${before ? `&before=${before}` : ''}`,
        )) as unknown as { events: unknown[]; next: string | null };
        out.push(...page.events);
        if (!page.next) return out.length;
        before = page.next;
      }
    };
    const total = await all();
    // More than the first page of 50: the rest is read by scrolling.
    expect(total).toBeGreaterThan(50);
    await ana.page.goto(`${studio.url}/activity`);
    await ana.page.locator('.activity-item').first().waitFor();
    expect(await ana.page.locator('.activity-item').count()).toBe(50);
    // Scrolling to the end reads the next page by itself; again until the first event.
    const everything = ana.page.getByText('That is everything, back to the beginning.');
    for (let i = 0; i < 10 && !(await everything.isVisible()); i++) {
      await ana.page.locator('.activity-end').scrollIntoViewIfNeeded();
      await ana.page.waitForTimeout(150);
    }
    await everything.waitFor();
    expect(await ana.page.locator('.activity-item').count()).toBe(total);
    expect(await entry('repo.created').count()).toBe(1);
    expect(ana.errors).toEqual([]);
  });
});
