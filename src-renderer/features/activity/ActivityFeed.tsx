/**
 * A feed of the hub's activity, for the whole hub (`scope` null) or one project (`ns/name`):
 * filters by kind and person, new events on top as they happen, older ones a page at a time
 * (a button, and on its own when the end of the list scrolls into view).
 */
import { useEffect, useId, useRef, useState } from 'react';
import { ACTIVITY_KINDS, type ActivityKind } from '../../../src-shared/api/activity.js';
import { onLinkClick, projectPath } from '../../app/router.js';
import { useStore } from '../../app/store.js';
import { ProblemBox } from '../../app/ProblemBox.js';
import { Time } from '../../app/Time.js';
import { CommentsPanel } from '../comments/CommentsPanel.js';
import { displayName } from '../projects/rows.js';
import { describe, KIND_LABELS, versionOf } from './describe.js';
import { feedKey } from './slice.js';
import './activity.css';

const KIND_OPTIONS: Record<ActivityKind, string> = {
  push: 'Pushes',
  lock: 'Locks',
  metadata: 'Metadata changes',
  comment: 'Comments',
  project: 'Projects and members',
};

const USERNAME = /^[A-Za-z0-9._-]{1,64}$/;

export function ActivityFeed({ scope, label }: { scope: string | null; label: string }) {
  const feed = useStore((s) => s.feeds[feedKey(scope)]);
  const openFeed = useStore((s) => s.openFeed);
  const loadOlder = useStore((s) => s.loadOlder);
  const [kind, setKind] = useState<ActivityKind | ''>('');
  const [person, setPerson] = useState('');
  const [actor, setActor] = useState('');
  const ids = { kind: useId(), person: useId(), people: useId() };
  const end = useRef<HTMLDivElement>(null);
  // The entry whose version's discussion is open (by event id): comment from the feed itself.
  const [discuss, setDiscuss] = useState<string | null>(null);

  // A name is looked up once typing pauses, not on every key.
  useEffect(() => {
    const t = setTimeout(() => setActor(USERNAME.test(person.trim()) ? person.trim() : ''), 300);
    return () => clearTimeout(t);
  }, [person]);

  useEffect(() => {
    void openFeed(scope, { kind: kind || undefined, actor: actor || undefined });
  }, [scope, kind, actor, openFeed]);

  const canLoadOlder = feed?.status === 'ready' && !!feed.next && feed.older !== 'loading';
  useEffect(() => {
    const el = end.current;
    if (!el || !canLoadOlder || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((x) => x.isIntersecting)) void loadOlder(scope);
    });
    io.observe(el);
    return () => io.disconnect();
  }, [canLoadOlder, loadOlder, scope]);

  const people = [...new Set((feed?.events ?? []).map((e) => e.actor))].sort();
  const filtered = !!kind || !!actor;
  return (
    <section className="activity" aria-label={label}>
      <form className="activity-filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor={ids.kind}>Kind</label>
          <select
            id={ids.kind}
            value={kind}
            onChange={(e) => setKind(e.target.value as ActivityKind | '')}
          >
            <option value="">Everything</option>
            {ACTIVITY_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_OPTIONS[k]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.person}>Person</label>
          <input
            id={ids.person}
            list={ids.people}
            value={person}
            placeholder="Anyone"
            autoComplete="off"
            onChange={(e) => setPerson(e.target.value)}
          />
          <datalist id={ids.people}>
            {people.map((p) => (
              <option key={p} value={p} />
            ))}
          </datalist>
        </div>
        {filtered && (
          <button
            type="button"
            className="btn"
            onClick={() => {
              setKind('');
              setPerson('');
              setActor('');
            }}
          >
            Clear filters
          </button>
        )}
      </form>

      {!feed || (feed.status === 'loading' && feed.events.length === 0) ? (
        <p className="muted" aria-busy="true">
          Loading activity…
        </p>
      ) : feed.status === 'error' && feed.error ? (
        <ProblemBox problem={feed.error} onRetry={() => void openFeed(scope, feed.filter)} />
      ) : feed.events.length === 0 ? (
        <p className="muted activity-empty">
          {filtered
            ? 'Nothing matches these filters.'
            : 'Nothing has happened here yet. Pushes, locks and comments will show up as they happen.'}
        </p>
      ) : (
        <ol className="activity-list">
          {feed.events.map((e) => {
            const d = describe(e);
            const version = versionOf(e);
            const open = discuss === e.id && version !== null;
            return (
              <li key={e.id} className={`activity-item kind-${d.kind}`} data-type={e.type}>
                <span className="activity-kind">{KIND_LABELS[d.kind]}</span>
                <div className="activity-body">
                  <p className="activity-line">
                    <strong>{e.actor}</strong> {d.headline}
                    {scope === null && (
                      <>
                        {' '}
                        in{' '}
                        <a
                          href={projectPath(e.namespace, e.name)}
                          onClick={onLinkClick(projectPath(e.namespace, e.name))}
                        >
                          {displayName(e.name)}
                        </a>
                      </>
                    )}
                  </p>
                  {d.facts.length > 0 && (
                    <p className="activity-facts muted">{d.facts.join(' · ')}</p>
                  )}
                </div>
                <span className="activity-side">
                  <span className="activity-time muted">
                    <Time iso={e.time} />
                  </span>
                  {version && (
                    <button
                      type="button"
                      className="btn-link"
                      aria-expanded={open}
                      aria-label={`${open ? 'Hide' : 'Show'} comments on version ${version.slice(0, 10)} of ${displayName(e.name)}`}
                      onClick={() => setDiscuss(open ? null : e.id)}
                    >
                      {open ? 'Hide comments' : 'Comments'}
                    </button>
                  )}
                </span>
                {/* After its toggle, so Tab goes from "Comments" straight into the thread. */}
                {open && (
                  <div className="activity-discussion">
                    <CommentsPanel repo={`${e.namespace}/${e.name}`} commit={version} />
                  </div>
                )}
              </li>
            );
          })}
        </ol>
      )}

      {feed?.status === 'ready' && feed.events.length > 0 && (
        <div className="activity-end" ref={end}>
          {feed.older === 'error' && feed.olderError && <ProblemBox problem={feed.olderError} />}
          {feed.next ? (
            <button
              className="btn"
              disabled={feed.older === 'loading'}
              onClick={() => void loadOlder(scope)}
            >
              {feed.older === 'loading' ? 'Loading older…' : 'Load older'}
            </button>
          ) : (
            <p className="muted">That is everything, back to the beginning.</p>
          )}
        </div>
      )}
    </section>
  );
}
