/**
 * `auxin login https://…`: decide which certificate to pin. The hub's certificate is read first
 * (nothing sent); then `--fingerprint` must match it, or a person at a terminal compares it with
 * the one the hub printed and says yes. Without either, nothing is trusted.
 */
import { createInterface } from 'node:readline/promises';
import { AuxinError } from '../../src-shared/errors.js';
import { parseFingerprint } from '../core/cert-fingerprint.js';
import {
  pinnedCert,
  probeCertificate,
  type PinnedCert,
  type SeenCert,
} from '../client/tls-trust.js';

export interface TrustInput {
  isTTY: boolean;
  ask(question: string): Promise<string>;
  say(text: string): void;
}

export function terminalTrustInput(): TrustInput {
  return {
    isTTY: !!process.stdin.isTTY && !!process.stderr.isTTY,
    async ask(question) {
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return await rl.question(question);
      } finally {
        rl.close();
      }
    },
    say: (text) => process.stderr.write(text),
  };
}

/**
 * The certificate to pin for `origin` (a PinnedCert-shaped value, not yet saved), or a refusal.
 * `given` is the `--fingerprint` flag.
 */
export async function chooseCertificate(
  origin: string,
  given: string | undefined,
  input: TrustInput,
): Promise<{ seen: SeenCert; pinned: PinnedCert | null; changed: boolean }> {
  const wanted = given === undefined ? null : parseFingerprint(given);
  if (given !== undefined && !wanted) {
    throw new AuxinError(
      'INVALID_ARGUMENT',
      `--fingerprint '${given}' is not a SHA-256 fingerprint (64 hex digits, colons allowed)`,
    );
  }
  const seen = await probeCertificate(origin);
  const pinned = pinnedCert(origin);
  const changed = !!pinned && pinned.fingerprint !== seen.fingerprint;
  if (wanted) {
    if (wanted !== seen.fingerprint) {
      throw new AuxinError(
        'CERT_MISMATCH',
        `the hub at ${origin} presents the TLS certificate ${seen.fingerprint}, not the ` +
          `${wanted} you gave: check the fingerprint the hub prints at start; nothing was trusted`,
        { origin, given: wanted, presented: seen.fingerprint },
      );
    }
    return { seen, pinned, changed };
  }
  if (pinned && !changed) return { seen, pinned, changed };
  if (!input.isTTY) {
    throw new AuxinError(
      changed ? 'CERT_CHANGED' : 'CERT_UNTRUSTED',
      changed
        ? `the hub at ${origin} presents a different TLS certificate than the one pinned ` +
            `(pinned ${pinned!.fingerprint}, now ${seen.fingerprint}); to trust the new one, ` +
            `run \`auxin login ${origin} --fingerprint ${seen.fingerprint}\` after checking it ` +
            'with the fingerprint the hub prints at start'
        : `the hub at ${origin} presents the TLS certificate ${seen.fingerprint}, not yet ` +
            'trusted here: compare it with the fingerprint the hub prints at start and run ' +
            `\`auxin login ${origin} --fingerprint ${seen.fingerprint}\``,
      { origin, presented: seen.fingerprint, ...(pinned ? { pinned: pinned.fingerprint } : {}) },
    );
  }
  input.say(
    (changed
      ? `WARNING: the hub's TLS certificate has CHANGED since you trusted it.\n` +
        `  pinned:  ${pinned!.fingerprint}\n  now:     ${seen.fingerprint}\n` +
        'Trust the new one only if the hub was given a new certificate on purpose.\n'
      : `First contact with ${origin}. Its TLS certificate's SHA-256 fingerprint is\n` +
        `  ${seen.fingerprint}\n`) + 'Compare it with the fingerprint the hub printed at start.\n',
  );
  const answer = (await input.ask('Trust this certificate? [y/N] ')).trim().toLowerCase();
  if (answer !== 'y' && answer !== 'yes') {
    throw new AuxinError(
      changed ? 'CERT_CHANGED' : 'CERT_UNTRUSTED',
      `not trusted: nothing was saved for ${origin}`,
      { origin, presented: seen.fingerprint },
    );
  }
  return { seen, pinned, changed };
}
