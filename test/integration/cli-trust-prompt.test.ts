/**
 * `auxin login`'s trust decision at a terminal (the prompt the CLI process tests cannot type
 * into), against a real TLS server on 127.0.0.1: first contact asks and pins only on yes; a
 * changed certificate is announced as changed and asked about again.
 */
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { savePin } from '../../src-main/client/tls-trust.js';
import { chooseCertificate, type TrustInput } from '../../src-main/cli/trust-prompt.js';
import { fingerprintOfPem } from '../../src-main/core/cert-fingerprint.js';
import { createSelfSigned } from '../../src-main/hub/tls/certificate.js';
import { tempDir } from '../helpers/tmp.js';

const home = tempDir('auxin-trust-');
const pair = createSelfSigned({ commonName: 'hub', altNames: ['127.0.0.1'] });
let server: https.Server;
let origin = '';
const savedHome = process.env.HOME;

function terminal(answer: string): TrustInput & { said: string; asked: number } {
  const t = {
    isTTY: true,
    said: '',
    asked: 0,
    ask: async () => {
      t.asked++;
      return answer;
    },
    say: (text: string) => void (t.said += text),
  };
  return t;
}

beforeAll(async () => {
  process.env.HOME = home.dir;
  server = https.createServer({ cert: pair.cert, key: pair.key }, (_req, res) => res.end('ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  process.env.HOME = savedHome;
  await new Promise((r) => server.close(r));
  home.cleanup();
});

describe('chooseCertificate at a terminal', () => {
  it('shows the fingerprint on first contact and refuses on anything but yes', async () => {
    const no = terminal('');
    await expect(chooseCertificate(origin, undefined, no)).rejects.toMatchObject({
      code: 'CERT_UNTRUSTED',
    });
    expect(no.said).toContain(fingerprintOfPem(pair.cert));
    expect(no.said).toContain('First contact');
    const yes = terminal('y');
    const r = await chooseCertificate(origin, undefined, yes);
    expect(r).toMatchObject({ pinned: null, changed: false });
    expect(r.seen.fingerprint).toBe(fingerprintOfPem(pair.cert));
  });

  it('asks nothing once pinned, and warns of a change before asking again', async () => {
    const seen = (await chooseCertificate(origin, undefined, terminal('y'))).seen;
    savePin(origin, seen);
    const quiet = terminal('n');
    expect((await chooseCertificate(origin, undefined, quiet)).changed).toBe(false);
    expect(quiet.asked).toBe(0);

    const other = createSelfSigned({ commonName: 'hub', altNames: ['127.0.0.1'] }).cert;
    savePin(origin, { fingerprint: fingerprintOfPem(other), cert: other });
    const refuse = terminal('no');
    await expect(chooseCertificate(origin, undefined, refuse)).rejects.toMatchObject({
      code: 'CERT_CHANGED',
    });
    expect(refuse.said).toContain('CHANGED');
    const accept = await chooseCertificate(origin, undefined, terminal('yes'));
    expect(accept.changed).toBe(true);
  });
});
