/**
 * Settings: one's own account and tokens for everyone; for admins also the team and their
 * tokens, the address teammates use to reach this hub, and the folders it watches.
 */
import { useEffect, useState } from 'react';
import { useStore } from '../../app/store.js';
import { ProblemBox } from '../../app/ProblemBox.js';
import { Time } from '../../app/Time.js';
import { AddTeammate, PasswordForm } from './AccountForms.js';
import { CopyButton } from './CopyButton.js';
import type { Loadable } from './slice.js';
import { TokenList } from './TokenList.js';
import '../activity/activity.css';
import './settings.css';

function Loaded<T>({
  value,
  retry,
  children,
}: {
  value: Loadable<T> | null;
  retry: () => void;
  children: (v: T) => React.ReactNode;
}) {
  if (!value || value.status === 'loading') {
    return (
      <p className="muted" aria-busy="true">
        Loading…
      </p>
    );
  }
  if (value.status === 'error') return <ProblemBox problem={value.error} onRetry={retry} />;
  return <>{children(value.value)}</>;
}

function Team({ me }: { me: string }) {
  const team = useStore((s) => s.team);
  const loadSettings = useStore((s) => s.loadSettings);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Loaded value={team} retry={() => void loadSettings(true)}>
      {(users) => (
        <ul className="team">
          {users.map((u) => (
            <li key={u.username} className="team-member">
              <div className="team-line">
                <strong>{u.username}</strong>
                <span className={`role role-${u.role}`}>{u.role}</span>
                <span className="muted">
                  since <Time iso={u.created_at} />
                </span>
                <button
                  type="button"
                  className="btn"
                  aria-expanded={open === u.username}
                  onClick={() => setOpen(open === u.username ? null : u.username)}
                >
                  {open === u.username ? 'Hide tokens' : `Tokens of ${u.username}`}
                </button>
              </div>
              {open === u.username && <TokenList username={u.username} mine={u.username === me} />}
            </li>
          ))}
        </ul>
      )}
    </Loaded>
  );
}

function Address() {
  const address = useStore((s) => s.address);
  const loadSettings = useStore((s) => s.loadSettings);
  return (
    <Loaded value={address} retry={() => void loadSettings(true)}>
      {(a) =>
        a.loopback_only ? (
          <p>
            The hub listens on <code>{a.host}</code> only: teammates cannot reach it. Start it with{' '}
            <code>--host 0.0.0.0</code> to share it on the network.
          </p>
        ) : a.urls.length === 0 ? (
          <p className="muted">This machine has no network address right now (no network?).</p>
        ) : (
          <>
            <p className="muted">Give one of these to teammates on the same network.</p>
            <ul className="addresses">
              {a.urls.map((u) => (
                <li key={u}>
                  <code>{u}</code>
                  <CopyButton text={u} label={`Copy ${u}`} />
                </li>
              ))}
            </ul>
          </>
        )
      }
    </Loaded>
  );
}

function Watched() {
  const watched = useStore((s) => s.watched);
  const loadSettings = useStore((s) => s.loadSettings);
  return (
    <Loaded value={watched} retry={() => void loadSettings(true)}>
      {(folders) =>
        folders.length === 0 ? (
          <p className="muted">
            The hub watches no folder. Start it with <code>--watch ~/Music/Logic</code> to list the
            projects on its machine.
          </p>
        ) : (
          <ul className="folders">
            {folders.map((f) => (
              <li key={f}>
                <code>{f}</code>
              </li>
            ))}
          </ul>
        )
      }
    </Loaded>
  );
}

export function SettingsView() {
  const user = useStore((s) => s.user);
  const loadSettings = useStore((s) => s.loadSettings);
  const admin = user?.role === 'admin';
  useEffect(() => {
    void loadSettings(admin);
  }, [admin, loadSettings]);
  useEffect(() => {
    document.title = 'Settings · Auxin Hub';
    return () => {
      document.title = 'Auxin Hub';
    };
  }, []);
  if (!user) return null;
  return (
    <main className="page settings">
      <header className="page-header">
        <h1>Settings</h1>
      </header>
      <section className="card" aria-labelledby="account-h">
        <h2 id="account-h">Your account</h2>
        <p>
          <strong>{user.username}</strong>{' '}
          <span className={`role role-${user.role}`}>{user.role}</span>
          {user.created_at && (
            <span className="muted">
              {' '}
              · since <Time iso={user.created_at} />
            </span>
          )}
        </p>
        <PasswordForm username={user.username} />
      </section>
      <section className="card" aria-labelledby="tokens-h">
        <h2 id="tokens-h">Your tokens</h2>
        <p className="muted">
          A token signs in the <code>auxin</code> command line, a script or another browser. Each
          sign-in here is one too.
        </p>
        <TokenList username={user.username} mine />
      </section>
      {admin && (
        <>
          <section className="card" aria-labelledby="address-h">
            <h2 id="address-h">Address for teammates</h2>
            <Address />
          </section>
          <section className="card" aria-labelledby="team-h">
            <h2 id="team-h">Team</h2>
            <Team me={user.username} />
            <AddTeammate />
          </section>
          <section className="card" aria-labelledby="watched-h">
            <h2 id="watched-h">Watched folders</h2>
            <Watched />
          </section>
        </>
      )}
    </main>
  );
}
