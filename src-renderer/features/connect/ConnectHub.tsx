/**
 * Client mode's sign-in, in the desktop app only: the hubs Bonjour finds on the studio LAN, or an
 * address typed by hand, then a username and password once. The app keeps the session where
 * `auxin login` keeps it and restarts as that hub's client. In client mode it also offers the
 * way back: run this Mac's own hub again (the app restarts as a hub).
 */
import { useEffect, useState, type FormEvent } from 'react';
import { Logo } from '../../app/Logo.js';
import { ProblemBox } from '../../app/ProblemBox.js';
import { useStore } from '../../app/store.js';
import './connect.css';

export function ConnectHub() {
  const hubs = useStore((s) => s.foundHubs);
  const scanning = useStore((s) => s.scanning);
  const status = useStore((s) => s.connectStatus);
  const error = useStore((s) => s.connectError);
  const connectedTo = useStore((s) => s.connectedTo);
  const scanHubs = useStore((s) => s.scanHubs);
  const connectHub = useStore((s) => s.connectHub);
  const close = useStore((s) => s.closeConnect);
  const clientOf = useStore((s) => s.clientOf);
  const ownHub = useStore((s) => s.ownHubStatus);
  const loadHubMode = useStore((s) => s.loadHubMode);
  const runOwnHub = useStore((s) => s.runOwnHub);
  const [address, setAddress] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');

  useEffect(() => {
    void scanHubs();
    void loadHubMode();
  }, [scanHubs, loadHubMode]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void connectHub(address.trim(), username.trim(), password);
  };

  if (status === 'connected' && connectedTo) {
    return (
      <main className="signin">
        <div className="signin-card" role="status">
          <div className="signin-brand">
            <Logo size={36} />
            <h1>Connected</h1>
          </div>
          <p>
            Signed in to <strong>{connectedTo.url}</strong> as{' '}
            <strong>{connectedTo.username}</strong>. Auxin restarts to work with that hub.
          </p>
        </div>
      </main>
    );
  }

  if (ownHub === 'switched') {
    return (
      <main className="signin">
        <div className="signin-card" role="status">
          <div className="signin-brand">
            <Logo size={36} />
            <h1>Running this Mac's own hub</h1>
          </div>
          <p>Auxin restarts with this Mac's own hub.</p>
        </div>
      </main>
    );
  }

  return (
    <main className="signin">
      <form className="signin-card connect-card" onSubmit={submit} aria-labelledby="connect-title">
        <div className="signin-brand">
          <Logo size={36} />
          <h1 id="connect-title">Connect to the studio's hub</h1>
        </div>
        <p className="muted">
          Use a hub another Mac runs instead of this Mac's own: pick one found on the network or
          type its address.
        </p>
        {clientOf && (
          <section className="connect-current" aria-labelledby="current-title">
            <h2 id="current-title">This Mac uses a studio hub</h2>
            <p>
              Connected to <strong>{clientOf.url}</strong>
              {clientOf.username && (
                <>
                  {' '}
                  as <strong>{clientOf.username}</strong>
                </>
              )}
              .
            </p>
            <button
              type="button"
              className="btn"
              onClick={() => void runOwnHub()}
              disabled={ownHub === 'switching'}
            >
              {ownHub === 'switching' ? 'Switching…' : "Run this Mac's own hub"}
            </button>
          </section>
        )}
        <section aria-labelledby="found-title">
          <div className="connect-found-head">
            <h2 id="found-title">On this network</h2>
            <button
              type="button"
              className="btn-link"
              onClick={() => void scanHubs()}
              disabled={scanning}
            >
              {scanning ? 'Looking…' : 'Look again'}
            </button>
          </div>
          {hubs.length === 0 ? (
            <p className="muted">
              {scanning ? 'Looking for hubs…' : 'No hub found. Type its address below.'}
            </p>
          ) : (
            <ul className="connect-hubs">
              {hubs.map((h) => (
                <li key={h.name}>
                  <button
                    type="button"
                    className={`connect-hub${address === h.url ? ' is-picked' : ''}`}
                    aria-pressed={address === h.url}
                    onClick={() => setAddress(h.url)}
                  >
                    <span className="connect-hub-name">{h.name}</span>
                    <span className="muted">{h.url}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
        <label className="field">
          <span>Hub address</span>
          <input
            name="address"
            placeholder="studio-mac.local:3000"
            autoComplete="url"
            value={address}
            onChange={(e) => setAddress(e.target.value)}
            required
          />
        </label>
        <label className="field">
          <span>Username</span>
          <input
            name="username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
          />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        {error && <ProblemBox problem={error} />}
        <button
          className="btn btn-primary btn-wide"
          type="submit"
          disabled={status === 'connecting'}
        >
          {status === 'connecting' ? 'Signing in…' : 'Sign in and connect'}
        </button>
        <button type="button" className="btn-link" onClick={close}>
          Cancel
        </button>
      </form>
    </main>
  );
}
