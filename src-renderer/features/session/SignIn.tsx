/** The sign-in page: username and password, or a token pasted once ("Use a token"). */
import { useState, type FormEvent } from 'react';
import { useStore } from '../../app/store.js';
import { ProblemBox } from '../../app/ProblemBox.js';
import { Logo } from '../../app/Logo.js';
import { desktop } from '../../services/desktop.js';

export function SignIn() {
  const signIn = useStore((s) => s.signIn);
  const busy = useStore((s) => s.sessionStatus === 'signing-in');
  const error = useStore((s) => s.sessionError);
  const openConnect = useStore((s) => s.openConnect);
  const [withToken, setWithToken] = useState(false);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [token, setToken] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void signIn(withToken ? { token: token.trim() } : { username: username.trim(), password });
  };

  return (
    <main className="signin">
      <form className="signin-card" onSubmit={submit} aria-labelledby="signin-title">
        <div className="signin-brand">
          <Logo size={36} />
          <h1 id="signin-title">Auxin Hub</h1>
        </div>
        <p className="muted">Sign in to see the studio's projects.</p>
        {withToken ? (
          <label className="field">
            <span>Token</span>
            <input
              name="token"
              type="password"
              autoComplete="off"
              value={token}
              onChange={(e) => setToken(e.target.value)}
              required
              autoFocus
            />
          </label>
        ) : (
          <>
            <label className="field">
              <span>Username</span>
              <input
                name="username"
                autoComplete="username"
                value={username}
                onChange={(e) => setUsername(e.target.value)}
                required
                autoFocus
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
          </>
        )}
        {error && <ProblemBox problem={error} />}
        <button className="btn btn-primary btn-wide" type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <button type="button" className="btn-link" onClick={() => setWithToken(!withToken)}>
          {withToken ? 'Use a username and password' : 'Use a token'}
        </button>
        {desktop() && (
          <button type="button" className="btn-link" onClick={openConnect}>
            Connect to another studio hub
          </button>
        )}
      </form>
    </main>
  );
}
