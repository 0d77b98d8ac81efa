/**
 * The lock buttons of one project: Lock (asks reason and lease), Renew and Release for the
 * holder, Tell me when free for the others, Force release for an admin or the owner.
 */
import { useState } from 'react';
import type { Lock } from '../../../src-shared/api/locks.js';
import { useStore } from '../../app/store.js';
import { displayName, projectId } from '../projects/rows.js';
import { ForceDialog, LockDialog } from './LockDialogs.js';

export function LockControls({
  namespace,
  name,
  owner,
  lock,
}: {
  namespace: string;
  name: string;
  owner: string | null;
  lock: Lock | null;
}) {
  const id = projectId(namespace, name);
  const me = useStore((s) => s.user);
  const busy = useStore((s) => s.lockBusy[id]);
  const error = useStore((s) => s.lockErrors[id]);
  const waiting = useStore((s) => s.waitingFor[id]);
  const { acquire, release, renew, forceRelease, tellMeWhenFree } = useStore.getState();
  const [asking, setAsking] = useState<'lock' | 'force' | null>(null);
  const shown = displayName(name);
  const mine = !!lock && lock.username === me?.username;
  const canForce = !!me && (me.role === 'admin' || owner === me.username);
  const mayLock = !!me && me.role !== 'client';

  return (
    <div className="lock-controls">
      {!lock && mayLock && (
        <button
          className="btn btn-primary"
          disabled={!!busy}
          aria-label={`Lock ${shown}`}
          onClick={() => setAsking('lock')}
        >
          {busy === 'acquire' ? 'Locking…' : 'Lock'}
        </button>
      )}
      {mine && (
        <>
          <button
            className="btn"
            disabled={!!busy}
            aria-label={`Renew the lock on ${shown}`}
            onClick={() => void renew(namespace, name)}
          >
            {busy === 'renew' ? 'Renewing…' : 'Renew'}
          </button>
          <button
            className="btn"
            disabled={!!busy}
            aria-label={`Release ${shown}`}
            onClick={() => void release(namespace, name)}
          >
            {busy === 'release' ? 'Releasing…' : 'Release'}
          </button>
        </>
      )}
      {lock && !mine && (
        <button
          className="btn"
          disabled={!!busy || !!waiting}
          aria-label={waiting ? `Waiting for ${shown} to be free` : `Tell me when ${shown} is free`}
          onClick={() => void tellMeWhenFree(namespace, name)}
        >
          {waiting ? 'Waiting…' : 'Tell me when free'}
        </button>
      )}
      {lock && !mine && canForce && (
        <button
          className="btn btn-danger-quiet"
          disabled={!!busy}
          aria-label={`Force release ${shown}`}
          onClick={() => setAsking('force')}
        >
          Force release
        </button>
      )}
      {error && (
        <span className="lock-error" role="alert">
          {error.message} <code className="code">{error.code}</code>
        </span>
      )}
      {asking === 'lock' && (
        <LockDialog
          project={shown}
          onClose={() => setAsking(null)}
          onLock={(opts) => {
            setAsking(null);
            void acquire(namespace, name, opts);
          }}
        />
      )}
      {asking === 'force' && lock && (
        <ForceDialog
          project={shown}
          holder={lock.username}
          onClose={() => setAsking(null)}
          onForce={(reason) => {
            setAsking(null);
            void forceRelease(namespace, name, reason);
          }}
        />
      )}
    </div>
  );
}
