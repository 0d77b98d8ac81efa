/** The token just issued, shown once with a copy button: the hub keeps only its hash. */
import { useStore } from '../../app/store.js';
import { CopyButton } from './CopyButton.js';

/** The label of the first token of an account just added (the hub names it so). */
export const NEW_ACCOUNT = 'created';

export function NewToken() {
  const fresh = useStore((s) => s.newToken);
  const forget = useStore((s) => s.forgetNewToken);
  if (!fresh) return null;
  return (
    <div className="new-token" role="region" aria-label="New token">
      <p>
        <strong>
          {fresh.label === NEW_ACCOUNT
            ? `${fresh.username} can sign in with this token.`
            : `New token “${fresh.label}”.`}
        </strong>{' '}
        Copy it now: the hub will not show it again.
      </p>
      <div className="new-token-value">
        <code data-testid="new-token">{fresh.token}</code>
        <CopyButton text={fresh.token} label="Copy the new token" />
      </div>
      <button type="button" className="btn-link" onClick={forget}>
        I have saved it
      </button>
    </div>
  );
}
