/** HTTP `Range` for one file: a pure parser, tested with hostile headers. */

export type RangeResult =
  { kind: 'full' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' };

/**
 * Interpret a `Range` header against a file of `size` bytes. Only single `bytes=` ranges are
 * honoured; anything else (multiple ranges, other units, garbage, a last byte before the first)
 * is ignored and the whole file is sent, as RFC 9110 says. A last byte past the end, however
 * large, means "to the end"; a first byte past the end is unsatisfiable (416).
 */
export function parseRange(header: string | undefined, size: number): RangeResult {
  if (!header) return { kind: 'full' };
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m) return { kind: 'full' };
  const [, a, b] = m as unknown as [string, string, string];
  if (a === '' && b === '') return { kind: 'full' };
  // Past 15 digits a number is beyond any file (and than Number holds exactly): "infinite".
  const num = (digits: string) => (digits.length > 15 ? Infinity : Number(digits));
  if (a === '') {
    const suffix = num(b);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = num(a);
  if (b !== '' && num(b) < start) return { kind: 'full' };
  if (start >= size) return { kind: 'unsatisfiable' };
  const end = b === '' ? size - 1 : Math.min(num(b), size - 1);
  return { kind: 'partial', start, end };
}

const TYPES: Record<string, string> = {
  wav: 'audio/wav',
  wave: 'audio/wav',
  aif: 'audio/aiff',
  aiff: 'audio/aiff',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  caf: 'audio/x-caf',
  flac: 'audio/flac',
  ogg: 'audio/ogg',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
};

/** Audio and images play inline (previews); everything else downloads as bytes, never rendered. */
export function contentTypeFor(path: string): { type: string; inline: boolean } {
  const ext = /\.([A-Za-z0-9]{1,5})$/.exec(path)?.[1]?.toLowerCase();
  const type = ext ? TYPES[ext] : undefined;
  return type ? { type, inline: true } : { type: 'application/octet-stream', inline: false };
}
