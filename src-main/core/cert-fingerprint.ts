/**
 * A TLS certificate's identity as people compare it: the SHA-256 of its DER bytes, written as 32
 * colon-separated hex pairs (what browsers and Keychain Access show). The hub prints it, the
 * client pins it; both sides use this one spelling.
 */
import { createHash, X509Certificate } from 'node:crypto';

/** `AB:CD:…` (64 hex digits) of a certificate's DER bytes. */
export function fingerprintOfDer(der: Buffer): string {
  return formatFingerprint(createHash('sha256').update(der).digest('hex'));
}

/** The fingerprint of a PEM certificate (the first one, when it is a chain). */
export function fingerprintOfPem(pem: string): string {
  return fingerprintOfDer(new X509Certificate(pem).raw);
}

/** 64 hex digits, upper case, colon-separated. */
export function formatFingerprint(hex: string): string {
  return hex.toUpperCase().match(/../g)!.join(':');
}

/**
 * A fingerprint as someone typed or pasted it (colons, spaces or none, any case, an optional
 * `sha256:` prefix), in the canonical spelling; null when it is not 64 hex digits.
 */
export function parseFingerprint(text: string): string | null {
  const hex = text
    .trim()
    .replace(/^sha-?256[:=\s]*/i, '')
    .replace(/[:\s-]/g, '');
  return /^[0-9a-fA-F]{64}$/.test(hex) ? formatFingerprint(hex) : null;
}
