/**
 * Two small forms: set one's password (for the sign-in form and `auxin login --user`), and, for
 * admins, add a teammate with a role (their first token is shown once).
 */
import { useId, useState, type FormEvent } from 'react';
import { useStore } from '../../app/store.js';
import { ProblemBox } from '../../app/ProblemBox.js';
import type { Problem } from '../../lib/problem.js';
import type { Role } from '../../services/settings.js';
import { NEW_ACCOUNT, NewToken } from './NewToken.js';

export function PasswordForm({ username }: { username: string }) {
  const setPassword = useStore((s) => s.setPassword);
  const [password, setValue] = useState('');
  const [state, setState] = useState<'idle' | 'busy' | 'done'>('idle');
  const [problem, setProblem] = useState<Problem | null>(null);
  const id = useId();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setState('busy');
    const failed = await setPassword(username, password);
    setProblem(failed);
    setState(failed ? 'idle' : 'done');
    if (!failed) setValue('');
  };
  return (
    <form className="token-form" onSubmit={(e) => void submit(e)}>
      <div className="field">
        <label htmlFor={id}>New password (8 characters or more)</label>
        <input
          id={id}
          type="password"
          autoComplete="new-password"
          minLength={8}
          maxLength={1024}
          value={password}
          onChange={(e) => {
            setValue(e.target.value);
            setState('idle');
          }}
        />
      </div>
      <button className="btn" type="submit" disabled={password.length < 8 || state === 'busy'}>
        {state === 'busy' ? 'Saving…' : 'Set password'}
      </button>
      <span role="status" className="muted">
        {state === 'done' ? 'Password set.' : ''}
      </span>
      {problem && <ProblemBox problem={problem} />}
    </form>
  );
}

const ROLES: [Role, string][] = [
  ['producer', 'Producer: pushes, locks, comments'],
  ['client', 'Client: listens and comments'],
  ['admin', 'Admin: everything, and the team'],
];

export function AddTeammate() {
  const add = useStore((s) => s.addTeammate);
  const fresh = useStore((s) => s.newToken);
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<Role>('producer');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const ids = { name: useId(), role: useId() };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const failed = await add(username.trim(), role);
    setBusy(false);
    setProblem(failed);
    if (!failed) setUsername('');
  };
  return (
    <>
      <form className="token-form" onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor={ids.name}>Username</label>
          <input
            id={ids.name}
            value={username}
            maxLength={64}
            autoComplete="off"
            onChange={(e) => setUsername(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.role}>Role</label>
          <select id={ids.role} value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <button className="btn btn-primary" type="submit" disabled={!username.trim() || busy}>
          {busy ? 'Adding…' : 'Add teammate'}
        </button>
      </form>
      {problem && <ProblemBox problem={problem} />}
      {fresh?.label === NEW_ACCOUNT && <NewToken />}
    </>
  );
}
