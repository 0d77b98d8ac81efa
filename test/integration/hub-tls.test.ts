/**
 * TLS on the LAN (issue #19, section 4), through the real `auxin` command and a real hub process
 * serving HTTPS: the hub makes and keeps a self-signed certificate and prints its fingerprint;
 * `auxin login` pins it on first contact (refusing without a TTY or a matching --fingerprint);
 * push, clone, pull and locks work over the pinned certificate; a hub restarted with another
 * certificate (a studio's own, --tls-cert/--tls-key) is refused with CERT_CHANGED until re-trusted;
 * the web UI's session cookie is Secure.
 */
import { createHash, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSelfSigned } from '../../src-main/hub/tls/certificate.js';
import { auxin, ok } from '../helpers/cli.js';
import { mitBundle } from '../helpers/logic-fixtures.js';
import { useStudio } from './helpers/studio.js';

const ADMIN = 'tls-admin-token-0123456789abcdef';
const FINGERPRINT = /SHA-256 fingerprint: ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})\n/;

const studio = useStudio({ prefix: 'auxin-tls-', adminToken: ADMIN, hubArgs: ['--tls'] });
const { work } = studio;
const printed = () => FINGERPRINT.exec(studio.hub.stdout())?.[1] ?? '';
const knownHubs = (user: string) =>
  path.join(work.dir, `home-${user}`, '.auxin', 'known-hubs.json');
const repo = () => `${studio.hub.url}/studio/Tempo.logicx`;

describe('a hub serving HTTPS with a pinned certificate', () => {
  const a = path.join(work.dir, 'ana', 'Tempo.logicx');
  const b = path.join(work.dir, 'ben', 'Tempo.logicx');
  let first = '';

  it('makes a self-signed certificate in the data folder, key 0600, and prints its fingerprint', () => {
    expect(studio.hub.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    first = printed();
    const certFile = path.join(studio.data, '.hub', 'tls-cert.pem');
    const keyFile = path.join(studio.data, '.hub', 'tls-key.pem');
    const der = new X509Certificate(fs.readFileSync(certFile)).raw;
    const hex = createHash('sha256').update(der).digest('hex').toUpperCase();
    expect(first.replace(/:/g, '')).toBe(hex);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
  });

  it('refuses first contact without a terminal or with a wrong --fingerprint, pinning nothing', async () => {
    const bare = await auxin(['login', studio.hub.url, '--json'], studio.as('ana', work.dir));
    expect(bare.code).not.toBe(0);
    expect(JSON.parse(bare.stdout)).toMatchObject({ code: 'CERT_UNTRUSTED', presented: first });
    expect(bare.stderr).toContain(`--fingerprint ${first}`);

    const wrong = first.replace(/^../, first.startsWith('00') ? '11' : '00');
    const r = await auxin(
      ['login', studio.hub.url, '--fingerprint', wrong],
      studio.as('ana', work.dir),
    );
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('CERT_MISMATCH');
    expect(fs.existsSync(knownHubs('ana'))).toBe(false);

    // Without a pin, a sync command does not fall back to trusting whatever it is shown.
    const sync = await auxin(['clone', repo(), b], studio.as('ben', work.dir));
    expect(sync.stderr).toContain('CERT_UNTRUSTED');
  });

  it('pins on first contact, then push, clone, pull and locks work over it', async () => {
    // Lower case without colons: pasted however the fingerprint was copied.
    const typed = first.replace(/:/g, '').toLowerCase();
    const login = await ok(
      ['login', studio.hub.url, '--fingerprint', typed, '--json'],
      studio.as('ana', work.dir),
    );
    expect(login.json()).toMatchObject({ fingerprint: first });
    const pins = JSON.parse(fs.readFileSync(knownHubs('ana'), 'utf8')) as {
      hubs: Record<string, { fingerprint: string }>;
    };
    expect(pins.hubs[studio.hub.url]?.fingerprint).toBe(first);
    expect(fs.statSync(knownHubs('ana')).mode & 0o777).toBe(0o600);
    await ok(['login', studio.hub.url, '--fingerprint', first], studio.as('ben', work.dir));

    fs.cpSync(mitBundle('F1_tempo'), a, { recursive: true });
    await ok(['init'], studio.as('ana', a));
    await ok(['commit', '-m', 'first'], studio.as('ana', a));
    await ok(['remote', 'add', 'origin', repo()], studio.as('ana', a));
    await ok(['push'], studio.as('ana', a));
    await ok(['clone', repo(), b], studio.as('ben', work.dir));
    await ok(['lock', 'acquire', '--reason', 'mixing'], studio.as('ana', a));
    const held = await ok(['lock', 'status', '--json'], studio.as('ben', b));
    expect(held.stdout).toContain('ana');
    fs.writeFileSync(path.join(a, 'Alternatives', '000', 'notes.txt'), 'over TLS');
    await ok(['commit', '-m', 'second'], studio.as('ana', a));
    await ok(['push', '--release'], studio.as('ana', a));
    await ok(['pull'], studio.as('ben', b));
    expect(fs.readFileSync(path.join(b, 'Alternatives', '000', 'notes.txt'), 'utf8')).toBe(
      'over TLS',
    );
  });

  it('gives the web UI a Secure session cookie', async () => {
    const res = await studio.api('/api/auth/session', {
      method: 'POST',
      body: JSON.stringify({ token: ADMIN }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toMatch(/; Secure/);
  });

  it('refuses a changed certificate with CERT_CHANGED until re-trusted; the kept one comes back', async () => {
    const own = createSelfSigned({ commonName: 'Studio', altNames: ['127.0.0.1'] });
    const certFile = path.join(work.dir, 'studio-cert.pem');
    const keyFile = path.join(work.dir, 'studio-key.pem');
    fs.writeFileSync(certFile, own.cert);
    fs.writeFileSync(keyFile, own.key, { mode: 0o600 });
    await studio.restart({ args: ['--tls-cert', certFile, '--tls-key', keyFile] });
    const second = printed();
    expect(second).not.toBe(first);
    expect(studio.hub.stdout()).toContain(`TLS certificate ${certFile}`);

    const refused = await auxin(['pull', '--json'], studio.as('ben', b));
    expect(refused.code).not.toBe(0);
    expect(JSON.parse(refused.stdout)).toMatchObject({
      code: 'CERT_CHANGED',
      pinned: first,
      presented: second,
    });
    const lock = await auxin(['lock', 'acquire'], studio.as('ana', a));
    expect(lock.stderr).toContain('CERT_CHANGED');
    expect(lock.stderr).toContain(`auxin login ${studio.hub.url} --fingerprint ${second}`);
    // Asked again without a terminal or the new fingerprint, login keeps the old pin.
    const again = await auxin(['login', studio.hub.url], studio.as('ana', work.dir));
    expect(again.stderr).toContain('CERT_CHANGED');

    // Re-trusted with the fingerprint the hub printed; the saved token is checked again.
    await ok(['login', studio.hub.url, '--fingerprint', second], studio.as('ana', work.dir));
    await ok(['lock', 'acquire'], studio.as('ana', a));
    await ok(['lock', 'release'], studio.as('ana', a));

    // Back on the data folder's own certificate, kept from the first start: Ben's pin holds.
    await studio.restart({ args: ['--tls'] });
    expect(printed()).toBe(first);
    await ok(['pull'], studio.as('ben', b));
    expect((await auxin(['lock', 'status'], studio.as('ana', a))).stderr).toContain('CERT_CHANGED');
  });
});
