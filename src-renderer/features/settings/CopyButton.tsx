/** Copy a text to the clipboard and say so; when the browser refuses, say to copy it by hand. */
import { useState } from 'react';

export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      // Clipboard access needs a secure context (https or localhost); a LAN http address is not.
      setState('failed');
    }
  };
  return (
    <>
      <button type="button" className="btn" onClick={() => void copy()} aria-label={label}>
        {state === 'copied' ? 'Copied' : 'Copy'}
      </button>
      <span role="status" className="sr-only">
        {state === 'copied' ? 'Copied to the clipboard' : ''}
      </span>
      {state === 'failed' && (
        <span className="muted copy-failed">The browser would not copy: select it and copy.</span>
      )}
    </>
  );
}
