/**
 * The web UI end to end: a real hub process holding real pushed Logic fixtures, real Chromium,
 * the real `auxin` CLI as a teammate. Saves the README's screenshots to docs/screenshots/.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/logic-fixtures.js';
import { seriousViolations } from './helpers/axe.js';
import { launch, noBrowser, openPage, signIn, type WatchedPage } from './helpers/browser.js';
import { ANA_PASSWORD, startStudio, type Studio } from './helpers/studio.js';

const SHOTS = path.join(repoRoot, 'docs/screenshots');
const FIXTURES = ['F1_tempo', 'F16_sr48', 'F21_multitrack_regions', 'F10_sigs'];

let studio: Studio;
let browser: Browser;
let ana: WatchedPage;

describe.skipIf(noBrowser)('the web UI in Chromium', () => {
  beforeAll(async () => {
    [studio, browser] = await Promise.all([startStudio(FIXTURES), launch()]);
    ana = await openPage(browser);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await studio?.stop();
  });

  const row = (name: string) => ana.page.getByRole('listitem').filter({ hasText: name });

  it('signs in with the form and shows each fixture with its tempo and key', async () => {
    await ana.page.goto(studio.url);
    await expect(ana.page.getByLabel('Username')).toBeDefined();
    await signIn(ana.page, studio.url, 'ana', ANA_PASSWORD);
    const tempo = row('F1_tempo');
    await tempo.waitFor();
    const text = await tempo.innerText();
    expect(text).toContain('137.5 BPM');
    expect(text).toContain('C major');
    expect(text).toContain('F1 tempo: first mix');
    expect(await row('F16_sr48').innerText()).toContain('48 kHz');
    expect(await row('Sketch').innerText()).toContain('local');
    // The cookie is HttpOnly: page scripts cannot read it.
    expect(await ana.page.evaluate('document.cookie')).toBe('');
  });

  it('saves the screenshots: projects in light and dark, and a project page', async () => {
    await ana.page.screenshot({ path: path.join(SHOTS, 'projects-light.png') });
    const dark = await openPage(browser, { colorScheme: 'dark' });
    await signIn(dark.page, studio.url, 'ana', ANA_PASSWORD);
    await dark.page.getByRole('listitem').filter({ hasText: 'F1_tempo' }).waitFor();
    await dark.page.screenshot({ path: path.join(SHOTS, 'projects-dark.png') });
    await dark.page.getByRole('link', { name: 'F21_multitrack_regions' }).click();
    await dark.page.getByRole('heading', { name: 'History' }).waitFor();
    await dark.page.getByText('first mix').first().waitFor();
    await dark.page.screenshot({ path: path.join(SHOTS, 'project-dark.png') });
    await ana.page.getByRole('link', { name: 'F21_multitrack_regions' }).click();
    await ana.page.getByText('first mix').first().waitFor();
    await ana.page.screenshot({ path: path.join(SHOTS, 'project-light.png') });
    expect(dark.errors).toEqual([]);
    await dark.context.close();
    await ana.page.goBack();
  });

  it('finds no serious or critical accessibility violation on the sign-in page, the projects and a project', async () => {
    const guest = await openPage(browser);
    await guest.page.goto(studio.url);
    await guest.page.getByLabel('Username').waitFor();
    expect(await seriousViolations(guest.page)).toEqual([]);
    await guest.page.getByRole('button', { name: 'Use a token' }).click();
    await guest.page.getByLabel('Token').fill(studio.benToken);
    await guest.page.getByLabel('Token').press('Enter');
    await guest.page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await guest.page.getByText('ben · producer').count()).toBe(1);
    await guest.context.close();

    await row('F1_tempo').waitFor();
    expect(await seriousViolations(ana.page)).toEqual([]);
    await ana.page.getByRole('button', { name: 'Lock F10_sigs' }).click();
    await ana.page.getByRole('dialog').waitFor();
    expect(await seriousViolations(ana.page)).toEqual([]);
    await ana.page.keyboard.press('Escape');
    await ana.page.getByRole('link', { name: 'F16_sr48' }).click();
    await ana.page.getByRole('heading', { name: 'History' }).waitFor();
    expect(await seriousViolations(ana.page)).toEqual([]);
    await ana.page.goBack();
  });

  it('takes a lock from the UI that another client sees with `auxin lock status`', async () => {
    await row('F16_sr48').getByRole('button', { name: 'Lock F16_sr48' }).click();
    await ana.page.getByLabel('Reason (optional)').fill('mixing');
    await ana.page.getByLabel('Lease').selectOption({ label: '2 hours' });
    await ana.page.getByRole('dialog').getByRole('button', { name: 'Lock' }).click();
    await row('F16_sr48').getByText('locked by me').waitFor();
    expect(await row('F16_sr48').innerText()).toMatch(/1 h 59 min left|2 h 0 min left/);

    const seen = (await studio.asBen('F16_sr48', ['lock', 'status', '--json'])).json();
    expect(seen).toMatchObject({
      locked: true,
      lock: { username: 'ana', reason: 'mixing', ttl_seconds: 7200 },
    });

    await row('F16_sr48').getByRole('button', { name: 'Renew the lock on F16_sr48' }).click();
    await row('F16_sr48').getByRole('button', { name: 'Release F16_sr48' }).click();
    await row('F16_sr48').getByText('free').waitFor();
    expect((await studio.asBen('F16_sr48', ['lock', 'status', '--json'])).json()).toEqual({
      locked: false,
    });
  });

  it("shows a teammate's CLI lock and its release without a reload, and tells who waited", async () => {
    await studio.asBen('F1_tempo', [
      'lock',
      'acquire',
      '--reason',
      'tracking vocals',
      '--ttl',
      '2h',
    ]);
    const locked = row('F1_tempo').getByText('tracking vocals');
    await locked.waitFor({ timeout: 3000 });
    expect(await row('F1_tempo').innerText()).toMatch(
      /locked by ben, (1 h 59|2 h 0) min left, "tracking vocals"/,
    );
    // ana owns the repository, so she may break the lock; she asks to be told instead.
    expect(
      await row('F1_tempo').getByRole('button', { name: 'Force release F1_tempo' }).count(),
    ).toBe(1);
    await row('F1_tempo').getByRole('button', { name: 'Tell me when F1_tempo is free' }).click();
    await row('F1_tempo')
      .getByRole('button', { name: 'Waiting for F1_tempo to be free' })
      .waitFor();

    await studio.asBen('F1_tempo', ['lock', 'release']);
    await row('F1_tempo').getByText('free').waitFor({ timeout: 3000 });
    await ana.page.getByText('F1_tempo is free now').waitFor({ timeout: 3000 });
  });

  it("shows a teammate's CLI push in the list and on the project page without a reload", async () => {
    await ana.page.getByRole('link', { name: 'F10_sigs' }).click();
    await ana.page.getByText('F10 sigs: first mix').first().waitFor();
    const bundle = studio.projects.F10_sigs!.dir;
    fs.writeFileSync(path.join(bundle, 'Resources', 'notes.txt'), 'bass: take 3\n');
    await studio.asBen('F10_sigs', ['commit', '-m', 'bass overdub', '--author', 'ben']);
    await studio.asBen('F10_sigs', ['push']);
    await ana.page.getByText('bass overdub').first().waitFor({ timeout: 3000 });
    await ana.page.goBack();
    expect(await row('F10_sigs').innerText()).toMatch(/bass overdub · ben · just now/);
  });

  it("reads well at 1920×1080 in dark mode with a teammate's lock and one of mine (screenshot)", async () => {
    const wide = await openPage(browser, { colorScheme: 'dark', width: 1920, height: 1080 });
    await signIn(wide.page, studio.url, 'ana', ANA_PASSWORD);
    const wideRow = (name: string) => wide.page.getByRole('listitem').filter({ hasText: name });
    await studio.asBen('F1_tempo', [
      'lock',
      'acquire',
      '--reason',
      'tracking vocals',
      '--ttl',
      '2h',
    ]);
    await wideRow('F1_tempo').getByText('tracking vocals').waitFor({ timeout: 3000 });
    await wideRow('F16_sr48').getByRole('button', { name: 'Lock F16_sr48' }).click();
    await wide.page.getByLabel('Reason (optional)').fill('mixing');
    await wide.page.getByRole('dialog').getByRole('button', { name: 'Lock' }).click();
    await wideRow('F16_sr48').getByText('locked by me').waitFor();
    // Nothing spills sideways, and each row keeps its metadata on screen.
    const overflow = await wide.page.evaluate(
      'document.documentElement.scrollWidth - window.innerWidth',
    );
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await wideRow('F1_tempo').innerText()).toMatch(
      /137\.5 BPM[\s\S]*locked by ben, (1 h 59|2 h 0) min left, "tracking vocals"/,
    );
    await wide.page.screenshot({ path: path.join(SHOTS, 'projects-locks-1080p-dark.png') });
    await wideRow('F16_sr48').getByRole('button', { name: 'Release F16_sr48' }).click();
    await wideRow('F16_sr48').getByText('free').waitFor();
    await studio.asBen('F1_tempo', ['lock', 'release']);
    await wideRow('F1_tempo').getByText('free').waitFor({ timeout: 3000 });
    expect(wide.errors).toEqual([]);
    await wide.context.close();
  });

  it('refuses a write carried by the session cookie from a foreign Origin', async () => {
    const cookies = await ana.context.cookies(studio.url);
    const session = cookies.find((c) => c.name === 'auxin_session')!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    const forged = await fetch(
      `${studio.url}/api/repos/studio/F21_multitrack_regions.logicx/locks/acquire`,
      {
        method: 'POST',
        headers: {
          Cookie: `auxin_session=${session.value}`,
          Origin: 'https://evil.example',
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ machine_id: 'evil' }),
      },
    );
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ code: 'CROSS_ORIGIN' });
    expect(
      (await studio.asBen('F21_multitrack_regions', ['lock', 'status', '--json'])).json(),
    ).toEqual({
      locked: false,
    });
  });

  it('shows "reconnecting..." while the hub is away, then catches up once it is back', async () => {
    await ana.page.getByText('live', { exact: true }).waitFor();
    await studio.restart(async () => {
      await ana.page.getByText('reconnecting...').waitFor({ timeout: 5000 });
    });
    await ana.page.getByText('live', { exact: true }).waitFor({ timeout: 15_000 });
    await studio.asBen('F21_multitrack_regions', ['lock', 'acquire', '--reason', 'comping']);
    await row('F21_multitrack_regions').getByText('comping').waitFor({ timeout: 3000 });
    await studio.asBen('F21_multitrack_regions', ['lock', 'release']);
    // The only console errors allowed: the browser's own notes of the refused connections.
    expect(ana.errors.filter((e) => !e.includes('ERR_CONNECTION_REFUSED'))).toEqual([]);
    ana.errors.splice(0);
  });

  it('signs out, ending the session on the hub', async () => {
    const session = (await ana.context.cookies(studio.url)).find(
      (c) => c.name === 'auxin_session',
    )!;
    await ana.page.getByRole('button', { name: 'Sign out' }).click();
    await ana.page.getByLabel('Username').waitFor();
    const after = await fetch(`${studio.url}/api/auth/me`, {
      headers: { Cookie: `auxin_session=${session.value}` },
    });
    expect(after.status).toBe(401);
    expect(ana.errors).toEqual([]);
  });
});
