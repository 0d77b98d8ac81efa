/**
 * The lock's machine for this browser: a random id kept in localStorage (an identifier, never a
 * credential), so a lock taken here is recognised as this browser's after a reload.
 */
const KEY = 'auxin.machine_id';

export function machineId(): string {
  try {
    const kept = localStorage.getItem(KEY);
    if (kept) return kept;
    const fresh = `browser-${crypto.randomUUID().slice(0, 8)}`;
    localStorage.setItem(KEY, fresh);
    return fresh;
  } catch {
    return 'browser';
  }
}
