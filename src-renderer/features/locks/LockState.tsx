/** A project's lock in words: free, locked by me, or locked by ana, 2 h 10 min left, "mixing". */
import type { Lock } from '../../../src-shared/api/locks.js';
import { exactTime, timeLeft } from '../../lib/time.js';
import { useNow } from '../../lib/tick.js';

export function lockWords(lock: Lock | null, me: string | null, now: number): string {
  if (!lock) return 'free';
  const who = lock.username === me ? 'me' : lock.username;
  const reason = lock.reason ? `, "${lock.reason}"` : '';
  return `locked by ${who}, ${timeLeft(lock.expires_at, now)}${reason}`;
}

export function LockState({ lock, me }: { lock: Lock | null; me: string | null }) {
  const now = useNow();
  if (!lock) {
    return (
      <span className="lock-state lock-free">
        <span className="dot" aria-hidden="true" />
        free
      </span>
    );
  }
  const mine = lock.username === me;
  return (
    <span
      className={`lock-state ${mine ? 'lock-mine' : 'lock-other'}`}
      title={`since ${exactTime(lock.acquired_at)}, until ${exactTime(lock.expires_at)} (on ${lock.machine_id})`}
    >
      <span className="dot" aria-hidden="true" />
      <span>
        locked by <strong>{mine ? 'me' : lock.username}</strong>
        <span className="lock-left">, {timeLeft(lock.expires_at, now)}</span>
        {lock.reason && <span className="lock-reason">, "{lock.reason}"</span>}
      </span>
    </span>
  );
}
