/** "Get this version": the exact commands to run in a copy of the project, each with a copy button. */
import { useState } from 'react';

export function commandsFor(id: string, cloneUrl: string): { label: string; command: string }[] {
  return [
    { label: 'In your copy of the project: fetch the team’s versions', command: 'auxin pull' },
    { label: 'then put this version in place', command: `auxin checkout ${id.slice(0, 12)}` },
    { label: 'No copy yet? Clone the project first', command: `auxin clone ${cloneUrl}` },
  ];
}

export function GetVersion({ id, cloneUrl }: { id: string; cloneUrl: string }) {
  return (
    <section className="get-version" aria-labelledby="get-version-title">
      <h3 id="get-version-title">Get this version</h3>
      <ol className="commands">
        {commandsFor(id, cloneUrl).map((c) => (
          <li key={c.command}>
            <span className="muted small">{c.label}</span>
            <span className="command-line">
              <code>{c.command}</code>
              <CopyButton text={c.command} />
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}

function CopyButton({ text }: { text: string }) {
  const [done, setDone] = useState<'copied' | 'failed' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setDone('copied');
    } catch {
      // Not a secure context (plain http to a LAN address) or refused: say so.
      setDone('failed');
    }
    setTimeout(() => setDone(null), 2000);
  };
  return (
    <button className="btn small" onClick={() => void copy()} aria-label={`Copy ${text}`}>
      {done === 'copied' ? 'Copied' : done === 'failed' ? 'Select and copy' : 'Copy'}
    </button>
  );
}
