// Draws the README's pictures of the desktop app with Chromium (Debian's, through playwright-core):
// the menubar icon in its five states, the tray menu, a notification, and the window. They are
// drawings in HTML (no Mac here to take screenshots), using the real template images of
// resources/tray/. `node scripts/draw-docs-images.mjs` writes docs/images/desktop-*.png.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const icon = (s) =>
  `data:image/png;base64,${readFileSync(path.join(root, 'resources/tray', `${s}Template@2x.png`)).toString('base64')}`;
const appIcon = `data:image/png;base64,${readFileSync(path.join(root, 'resources/icon.png')).toString('base64')}`;

const font = `font-family: -apple-system, "Helvetica Neue", "DejaVu Sans", sans-serif;`;
const states = [
  ['free', 'All projects free'],
  ['mine', 'You hold a lock'],
  ['teammate', 'A teammate holds a lock or pushed'],
  ['syncing', 'Syncing'],
  ['offline', 'Hub offline or in error'],
];
// A template image is drawn in the menu bar's text colour: black on light, white on dark.
const bar = (dark) => `
  <div style="display:flex;gap:28px;padding:10px 18px;background:${dark ? '#2b2b30' : '#ececec'};border-radius:8px">
    ${states
      .map(
        ([
          s,
          label,
        ]) => `<div style="display:flex;flex-direction:column;align-items:center;width:150px;gap:8px">
          <img src="${icon(s)}" style="width:16px;height:16px;${dark ? 'filter:invert(1)' : ''}">
          <span style="font-size:12px;color:${dark ? '#ddd' : '#333'};text-align:center">${label}</span></div>`,
      )
      .join('')}
  </div>`;

