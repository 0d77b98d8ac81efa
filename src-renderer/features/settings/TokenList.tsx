/**
 * One user's tokens: label, when made, last used, when a sign-in token lapses; revoke each; issue
 * a new one, shown once with a copy button.
 */
import { useEffect, useId, useState } from 'react';
import { useStore } from '../../app/store.js';
import { ProblemBox } from '../../app/ProblemBox.js';
import { Time } from '../../app/Time.js';
import { NEW_ACCOUNT, NewToken } from './NewToken.js';

export function TokenList({ username, mine }: { username: string; mine: boolean }) {
  const tokens = useStore((s) => s.tokens[username]);
  const loadTokens = useStore((s) => s.loadTokens);
  const issue = useStore((s) => s.issueToken);
  const revoke = useStore((s) => s.revokeToken);
  const busy = useStore((s) => s.tokenBusy);
  const error = useStore((s) => s.tokenError);
  const fresh = useStore((s) => s.newToken);
  const [label, setLabel] = useState('');
  const labelId = useId();
  const whose = mine ? 'your' : `${username}'s`;

  useEffect(() => {
    if (!tokens) void loadTokens(username);
  }, [tokens, username, loadTokens]);

  return (
    <div className="tokens">
      {fresh && fresh.username === username && fresh.label !== NEW_ACCOUNT && <NewToken />}
      {!tokens || tokens.status === 'loading' ? (
        <p className="muted" aria-busy="true">
          Loading tokens…
        </p>
      ) : tokens.status === 'error' ? (
        <ProblemBox problem={tokens.error} onRetry={() => void loadTokens(username)} />
      ) : tokens.value.length === 0 ? (
        <p className="muted">No tokens. Issue one for the `auxin` command line or a script.</p>
      ) : (
        <table className="table">
          <caption className="sr-only">{`${whose} tokens`}</caption>
          <thead>
            <tr>
              <th scope="col">Label</th>
              <th scope="col">Made</th>
              <th scope="col">Last used</th>
              <th scope="col">Lapses</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.value.map((t) => (
              <tr key={t.id}>
                <td>{t.label}</td>
                <td>
                  <Time iso={t.created_at} />
                </td>
                <td>
                  {t.last_used_at ? (
                    <Time iso={t.last_used_at} />
                  ) : (
                    <span className="muted">never</span>
                  )}
                </td>
                <td>
                  {t.expires_at ? (
                    <Time iso={t.expires_at} />
                  ) : (
                    <span className="muted">never</span>
                  )}
                </td>
                <td className="cell-end">
                  <button
                    type="button"
                    className="btn btn-danger-quiet"
                    disabled={busy !== null}
                    onClick={() => void revoke(username, t.id)}
                    aria-label={`Revoke ${whose} token ${t.label}`}
                  >
                    {busy === t.id ? 'Revoking…' : 'Revoke'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form
        className="token-form"
        onSubmit={(e) => {
          e.preventDefault();
          void issue(username, label.trim()).then((ok) => ok && setLabel(''));
        }}
      >
        <div className="field">
          <label htmlFor={labelId}>Label for a new token</label>
          <input
            id={labelId}
            value={label}
            maxLength={100}
            placeholder="studio-mac, backup script…"
            onChange={(e) => setLabel(e.target.value)}
          />
        </div>
        <button type="submit" className="btn btn-primary" disabled={busy !== null}>
          {busy === 'issue' ? 'Issuing…' : 'Issue token'}
        </button>
      </form>
      {error?.username === username && <ProblemBox problem={error.problem} />}
    </div>
  );
}
