/**
 * A self-signed certificate for a hub on a studio LAN: an ECDSA P-256 key, valid for the names
 * and addresses the hub is reached at, 825 days (the longest macOS accepts for a server
 * certificate, even one the user trusted by hand), usable for TLS servers only.
 */
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { isIP } from 'node:net';
import {
  bitString,
  boolean,
  explicit,
  integer,
  octetString,
  oid,
  sequence,
  set,
  time,
  tlv,
  utf8String,
} from './der.js';

export const CERT_DAYS = 825;

export interface SelfSignedOptions {
  /** The name shown in Keychain Access and browsers' certificate viewers. */
  commonName: string;
  /** DNS names and IP addresses the hub is reached at (subjectAltName). */
  altNames: string[];
  now?: Date;
  days?: number;
}

const ECDSA_SHA256 = sequence(oid('1.2.840.10045.4.3.2'));

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));
}

function ipBytes(ip: string): Buffer {
  if (isIP(ip) === 4) return Buffer.from(ip.split('.').map(Number));
  // IPv6: expand `::` and write the eight groups.
  const [head, tail] = ip.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return Buffer.from(groups.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff]));
}

function altName(name: string): Buffer {
  // [2] dNSName and [7] iPAddress, both IMPLICIT primitives.
  return isIP(name) ? tlv(0x87, ipBytes(name)) : tlv(0x82, Buffer.from(name, 'ascii'));
}

export function createSelfSigned(opts: SelfSignedOptions): { cert: string; key: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const now = opts.now ?? new Date();
  // An hour back: a teammate's clock a little behind must not see a certificate from the future.
  const notBefore = new Date(now.getTime() - 3600_000);
  const notAfter = new Date(now.getTime() + (opts.days ?? CERT_DAYS) * 86_400_000);
  const name = sequence(
    set(sequence(oid('2.5.4.3'), utf8String(opts.commonName))),
    set(sequence(oid('2.5.4.10'), utf8String('Auxin Hub'))),
  );
  const serial = randomBytes(16);
  serial[0] = serial[0]! & 0x7f;
  // The key's own bits (after the SPKI's algorithm header) identify it, as RFC 5280 suggests.
  const keyId = createHash('sha1')
    .update(spki.subarray(spki.length - 65))
    .digest();
  const extensions = sequence(
    extension('2.5.29.19', true, sequence()), // basicConstraints: not a CA
    extension('2.5.29.15', true, bitString(Buffer.from([0x80]), 7)), // keyUsage: digitalSignature
    extension('2.5.29.37', false, sequence(oid('1.3.6.1.5.5.7.3.1'))), // extKeyUsage: serverAuth
    extension('2.5.29.17', false, sequence(...opts.altNames.map(altName))),
    extension('2.5.29.14', false, octetString(keyId)),
  );
  const tbs = sequence(
    explicit(0, integer(Buffer.from([2]))), // v3
    integer(serial),
    ECDSA_SHA256,
    name,
    sequence(time(notBefore), time(notAfter)),
    name,
    spki,
    explicit(3, extensions),
  );
  const signature = sign('sha256', tbs, privateKey);
  const der = sequence(tbs, ECDSA_SHA256, bitString(signature));
  const b64 = der
    .toString('base64')
    .match(/.{1,64}/g)!
    .join('\n');
  return {
    cert: `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`,
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  };
}
