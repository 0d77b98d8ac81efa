/** The pure parts of TLS on the LAN: the certificate builder, fingerprints, the pin check, config. */
import { createPublicKey, X509Certificate } from 'node:crypto';
import * as fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFingerprint, fingerprintOfPem } from '../../src-main/core/cert-fingerprint.js';
import { createSelfSigned } from '../../src-main/hub/tls/certificate.js';
import { loadConfig } from '../../src-main/hub/config.js';
import { pinnedAgentOptions, isCertFailure } from '../../src-main/client/tls-trust.js';
import { tempDir } from '../helpers/tmp.js';

describe('createSelfSigned', () => {
  it('makes a certificate Node parses, signed by its own key, for the names given', () => {
    const now = new Date('2026-12-06T00:00:00Z');
    const { cert, key } = createSelfSigned({
      commonName: 'Auxin Hub on studio',
      altNames: ['localhost', 'studio.local', '192.168.1.20', '::1'],
      now,
    });
    const x = new X509Certificate(cert);
    expect(x.verify(createPublicKey(key))).toBe(true);
    expect(x.checkHost('studio.local')).toBe('studio.local');
    expect(x.checkIP('192.168.1.20')).toBe('192.168.1.20');
    expect(x.checkIP('::1')).toBe('::1');
    expect(x.checkHost('elsewhere.example')).toBeUndefined();
    expect(x.ca).toBe(false);
    expect(x.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    // 825 days: the longest a Mac accepts for a server certificate.
    expect(new Date(x.validTo).getTime() - now.getTime()).toBe(825 * 86_400_000);
  });
  it('gives every certificate a key and serial of its own', () => {
    const one = createSelfSigned({ commonName: 'a', altNames: ['localhost'] });
    const two = createSelfSigned({ commonName: 'a', altNames: ['localhost'] });
    expect(fingerprintOfPem(one.cert)).not.toBe(fingerprintOfPem(two.cert));
  });
});

describe('parseFingerprint', () => {
  const fp = 'AB:'.repeat(31) + 'CD';
  it('accepts colons, spaces, none, any case and a sha256 prefix', () => {
    expect(parseFingerprint(fp)).toBe(fp);
    expect(parseFingerprint(fp.replace(/:/g, '').toLowerCase())).toBe(fp);
    expect(parseFingerprint(`SHA256:${fp.replace(/:/g, ' ')}`)).toBe(fp);
  });
  it('refuses anything but 64 hex digits', () => {
    for (const bad of ['', 'AB:CD', fp + ':EF', fp.replace('AB', 'XY'), `${fp}\n${fp}`]) {
      expect(parseFingerprint(bad), bad).toBeNull();
    }
  });
});

describe('pinnedAgentOptions', () => {
  const pinned = createSelfSigned({ commonName: 'hub', altNames: ['127.0.0.1'] }).cert;
  const other = createSelfSigned({ commonName: 'hub', altNames: ['127.0.0.1'] }).cert;
  const opts = pinnedAgentOptions({
    fingerprint: fingerprintOfPem(pinned),
    cert: pinned,
    pinned_at: new Date().toISOString(),
  });
  const peer = (pem: string) => ({ raw: new X509Certificate(pem).raw }) as never;
  it('accepts the pinned certificate whatever name the hub was reached by', () => {
    expect(opts.checkServerIdentity!('10.0.0.9', peer(pinned))).toBeUndefined();
  });
  it('refuses any other certificate, as a certificate failure', () => {
    const err = opts.checkServerIdentity!('127.0.0.1', peer(other));
    expect(err).toBeInstanceOf(Error);
    expect(isCertFailure(err)).toBe(true);
  });
  it('anchors the chain on the pinned certificate, not on trusting everything', () => {
    expect(opts.ca).toContain(pinned);
    expect(opts).not.toHaveProperty('rejectUnauthorized');
  });
});

describe('hub TLS settings', () => {
  const dir = tempDir('auxin-tlsconf-');
  it('turns TLS on from --tls, AUXIN_TLS=1 or a certificate pair, and wants both halves', () => {
    fs.mkdirSync(dir.dir, { recursive: true });
    expect(loadConfig({ data: dir.dir }, {}).tls).toBe(false);
    expect(loadConfig({ data: dir.dir, tls: true }, {}).tls).toBe(true);
    expect(loadConfig({ data: dir.dir }, { AUXIN_TLS: '1' }).tls).toBe(true);
    const own = loadConfig({ data: dir.dir, 'tls-cert': 'c.pem', 'tls-key': 'k.pem' }, {});
    expect(own).toMatchObject({ tls: true, tlsCert: expect.stringMatching(/c\.pem$/) });
    expect(() => loadConfig({ data: dir.dir, 'tls-cert': 'c.pem' }, {})).toThrow(/--tls-key/);
    expect(() => loadConfig({ data: dir.dir }, { AUXIN_TLS: 'maybe' })).toThrow(/AUXIN_TLS/);
    dir.cleanup();
  });
});
