import * as fs from 'node:fs';
import * as path from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../helpers/logic-fixtures.js';
import { TRAY_STATES } from '../../src-main/desktop/tray-model.js';

const config = parse(fs.readFileSync(path.join(repoRoot, 'electron-builder.yml'), 'utf8'));
const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));

/** Width and height of a PNG, and whether it is RGBA (colour type 6). */
function pngInfo(file: string) {
  const b = fs.readFileSync(file);
  expect(b.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return { w: b.readUInt32BE(16), h: b.readUInt32BE(20), rgba: b[25] === 6 };
}

/** The pixels of an 8-bit RGBA PNG whose rows are all unfiltered (as the drawing script writes). */
function pixels(file: string, w: number) {
  const b = fs.readFileSync(file);
  const idat: Buffer[] = [];
  for (let o = 8; o < b.length;) {
    const len = b.readUInt32BE(o);
    if (b.toString('ascii', o + 4, o + 8) === 'IDAT') idat.push(b.subarray(o + 8, o + 8 + len));
    o += len + 12;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const rows: Buffer[] = [];
  for (let o = 0; o < raw.length; o += w * 4 + 1) {
    expect(raw[o]).toBe(0);
    rows.push(raw.subarray(o + 1, o + 1 + w * 4));
  }
  return Buffer.concat(rows);
}

describe('electron-builder.yml', () => {
  it('builds a dmg and a zip for Apple silicon and Intel', () => {
    const targets = config.mac.target.map((t: { target: string; arch: string[] }) => [
      t.target,
      t.arch,
    ]);
    expect(targets).toEqual([
      ['dmg', ['arm64', 'x64']],
      ['zip', ['arm64', 'x64']],
    ]);
  });
  it('signs with the hardened runtime and entitlements that let V8 run', () => {
    expect(config.mac.hardenedRuntime).toBe(true);
    const ent = fs.readFileSync(path.join(repoRoot, config.mac.entitlements), 'utf8');
    expect(ent).toContain('<key>com.apple.security.cs.allow-jit</key>');
    expect(config.mac.entitlementsInherit).toBe(config.mac.entitlements);
  });
  it('declares local network use and the Bonjour service (macOS 15 drops LAN traffic without)', () => {
    expect(config.mac.extendInfo.NSLocalNetworkUsageDescription).toMatch(/network/);
    expect(config.mac.extendInfo.NSBonjourServices).toEqual(['_auxin._tcp']);
    // Asking Logic which projects are open needs the Automation permission and its entitlement.
    expect(config.mac.extendInfo.NSAppleEventsUsageDescription).toMatch(/Logic Pro/);
    const ent = fs.readFileSync(path.join(repoRoot, config.mac.entitlements), 'utf8');
    expect(ent).toContain('<key>com.apple.security.automation.apple-events</key>');
  });
  it('sets the fuses: no run-as-node, no NODE_OPTIONS or inspect flags, asar only and checked', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });
  it('packs the built main, its hub child and preload, and the images, from package.json "main"', () => {
    expect(pkg.main).toBe('dist/src-main/electron/main.js');
    expect(config.files).toEqual(
      expect.arrayContaining(['dist/**', 'resources/tray/**', 'resources/icon.png']),
    );
    expect(pkg.scripts['dist:mac']).toMatch(/electron-builder --mac/);
    // npm install never runs Electron's download script.
    expect(pkg.allowScripts.electron).toBe(false);
  });
  it('ships a 1024 px app icon and a 16 px template image with its @2x for every tray state', () => {
    expect(pngInfo(path.join(repoRoot, config.mac.icon))).toEqual({ w: 1024, h: 1024, rgba: true });
    for (const s of TRAY_STATES) {
      expect(pngInfo(path.join(repoRoot, `resources/tray/${s}Template.png`))).toEqual({
        w: 16,
        h: 16,
        rgba: true,
      });
      expect(pngInfo(path.join(repoRoot, `resources/tray/${s}Template@2x.png`))).toEqual({
        w: 32,
        h: 32,
        rgba: true,
      });
      // A template image is black and transparent only: macOS tints it by its alpha.
      const px = pixels(path.join(repoRoot, `resources/tray/${s}Template@2x.png`), 32);
      const alphas = new Set<number>();
      for (let i = 0; i < px.length; i += 4) {
        expect(px[i]! | px[i + 1]! | px[i + 2]!).toBe(0);
        alphas.add(px[i + 3]!);
      }
      expect(alphas.has(0) && alphas.has(255)).toBe(true);
    }
  });
});
