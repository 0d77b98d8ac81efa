/**
 * Trust on first use for hubs that serve HTTPS with a certificate no authority vouches for (the
 * hub's self-signed one): the certificate seen at `auxin login` is pinned by its SHA-256, and
 * every later connection must present that very certificate. Plain Node, no CLI: the desktop app
 * reuses it with its own store of pins if it likes.
 */
import type { AgentOptions } from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { isIP } from 'node:net';
import { z } from 'zod';
import { AuxinError } from '../../src-shared/errors.js';
import { writeFileAtomicSync } from '../core/atomic-write.js';
import { fingerprintOfDer } from '../core/cert-fingerprint.js';
import { readStateFileSync, STATE_VERSION } from '../core/state-file.js';

export interface PinnedCert {
  /** `AB:CD:…`, the SHA-256 of the certificate. */
  fingerprint: string;
  /** The certificate itself (PEM): the trust anchor a self-signed certificate verifies against. */
  cert: string;
  pinned_at: string;
}

const PinSchema = z.object({ fingerprint: z.string(), cert: z.string(), pinned_at: z.string() });
const KnownHubsSchema = z.object({
  version: z.literal(STATE_VERSION).optional(),
  hubs: z.record(z.string(), PinSchema).optional(),
});

/** `~/.auxin/known-hubs.json`, beside the credentials (and, like them, 0600). */
export function knownHubsPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.HOME || os.homedir(), '.auxin', 'known-hubs.json');
}

function loadPins(env: NodeJS.ProcessEnv): Record<string, PinnedCert> {
  return readStateFileSync(knownHubsPath(env), KnownHubsSchema, 'INVALID_ARGUMENT')?.hubs ?? {};
}

/** The certificate pinned for a hub origin (`https://host:port`), or null. */
export function pinnedCert(
  origin: string,
  env: NodeJS.ProcessEnv = process.env,
): PinnedCert | null {
  return loadPins(env)[origin] ?? null;
}

export function savePin(
  origin: string,
  seen: SeenCert,
  env: NodeJS.ProcessEnv = process.env,
): PinnedCert {
  const hubs = loadPins(env);
  const pin = {
    fingerprint: seen.fingerprint,
    cert: seen.cert,
    pinned_at: new Date().toISOString(),
  };
  hubs[origin] = pin;
  writeFileAtomicSync(
    knownHubsPath(env),
    JSON.stringify({ version: STATE_VERSION, hubs }, null, 2) + '\n',
    { mode: 0o600 },
  );
  return pin;
}

/** The code our own pin check fails a handshake with (before any byte of a request is sent). */
const PIN_MISMATCH = 'ERR_AUXIN_PIN_MISMATCH';

/**
 * Agent options that accept exactly the pinned certificate. The chain is still verified (the
 * pinned certificate is its own anchor, a CA-issued one chains to the system's roots), and the
 * host name check is replaced by the fingerprint check: the pin is the identity, so a LAN
 * address that changed since the certificate was made does not matter.
 */
export function pinnedAgentOptions(pin: PinnedCert): AgentOptions {
  return {
    ca: [pin.cert, ...tls.rootCertificates],
    checkServerIdentity: (_host, cert) => {
      if (fingerprintOfDer(cert.raw) === pin.fingerprint) return undefined;
      return Object.assign(new Error('the certificate is not the pinned one'), {
        code: PIN_MISMATCH,
      });
    },
  };
}

/** A handshake refused for the certificate (ours or OpenSSL's verdict), not a network failure. */
export function isCertFailure(e: unknown): boolean {
  const code =
    (e as { code?: unknown })?.code ?? (e as { cause?: { code?: unknown } })?.cause?.code;
  return (
    typeof code === 'string' &&
    (code === PIN_MISMATCH || /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ALTNAME/.test(code))
  );
}

export interface SeenCert {
  fingerprint: string;
  cert: string;
}

/**
 * The certificate a hub presents, read from a handshake that sends nothing else: what `auxin
 * login` shows before trusting, and what a refusal names.
 */
export function probeCertificate(origin: string, timeoutMs = 10_000): Promise<SeenCert> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: Number(url.port || 443),
      ...(isIP(url.hostname.replace(/^\[|\]$/g, '')) ? {} : { servername: url.hostname }),
      // Only to read the certificate: the socket is closed before anything is written to it.
      rejectUnauthorized: false,
    });
    socket.setTimeout(timeoutMs, () =>
      socket.destroy(new Error(`no TLS handshake in ${timeoutMs / 1000} s`)),
    );
    socket.once('secureConnect', () => {
      const peer = socket.getPeerCertificate();
      socket.destroy();
      if (!peer?.raw) return reject(new Error('the server sent no certificate'));
      const b64 = peer.raw
        .toString('base64')
        .match(/.{1,64}/g)!
        .join('\n');
      resolve({
        fingerprint: fingerprintOfDer(peer.raw),
        cert: `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`,
      });
    });
    socket.once('error', (e) =>
      reject(
        new AuxinError('REMOTE_UNREACHABLE', `cannot reach the hub at ${origin}: ${e.message}`),
      ),
    );
  });
}

/** Words for a refused certificate: what changed, and the command that trusts the new one. */
export async function certFailure(
  origin: string,
  pin: PinnedCert | null,
  cause: unknown,
): Promise<AuxinError> {
  let seen: SeenCert | null = null;
  try {
    seen = await probeCertificate(origin);
  } catch {
    // Say what we can without it.
  }
  const why = (cause as Error)?.message ?? String(cause);
  if (pin && seen && seen.fingerprint !== pin.fingerprint) {
    return new AuxinError(
      'CERT_CHANGED',
      `the hub at ${origin} presents a different TLS certificate than the one pinned on ` +
        `${pin.pinned_at.slice(0, 10)}: pinned ${pin.fingerprint}, now ${seen.fingerprint}. ` +
        'If the hub was given a new certificate, check the fingerprint it prints at start and run ' +
        `\`auxin login ${origin} --fingerprint ${seen.fingerprint}\`; otherwise do not connect`,
      { origin, pinned: pin.fingerprint, presented: seen.fingerprint },
    );
  }
  if (pin) {
    return new AuxinError(
      'CERT_UNTRUSTED',
      `the hub at ${origin} presents its pinned TLS certificate, but it cannot be used (${why})`,
      { origin, pinned: pin.fingerprint },
    );
  }
  return new AuxinError(
    'CERT_UNTRUSTED',
    `the hub at ${origin} presents a TLS certificate this machine has not trusted (${why}` +
      `${seen ? `; SHA-256 ${seen.fingerprint}` : ''}): run \`auxin login ${origin}\` to check ` +
      'its fingerprint and pin it',
    { origin, ...(seen ? { presented: seen.fingerprint } : {}) },
  );
}
