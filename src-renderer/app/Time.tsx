/** A relative time with the exact one on hover (and for screen readers, in `dateTime`). */
import { exactTime, relativeTime } from '../lib/time.js';
import { useNow } from '../lib/tick.js';

export function Time({ iso }: { iso: string }) {
  const now = useNow();
  return (
    <time dateTime={iso} title={exactTime(iso)}>
      {relativeTime(iso, now)}
    </time>
  );
}
