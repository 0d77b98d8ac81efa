/** One request for a panel: its answer, its failure, and a retry; a newer request wins. */
import { useCallback, useEffect, useRef, useState } from 'react';
import { toProblem, type Problem } from '../../lib/problem.js';

export interface Async<T> {
  data: T | null;
  problem: Problem | null;
  loading: boolean;
  retry(): void;
}

export function useAsync<T>(run: () => Promise<T>, key: string): Async<T> {
  const [state, setState] = useState<{ data: T | null; problem: Problem | null; key: string }>({
    data: null,
    problem: null,
    key: '',
  });
  const [attempt, setAttempt] = useState(0);
  const runner = useRef(run);
  runner.current = run;
  useEffect(() => {
    let live = true;
    runner.current().then(
      (data) => live && setState({ data, problem: null, key }),
      (e: unknown) => live && setState({ data: null, problem: toProblem(e), key }),
    );
    return () => {
      live = false;
    };
  }, [key, attempt]);
  const retry = useCallback(() => setAttempt((a) => a + 1), []);
  const current = state.key === key;
  return {
    data: current ? state.data : null,
    problem: current ? state.problem : null,
    loading: !current,
    retry,
  };
}
