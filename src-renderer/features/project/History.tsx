/**
 * The project's history: a branch switcher, the timeline and the selected version's detail.
 * Opening the page selects the newest version; a push (the project's head moving) reloads.
 */
import { useEffect } from 'react';
import { useStore } from '../../app/store.js';
import { ProblemBox } from '../../app/ProblemBox.js';
import { projectId } from '../projects/rows.js';
import { Timeline } from './Timeline.js';
import { VersionDetail } from './VersionDetail.js';
import './history.css';

export function History({
  namespace,
  name,
  head,
}: {
  namespace: string;
  name: string;
  head: string | null;
}) {
  const id = projectId(namespace, name);
  const h = useStore((s) => s.history[id]);
  const open = useStore((s) => s.openHistory);
  const more = useStore((s) => s.loadMoreVersions);
  const select = useStore((s) => s.selectVersion);

  useEffect(() => {
    void open(namespace, name);
  }, [namespace, name, head, open]);

  const index = h ? h.versions.findIndex((v) => v.id === h.selected) : -1;
  return (
    <section aria-labelledby="history-title" className="history">
      <div className="history-bar">
        <h2 id="history-title">History</h2>
        {h && h.branches.length > 0 && (
          <label className="field inline" htmlFor="branch-select">
            <span>Branch</span>
            <select
              id="branch-select"
              value={h.branch ?? ''}
              onChange={(e) => void open(namespace, name, e.target.value)}
            >
              {h.branches.map((b) => (
                <option key={b.name} value={b.name}>
                  {b.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {h?.error && <ProblemBox problem={h.error} onRetry={() => void open(namespace, name)} />}
      {(!h || h.status === 'loading') && <p aria-busy="true">Loading the history…</p>}
      {h?.status === 'ready' && h.versions.length === 0 && (
        <p className="muted">
          No versions yet: push one with <code>auxin push</code>.
        </p>
      )}
      {h && h.versions.length > 0 && (
        <div className="history-layout">
          <Timeline
            namespace={namespace}
            name={name}
            versions={h.versions}
            selected={h.selected}
            hasMore={h.nextOffset !== null}
            loadingMore={h.loadingMore}
            onSelect={(v) => select(namespace, name, v)}
            onLoadMore={() => void more(namespace, name)}
          />
          {index >= 0 ? (
            <VersionDetail ns={namespace} name={name} versions={h.versions} index={index} />
          ) : (
            <p className="muted">Choose a version.</p>
          )}
        </div>
      )}
    </section>
  );
}
