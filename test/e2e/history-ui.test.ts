/**
 * The project page's history end to end: a real hub process, two versions of a real Logic
 * fixture pushed with the real `auxin` CLI (the second at 124 BPM, with an arrangement snapshot,
 * a new take and a louder bounce), real Chromium. Saves the README's history screenshots.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wavFile } from '../helpers/audio.js';
import { repoRoot } from '../helpers/logic-fixtures.js';
import { simulateSave } from '../helpers/logic-save.js';
import { seriousViolations } from './helpers/axe.js';
import { launch, noBrowser, openPage, signIn, type WatchedPage } from './helpers/browser.js';
import { ANA_PASSWORD, startStudio, type Studio } from './helpers/studio.js';

const SHOTS = path.join(repoRoot, 'docs/screenshots');
const PROJECT = 'F0_baseline';

/** The parts of the page's elements used here (this file is compiled without the DOM's types). */
interface Media {
  play(): Promise<void>;
  pause(): void;
  currentTime: number;
}
interface Canvas {
  width: number;
  height: number;
  getContext(kind: '2d'): {
    getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
  };
}

let studio: Studio;
let browser: Browser;
let light: WatchedPage;
let dark: WatchedPage;

/** A stand-in for Logic's arrangement window, drawn by the browser and saved as a real JPEG. */
async function arrangementJpeg(b: Browser): Promise<Buffer> {
  const page = await b.newPage({ viewport: { width: 480, height: 300 } });
  const lanes = ['#e76f51', '#2a9d8f', '#e9c46a', '#8ab17d', '#457b9d']
    .map(
      (c, i) =>
        `<div style="position:absolute;left:${20 + i * 37}px;top:${20 + i * 52}px;` +
        `width:${260 - i * 20}px;height:40px;background:${c};border-radius:4px"></div>`,
    )
    .join('');
  await page.setContent(`<body style="margin:0;background:#2b2b2e">${lanes}</body>`);
  const jpeg = await page.screenshot({ type: 'jpeg', quality: 80 });
  await page.close();
  return jpeg;
}

async function openProject(p: Page) {
  await p.goto(`${studio.url}/projects/studio/${PROJECT}.logicx`);
  await p.getByRole('heading', { name: 'History' }).waitFor();
  await p.getByRole('option', { name: /faster: 124 BPM/ }).waitFor();
}

async function shot(p: Page, name: string) {
  // Focus moves scroll the page: every screenshot starts at its top, the same in both themes.
  await p.evaluate(`document.querySelector('.project-page')?.scrollTo(0, 0)`);
  await p.screenshot({ path: path.join(SHOTS, name) });
}

