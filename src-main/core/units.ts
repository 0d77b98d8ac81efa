/**
 * Grouping by size, shared by the store (checkout's read steps) and sync (upload and fetch
 * units): it lives with the store, which imports nothing from sync.
 */

/** Group sized items into units of about `budget` bytes (an oversized item gets its own). */
export function sizedUnits<T>(
  items: T[],
  size: (t: T) => number,
  budget: number,
  maxCount: number,
): T[][] {
  const out: T[][] = [];
  let cur: T[] = [];
  let bytes = 0;
  for (const it of items) {
    const s = size(it);
    if (cur.length && (bytes + s > budget || cur.length >= maxCount)) {
      out.push(cur);
      cur = [];
      bytes = 0;
    }
    cur.push(it);
    bytes += s;
  }
  if (cur.length) out.push(cur);
  return out;
}