const pages = {
  'desktop-tray-states': `<div style="display:flex;flex-direction:column;gap:12px;padding:16px;background:#fff">${bar(false)}${bar(true)}</div>`,
  'desktop-tray-menu': `
    <div style="padding:16px;background:linear-gradient(160deg,#6d7fb0,#3c4a72);width:560px;height:330px">
      <div style="display:flex;justify-content:flex-end;gap:14px;align-items:center;background:rgba(236,236,236,.85);height:24px;padding:0 12px;font-size:13px">
        <img src="${icon('teammate')}" style="width:16px;height:16px;background:rgba(0,0,0,.12);border-radius:4px;padding:2px 5px">
        <span>Sun 10:42</span></div>
      <div style="display:flex;justify-content:flex-end;align-items:flex-start;gap:2px">
      <div style="margin-top:58px;width:150px;background:rgba(246,246,246,.97);border-radius:8px;box-shadow:0 8px 30px rgba(0,0,0,.35);padding:5px 0;font-size:13px">
        <div style="padding:3px 14px;color:#aaa">Lock &amp; Open</div>
        <div style="padding:3px 14px;color:#aaa">Release</div>
        <div style="padding:3px 14px">Show in Auxin</div>
      </div>
      <div style="margin:4px 0 0 0;width:360px;background:rgba(246,246,246,.97);border-radius:8px;box-shadow:0 8px 30px rgba(0,0,0,.35);padding:5px 0;font-size:13px">
        ${[
          ['Album: locked by you, 9 min left', '›'],
          ['Demo: free', '›'],
          ['Song: locked by ana, 1 h 59 min left', '›'],
          ['Vocals: free · new version', '›'],
          '-',
          ['Open Auxin'],
          ['Copy hub address (http://192.168.1.20:3000)'],
          ['Pause hub'],
          ['Preferences', '›'],
          '-',
          ['Quit Auxin'],
        ]
          .map((i) =>
            i === '-'
              ? '<div style="height:1px;background:#d5d5d5;margin:5px 10px"></div>'
              : `<div style="display:flex;justify-content:space-between;padding:3px 14px${i[0].startsWith('Song') ? ';background:#3478f6;color:#fff;border-radius:4px;margin:0 5px;padding:3px 9px' : ''}"><span>${i[0]}</span><span>${i[1] ?? ''}</span></div>`,
          )
          .join('')}
      </div>
      </div>
    </div>`,
  'desktop-notification': `
    <div style="padding:18px;background:linear-gradient(160deg,#6d7fb0,#3c4a72);width:400px">
      <div style="display:flex;gap:12px;align-items:flex-start;background:rgba(245,245,245,.96);border-radius:14px;padding:12px 14px;box-shadow:0 6px 24px rgba(0,0,0,.3)">
        <img src="${appIcon}" style="width:38px;height:38px">
        <div style="flex:1;font-size:13px;line-height:1.35">
          <div style="display:flex;justify-content:space-between"><b>ana locked Song</b><span style="color:#888;font-size:12px">now</span></div>
          <div style="color:#333">Locked on ana-mac until 12:41.</div>
        </div>
      </div>
      <div style="height:10px"></div>
      <div style="display:flex;gap:12px;align-items:flex-start;background:rgba(245,245,245,.96);border-radius:14px;padding:12px 14px;box-shadow:0 6px 24px rgba(0,0,0,.3)">
        <img src="${appIcon}" style="width:38px;height:38px">
        <div style="flex:1;font-size:13px;line-height:1.35">
          <div style="display:flex;justify-content:space-between"><b>Your lock on Album ends in 10 minutes</b></div>
          <div style="color:#333">Renew it to keep working, or push and release.</div>
        </div>
        <div style="border-left:1px solid #ddd;padding-left:12px;align-self:center;color:#3478f6;font-size:13px">Renew</div>
      </div>
    </div>`,
  'desktop-window': `
    <div style="padding:20px;background:#c9cfdc">
      <div style="width:820px;border-radius:10px;overflow:hidden;box-shadow:0 10px 40px rgba(0,0,0,.35);background:#fff">
        <div style="height:30px;background:#ececec;display:flex;align-items:center;gap:8px;padding:0 12px;border-bottom:1px solid #d6d6d6">
          <span style="width:12px;height:12px;border-radius:6px;background:#ff5f57"></span><span style="width:12px;height:12px;border-radius:6px;background:#febc2e"></span><span style="width:12px;height:12px;border-radius:6px;background:#28c840"></span>
          <span style="flex:1;text-align:center;font-size:13px;color:#444">Auxin</span></div>
        <div style="display:flex;height:380px">
          <div style="width:170px;background:#f4f4f6;border-right:1px solid #e2e2e2;padding:14px 0;font-size:13px">
            ${['Projects', 'Locks', 'Activity', 'Settings'].map((n, i) => `<div style="padding:6px 18px;${i === 0 ? 'background:#e1e6f5;font-weight:600' : ''}">${n}</div>`).join('')}
          </div>
          <div style="flex:1;padding:18px 22px;font-size:13px">
            <div style="font-size:18px;font-weight:600;margin-bottom:12px">Projects</div>
            <table style="width:100%;border-collapse:collapse">
              <tr style="color:#777;text-align:left"><th style="padding:6px 4px">Project</th><th>Latest version</th><th>Tempo · key</th><th>Lock</th></tr>
              ${[
                ['Album', 'mix v12 · you, 10:31', '96 BPM · F minor', 'you, 9 min left'],
                ['Demo', 'rough idea · bo, yesterday', '120 BPM · C major', 'free'],
                ['Song', 'vocal comp · ana, 10:40', '88 BPM · A minor', 'ana, 1 h 59 min left'],
                ['Vocals', 'takes 3–7 · ana, 10:12', '88 BPM · A minor', 'free'],
              ]
                .map(
                  (r) =>
                    `<tr style="border-top:1px solid #eee">${r.map((c, i) => `<td style="padding:9px 4px;${i === 0 ? 'font-weight:600' : ''}${i === 3 && c !== 'free' ? ';color:#b4511e' : ''}">${c}</td>`).join('')}</tr>`,
                )
                .join('')}
            </table>
            <div style="margin-top:18px;display:flex;gap:10px">
              <span style="background:#3478f6;color:#fff;border-radius:6px;padding:6px 12px">Lock &amp; Open</span>
              <span style="border:1px solid #ccc;border-radius:6px;padding:6px 12px">Commit, push and release…</span>
            </div>
          </div>
        </div>
      </div>
    </div>`,
};

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
});
try {
  const page = await browser.newPage({ deviceScaleFactor: 2 });
  for (const [name, html] of Object.entries(pages)) {
    await page.setContent(
      `<html><body style="margin:0;${font}"><div id="c" style="display:inline-block">${html}</div></body></html>`,
    );
    await page.locator('#c').screenshot({ path: path.join(root, 'docs/images', `${name}.png`) });
    console.log(`wrote docs/images/${name}.png`);
  }
} finally {
  await browser.close();
}
