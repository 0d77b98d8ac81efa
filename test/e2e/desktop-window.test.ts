/**
 * The desktop-only screens of the web UI in real Chromium against a real hub process: the page
 * is given a stand-in of the preload's `window.auxin` (an init script), whose connectHub signs
 * in over real HTTP to the hub as the main process does (POST /api/auth/login). Without the
 * bridge the screens stay hidden; with it the window signs in with the app's token, and the
 * connect screen finds the hub, signs in once and says the app restarts; "Commit, push and
 * release" (when Logic closed a project) sends the edited message. Saves the README's
 * screenshots of both.
 */
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/logic-fixtures.js';
import { seriousViolations } from './helpers/axe.js';
import { launch, noBrowser, openPage } from './helpers/browser.js';
import { ANA_PASSWORD, startStudio, type Studio } from './helpers/studio.js';

const SHOTS = path.join(repoRoot, 'docs/screenshots');

/** The preload's functions, as the page sees them; `session` is the app's token for this hub. */
function bridgeScript(hubUrl: string, session: string) {
  return `
    window.__connects = [];
    window.__finished = [];
    window.auxin = {
      suggestMessage: async () => 'tempo 137.5 → 140 BPM; 1 file changed',
      finishSession: async (p, o) => { window.__finished.push({ project: p, message: o.message }); },
      getSession: async () => ({ url: ${JSON.stringify(hubUrl)}, token: ${JSON.stringify(session)}, username: 'ana' }),
      getPreferences: async () => ({ mode: 'hub', clientHub: null, clientUser: null }),
      runOwnHub: async () => { throw new Error("Error invoking remote method 'auxin:run-own-hub': Error: CONFLICT: this Mac already runs its own hub"); },
      discoverHubs: async () => [
        { name: 'Auxin Hub on studio-mac', url: ${JSON.stringify(hubUrl)}, version: '1' },
        { name: 'Auxin Hub on booth', url: 'http://192.0.2.31:3000' },
      ],
      connectHub: async (a) => {
        window.__connects.push({ address: a.address, username: a.username });
        const r = await fetch(a.address + '/api/auth/login', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username: a.username, password: a.password }),
        });
        const body = await r.json();
        if (!r.ok) throw new Error("Error invoking remote method 'auxin:connect-hub': Error: " + body.code + ': ' + body.error);
        return { url: a.address, username: body.user.username };
      },
    };`;
}

let studio: Studio;
let browser: Browser;

describe.skipIf(noBrowser)('the desktop window in Chromium', () => {
  beforeAll(async () => {
    [studio, browser] = await Promise.all([startStudio(['F1_tempo']), launch()]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await studio?.stop();
  });

  it('in a browser: no connect screen, the sign-in form asks for a password', async () => {
    const w = await openPage(browser);
    await w.page.goto(`${studio.url}/#/connect`);
    await w.page.getByLabel('Username').waitFor();
    expect(await w.page.getByText('Connect to another studio hub').count()).toBe(0);
    expect(await w.page.getByText("Connect to the studio's hub").count()).toBe(0);
    await w.context.close();
  });

  it("the window signs in with the app's session: the projects, no form", async () => {
    const w = await openPage(browser);
    await w.context.addInitScript(bridgeScript(studio.url, studio.anaToken));
    await w.page.goto(studio.url);
    await w.page.getByRole('button', { name: 'Sign out' }).waitFor();
    await w.page.getByRole('listitem').filter({ hasText: 'F1_tempo' }).waitFor();
    expect(w.errors).toEqual([]);
    await w.context.close();
  });

  it('the connect screen: finds the hub, refuses a wrong password with its code, connects with the right one', async () => {
    const w = await openPage(browser, { width: 900, height: 820 });
    // A fresh Mac: the app holds no session for this hub yet.
    await w.context.addInitScript(bridgeScript(studio.url, ''));
    await w.page.goto(`${studio.url}/#/connect`);
    await w.page.getByRole('heading', { name: "Connect to the studio's hub" }).waitFor();
    await w.page.getByRole('button', { name: /Auxin Hub on studio-mac/ }).click();
    expect(await w.page.getByLabel('Hub address').inputValue()).toBe(studio.url);
    await w.page.getByLabel('Username').fill('ana');
    await w.page.getByLabel('Password').fill('not her password');
    await w.page.screenshot({ path: path.join(SHOTS, 'desktop-connect.png') });
    await w.page.getByRole('button', { name: 'Sign in and connect' }).click();
    const alert = w.page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/wrong username or password[\s\S]*UNAUTHORIZED/);
    expect(await seriousViolations(w.page)).toEqual([]);
    await w.page.getByLabel('Password').fill(ANA_PASSWORD);
    await w.page.getByRole('button', { name: 'Sign in and connect' }).click();
    await w.page.getByRole('heading', { name: 'Connected' }).waitFor();
    expect(await w.page.getByRole('status').innerText()).toContain(
      `Signed in to ${studio.url} as ana. Auxin restarts to work with that hub.`,
    );
    expect(await w.page.evaluate('window.__connects')).toEqual([
      { address: studio.url, username: 'ana' },
      { address: studio.url, username: 'ana' },
    ]);
    // The failed sign-in's 401 is the only console error the page may log.
    expect(w.errors.filter((e) => !/401/.test(e))).toEqual([]);
    await w.context.close();
  });

  it('"Commit, push and release" after Logic closed the project: the suggested message, editable', async () => {
    const w = await openPage(browser, { width: 900, height: 620 });
    await w.context.addInitScript(bridgeScript(studio.url, studio.anaToken));
    await w.page.goto(`${studio.url}/#/finish/studio/F1_tempo`);
    const box = w.page.getByLabel('Message');
    await w.page.getByRole('heading', { name: 'Commit, push and release F1_tempo' }).waitFor();
    expect(await box.inputValue()).toBe('tempo 137.5 → 140 BPM; 1 file changed');
    expect(await seriousViolations(w.page)).toEqual([]);
    await w.page.screenshot({ path: path.join(SHOTS, 'desktop-finish.png') });
    await box.fill('tempo 140, new chorus');
    await w.page.getByRole('button', { name: 'Commit, push and release' }).click();
    await w.page.getByRole('heading', { name: 'Pushed and released' }).waitFor();
    expect(await w.page.evaluate('window.__finished')).toEqual([
      { project: { namespace: 'studio', name: 'F1_tempo' }, message: 'tempo 140, new chorus' },
    ]);
    await w.page.getByRole('button', { name: 'Back to the projects' }).click();
    await w.page.getByRole('listitem').filter({ hasText: 'F1_tempo' }).waitFor();
    expect(w.errors).toEqual([]);
    await w.context.close();
  });
});
