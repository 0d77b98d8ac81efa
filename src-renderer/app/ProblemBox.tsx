/** A hub failure as the page shows it: the hub's message and its stable code. */
import type { Problem } from '../lib/problem.js';

export function ProblemBox({ problem, onRetry }: { problem: Problem; onRetry?: () => void }) {
  return (
    <div className="problem" role="alert">
      <p>
        <strong>{problem.message}</strong> <code className="code">{problem.code}</code>
      </p>
      {onRetry && (
        <button className="btn" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
