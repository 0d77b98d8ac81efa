/** Numbers as a studio writes them. */

export function formatBytes(n: number | null | undefined): string {
  if (n == null) return '—';
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

/** 44100 → "44.1 kHz", 48000 → "48 kHz". */
export function formatSampleRate(hz: number | undefined): string {
  if (!hz) return '—';
  const k = hz / 1000;
  return `${Number.isInteger(k) ? k : k.toFixed(1)} kHz`;
}

/** 137.5 → "137.5", 120 → "120". */
export function formatBpm(bpm: number | undefined): string {
  if (bpm == null) return '—';
  return Number.isInteger(bpm) ? String(bpm) : bpm.toFixed(2).replace(/0$/, '');
}