describe.skipIf(noBrowser)('the project history in Chromium', () => {
  beforeAll(async () => {
    [studio, browser] = await Promise.all([startStudio([PROJECT]), launch()]);
    const dir = studio.projects[PROJECT]!.dir;
    // Version 1 (pushed by startStudio) gets a bounce too, so version 2's bounce has an A to B.
    fs.mkdirSync(path.join(dir, 'Bounces'));
    fs.writeFileSync(path.join(dir, 'Bounces', 'Mix.wav'), wavFile(3, 44100, 220, 2));
    await studio.asBen(PROJECT, ['commit', '-m', 'first bounce', '--author', 'ben']);
    await studio.asBen(PROJECT, ['push']);
    await simulateSave(dir, { BeatsPerMinute: 124 });
    fs.writeFileSync(
      path.join(dir, 'Alternatives', '000', 'WindowImage.jpg'),
      await arrangementJpeg(browser),
    );
    fs.mkdirSync(path.join(dir, 'Media', 'Audio Files'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'Media', 'Audio Files', 'Vocals 2.wav'),
      wavFile(4, 48000, 330, 1),
    );
    fs.writeFileSync(path.join(dir, 'Bounces', 'Mix.wav'), wavFile(3, 44100, 440, 2));
    await studio.asBen(PROJECT, ['commit', '-m', 'faster: 124 BPM', '--author', 'ben']);
    await studio.asBen(PROJECT, ['push']);
    light = await openPage(browser);
    dark = await openPage(browser, { colorScheme: 'dark' });
    await signIn(light.page, studio.url, 'ana', ANA_PASSWORD);
    await signIn(dark.page, studio.url, 'ana', ANA_PASSWORD);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await studio?.stop();
  });

  it('shows every version with its message and the tempo change, newest selected', async () => {
    await openProject(light.page);
    const options = light.page.getByRole('listbox').getByRole('option');
    expect(await options.count()).toBe(3);
    const newest = options.nth(0);
    expect(await newest.getAttribute('aria-selected')).toBe('true');
    expect(await newest.innerText()).toContain('Tempo 120 → 124 BPM');
    expect(await options.nth(1).innerText()).toContain('first bounce');
    expect(await options.nth(2).innerText()).toContain('F0 baseline: first mix');
    await light.page.getByText('120 → 124').first().waitFor();
    // The arrangement snapshot is a real image, loaded through the session cookie.
    const thumb = newest.locator('img');
    await expect
      .poll(() =>
        thumb.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
      )
      .toBeGreaterThan(100);
    // Arrow keys move the selection and the detail follows.
    await light.page.getByRole('listbox').focus();
    await light.page.keyboard.press('ArrowDown');
    await light.page.getByRole('heading', { level: 2, name: 'first bounce' }).waitFor();
    await light.page.keyboard.press('ArrowUp');
    await light.page.getByRole('heading', { level: 2, name: 'faster: 124 BPM' }).waitFor();
    expect(await seriousViolations(light.page)).toEqual([]);
    await shot(light.page, 'history-light.png');
    await openProject(dark.page);
    await shot(dark.page, 'history-dark.png');
  });

  it('compares two versions: the files that changed and the tempo', async () => {
    for (const w of [light, dark]) {
      await w.page.getByRole('button', { name: 'Compare' }).click();
      await w.page.getByRole('table', { name: /^Added/ }).waitFor();
    }
    const added = await light.page.getByRole('table', { name: /^Added/ }).innerText();
    expect(added).toContain('Alternatives/000/WindowImage.jpg');
    expect(added).toContain('Media/Audio Files/Vocals 2.wav');
    const changed = await light.page.getByRole('table', { name: /^Changed/ }).innerText();
    expect(changed).toContain('Bounces/Mix.wav');
    expect(changed).toContain('Alternatives/000/MetaData.plist');
    expect(await light.page.locator('.compare-result').innerText()).toContain(
      'Tempo 120 → 124 BPM',
    );
    expect(await seriousViolations(light.page)).toEqual([]);
    await shot(light.page, 'compare-light.png');
    await shot(dark.page, 'compare-dark.png');
  });

  it('plays an audio file through Range requests (206) and draws its waveform', async () => {
    const ranged: { status: number; range: string | undefined; type: string | undefined }[] = [];
    light.page.on('response', (r) => {
      if (r.url().includes('/file?') && r.url().includes('Vocals')) {
        ranged.push({
          status: r.status(),
          range: r.request().headers().range,
          type: r.headers()['content-type'],
        });
      }
    });
    for (const w of [light, dark]) {
      await w.page.getByRole('button', { name: 'Files' }).click();
      await w.page.getByRole('button', { name: /Audio Files/ }).click();
      await w.page.getByRole('button', { name: 'Play Vocals 2.wav' }).click();
      await w.page.getByRole('img', { name: /Waveform of Vocals 2.wav, 4.0 s/ }).waitFor();
    }
    const audio = light.page.locator('audio');
    // The click above was a user gesture: the page may start playback.
    await audio.evaluate((el) => (el as unknown as Media).play());
    await expect
      .poll(() => audio.evaluate((el) => (el as unknown as Media).currentTime), { timeout: 10_000 })
      .toBeGreaterThan(0.2);
    expect(ranged.some((r) => r.status === 206 && r.range?.startsWith('bytes='))).toBe(true);
    expect(ranged.every((r) => r.status !== 200)).toBe(true);
    expect(ranged[0]!.type).toBe('audio/wav');
    const inked = await light.page.locator('canvas.waveform').evaluate((c) => {
      const canvas = c as unknown as Canvas;
      const px = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 3; i < px.length; i += 4) if (px[i]! > 0) n++;
      return { n, total: px.length / 4 };
    });
    // A swelling tone: a good part of the canvas is drawn, never all of it.
    expect(inked.n).toBeGreaterThan(inked.total * 0.1);
    expect(inked.n).toBeLessThan(inked.total);
    await audio.evaluate((el) => (el as unknown as Media).pause());
    expect(await seriousViolations(light.page)).toEqual([]);
    await shot(light.page, 'files-player-light.png');
    await shot(dark.page, 'files-player-dark.png');
  });

  it('offers the bounce as a preview with A/B against the version before, and the restore commands', async () => {
    await light.page.getByRole('button', { name: 'Overview' }).click();
    await light.page.getByRole('heading', { name: 'Previews' }).waitFor();
    const audio = light.page.locator('.previews audio');
    const b = await audio.getAttribute('src');
    await light.page.getByRole('button', { name: /^A: first bounce/ }).click();
    const a = await audio.getAttribute('src');
    expect(a).not.toBe(b);
    expect(a).toContain('Bounces%2FMix.wav');
    const head = (await light.page
      .getByRole('listbox')
      .getByRole('option')
      .nth(0)
      .getAttribute('id'))!.slice(8);
    await light.page.getByText(`auxin checkout ${head.slice(0, 12)}`).waitFor();
    await light.page.getByText('auxin pull').waitFor();
    // The comments panel sits in the version detail; a teammate's comment reaches its row live.
    await light.page.getByRole('heading', { name: /Comments/ }).waitFor();
    await fetch(`${studio.url}/api/repos/studio/${PROJECT}.logicx/commits/${head}/comments`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${studio.benToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ body: 'the **bridge** drags at 124' }),
    });
    await light.page
      .getByRole('listbox')
      .getByRole('option')
      .nth(0)
      .getByText('1 comment')
      .waitFor({ timeout: 5000 });
    expect(await seriousViolations(light.page)).toEqual([]);
    expect(light.errors).toEqual([]);
    expect(dark.errors).toEqual([]);
  });
});
