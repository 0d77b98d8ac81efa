/**
 * The hub's TLS material: a studio's own certificate and key (`--tls-cert/--tls-key`), or the
 * self-signed pair made on the first start with TLS and kept in the data folder, so teammates'
 * pinned fingerprint stays valid across restarts.
 */
import * as fs from 'node:fs';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { hostname, networkInterfaces } from 'node:os';
import * as path from 'node:path';
import { AuxinError } from '../../../src-shared/errors.js';
import { writeFileAtomicSync } from '../../core/atomic-write.js';
import { fingerprintOfPem } from '../../core/cert-fingerprint.js';
import { createSelfSigned } from './certificate.js';

export interface HubTls {
  cert: string;
  key: string;
  /** SHA-256 of the certificate, `AB:CD:…`. */
  fingerprint: string;
  certFile: string;
  keyFile: string;
  /** True on the start that made the self-signed pair. */
  created: boolean;
  /** When the certificate stops being valid (ISO). */
  validTo: string;
}

/** Where the self-signed pair lives: beside the hub's other state, in `<data>/.hub/`. */
export function selfSignedPaths(stateDir: string): { certFile: string; keyFile: string } {
  return {
    certFile: path.join(stateDir, 'tls-cert.pem'),
    keyFile: path.join(stateDir, 'tls-key.pem'),
  };
}

/** The names a teammate may type to reach this machine, for the certificate's subjectAltName. */
function lanNames(): string[] {
  const host = hostname();
  const names = new Set(['localhost', '127.0.0.1', '::1']);
  if (host) {
    names.add(host);
    if (!host.includes('.')) names.add(`${host}.local`);
  }
  for (const a of Object.values(networkInterfaces()).flat()) {
    if (a && !a.internal && !a.address.startsWith('fe80')) names.add(a.address.split('%')[0]!);
  }
  return [...names];
}

function readPair(certFile: string, keyFile: string): { cert: string; key: string } | null {
  try {
    return { cert: fs.readFileSync(certFile, 'utf8'), key: fs.readFileSync(keyFile, 'utf8') };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new AuxinError(
      'INVALID_ARGUMENT',
      `cannot read the TLS certificate or key: ${(e as Error).message}`,
    );
  }
}

/** A pair that parses and belongs together, or a clear refusal naming the files. */
function checked(
  pair: { cert: string; key: string },
  certFile: string,
  keyFile: string,
  created: boolean,
): HubTls {
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(pair.cert);
    if (!x509.checkPrivateKey(createPrivateKey(pair.key))) throw new Error('they do not match');
  } catch (e) {
    throw new AuxinError(
      'INVALID_ARGUMENT',
      `TLS certificate ${certFile} and key ${keyFile} cannot be used: ${(e as Error).message}`,
    );
  }
  return {
    ...pair,
    fingerprint: fingerprintOfPem(pair.cert),
    certFile,
    keyFile,
    created,
    validTo: new Date(x509.validTo).toISOString(),
  };
}

export function loadHubTls(stateDir: string, own?: { certFile: string; keyFile: string }): HubTls {
  if (own) {
    const pair = readPair(own.certFile, own.keyFile);
    if (!pair)
      throw new AuxinError(
        'NOT_FOUND',
        `TLS certificate ${own.certFile} or key ${own.keyFile} does not exist`,
      );
    return checked(pair, own.certFile, own.keyFile, false);
  }
  const { certFile, keyFile } = selfSignedPaths(stateDir);
  const pair = readPair(certFile, keyFile);
  if (pair) return checked(pair, certFile, keyFile, false);
  const made = createSelfSigned({ commonName: `Auxin Hub on ${hostname()}`, altNames: lanNames() });
  // The key first: a crash between the two leaves no certificate, so the next start makes both.
  writeFileAtomicSync(keyFile, made.key, { mode: 0o600 });
  writeFileAtomicSync(certFile, made.cert, { mode: 0o644 });
  return checked(made, certFile, keyFile, true);
}
