/** The frame of every signed-in page: the bar (name, live state, who, sign out) and notices. */
import type { ReactNode } from 'react';
import { ACTIVITY_PATH, onLinkClick, SETTINGS_PATH, useRoute } from './router.js';
import { useStore } from './store.js';
import { Logo } from './Logo.js';
import './nav.css';

function LiveBadge() {
  const live = useStore((s) => s.live);
  if (live === 'open') {
    return (
      <span className="live live-open" title="Changes by teammates show up here as they happen">
        <span className="dot" aria-hidden="true" />
        live
      </span>
    );
  }
  return (
    <span className="live live-away" role="status">
      <span className="dot" aria-hidden="true" />
      {live === 'reconnecting' ? 'reconnecting...' : 'connecting...'}
    </span>
  );
}

function Notices() {
  const notices = useStore((s) => s.notices);
  const dismiss = useStore((s) => s.dismissNotice);
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className="notice">
          <span>{n.text}</span>
          <button
            className="btn-link"
            onClick={() => dismiss(n.id)}
            aria-label={`Dismiss: ${n.text}`}
          >
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}

/** The pages of the bar; the current one is marked for screen readers with aria-current. */
function Nav() {
  const route = useRoute();
  const links: [string, string, boolean][] = [
    ['Projects', '/', route.page === 'projects' || route.page === 'project'],
    ['Activity', ACTIVITY_PATH, route.page === 'activity'],
    ['Settings', SETTINGS_PATH, route.page === 'settings'],
  ];
  return (
    <nav className="nav" aria-label="Pages">
      {links.map(([label, path, current]) => (
        <a
          key={path}
          href={path}
          onClick={onLinkClick(path)}
          className="nav-link"
          aria-current={current ? 'page' : undefined}
        >
          {label}
        </a>
      ))}
    </nav>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const user = useStore((s) => s.user);
  const signOut = useStore((s) => s.signOut);
  return (
    <div className="shell">
      <header className="bar">
        <a href="/" onClick={onLinkClick('/')} className="brand">
          <Logo />
          <span>Auxin Hub</span>
        </a>
        <Nav />
        <LiveBadge />
        <div className="bar-end">
          {user && (
            <span className="who">
              {user.username} <span className="muted">· {user.role}</span>
            </span>
          )}
          <button className="btn" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      {children}
      <Notices />
    </div>
  );
}
