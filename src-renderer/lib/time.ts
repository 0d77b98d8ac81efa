/** Times as a producer reads them: "5 min ago", "2 h 10 min left"; the exact time goes in a tooltip. */

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export function relativeTime(iso: string, now: number): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return 'unknown';
  const ago = now - t;
  if (ago < 45_000) return 'just now';
  if (ago < HOUR) return `${Math.round(ago / MIN)} min ago`;
  if (ago < DAY) return `${Math.floor(ago / HOUR)} h ago`;
  if (ago < 2 * DAY) return 'yesterday';
  if (ago < 30 * DAY) return `${Math.floor(ago / DAY)} days ago`;
  return new Date(t).toLocaleDateString(undefined, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  });
}

/** "2 h 10 min left", "4 min left", "40 s left", or "expired". */
export function timeLeft(expiresIso: string, now: number): string {
  const left = Date.parse(expiresIso) - now;
  if (Number.isNaN(left)) return '';
  if (left <= 0) return 'expired';
  if (left < MIN) return `${Math.ceil(left / 1000)} s left`;
  const h = Math.floor(left / HOUR);
  const m = Math.floor((left % HOUR) / MIN);
  if (h >= 48) return `${Math.floor(h / 24)} days left`;
  return h > 0 ? `${h} h ${m} min left` : `${m} min left`;
}

export function exactTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return new Date(t).toLocaleString(undefined, {
    dateStyle: 'medium',
    timeStyle: 'medium',
  });
}
