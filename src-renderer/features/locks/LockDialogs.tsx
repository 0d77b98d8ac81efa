/** The two questions a lock action may ask: a reason and lease to lock, a reason to force release. */
import { useState, type FormEvent } from 'react';
import { Dialog } from './Dialog.js';

export const LEASES = [
  { label: '1 hour', seconds: 3600 },
  { label: '2 hours', seconds: 2 * 3600 },
  { label: '4 hours', seconds: 4 * 3600 },
  { label: '8 hours', seconds: 8 * 3600 },
  { label: '1 day', seconds: 24 * 3600 },
  { label: '3 days', seconds: 3 * 24 * 3600 },
];

export function LockDialog({
  project,
  onLock,
  onClose,
}: {
  project: string;
  onLock: (opts: { reason?: string; ttlSeconds: number }) => void;
  onClose: () => void;
}) {
  const [reason, setReason] = useState('');
  const [ttl, setTtl] = useState(4 * 3600);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onLock({ reason: reason.trim() || undefined, ttlSeconds: ttl });
  };
  return (
    <Dialog title={`Lock ${project}`} onClose={onClose}>
      <form onSubmit={submit} className="dialog-form">
        <label className="field">
          <span>Reason (optional)</span>
          <input
            value={reason}
            maxLength={1000}
            onChange={(e) => setReason(e.target.value)}
            placeholder="mixing"
          />
        </label>
        <label className="field">
          <span>Lease</span>
          <select value={ttl} onChange={(e) => setTtl(Number(e.target.value))}>
            {LEASES.map((l) => (
              <option key={l.seconds} value={l.seconds}>
                {l.label}
              </option>
            ))}
          </select>
        </label>
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-primary">
            Lock
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function ForceDialog({
  project,
  holder,
  onForce,
  onClose,
}: {
  project: string;
  holder: string;
  onForce: (reason: string) => void;
  onClose: () => void;
}) {
  const [reason, setReason] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim()) onForce(reason.trim());
  };
  return (
    <Dialog title={`Force release ${project}`} onClose={onClose}>
      <form onSubmit={submit} className="dialog-form">
        <p className="muted">
          {holder} holds this lock. Breaking it lets anyone push; {holder} will see your reason.
        </p>
        <label className="field">
          <span>Reason</span>
          <input
            value={reason}
            required
            maxLength={1000}
            onChange={(e) => setReason(e.target.value)}
          />
        </label>
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn-danger" disabled={!reason.trim()}>
            Force release
          </button>
        </div>
      </form>
    </Dialog>
  );
}
