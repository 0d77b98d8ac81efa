/**
 * The comments of one version: the thread (Markdown rendered safely), a form to add one, and a
 * delete button on one's own. Teammates' comments arrive through the page's live stream.
 */
import { useEffect, useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useStore } from '../../app/store.js';
import { ProblemBox } from '../../app/ProblemBox.js';
import { Time } from '../../app/Time.js';
import { Markdown } from './markdown.js';
import { threadKey } from './slice.js';
import './comments.css';

const MAX_LENGTH = 10_000;

export function CommentsPanel({ repo, commit }: { repo: string; commit: string }) {
  const key = threadKey(repo, commit);
  const thread = useStore((s) => s.comments[key]);
  const me = useStore((s) => s.user);
  const load = useStore((s) => s.loadComments);
  const post = useStore((s) => s.postComment);
  const remove = useStore((s) => s.removeComment);
  const [draft, setDraft] = useState('');
  const headingId = useId();
  const fieldId = useId();
  const hintId = useId();

  useEffect(() => {
    void load(repo, commit);
  }, [repo, commit, load]);

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!draft.trim() || thread?.posting) return;
    if (await post(repo, commit, draft)) setDraft('');
  };
  // ⌘/Ctrl+Enter sends, as in every chat a producer uses; Enter alone makes a new line.
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) void submit();
  };

  const items = thread?.items ?? [];
  return (
    <section className="comments" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {thread?.status === 'ready' ? `Comments (${items.length})` : 'Comments'}
      </h3>
      {!thread || (thread.status === 'loading' && items.length === 0) ? (
        <p className="muted" aria-busy="true">
          Loading comments…
        </p>
      ) : thread.status === 'error' && thread.error ? (
        <ProblemBox problem={thread.error} onRetry={() => void load(repo, commit)} />
      ) : items.length === 0 ? (
        <p className="muted comments-empty">No comments on this version yet. Say what you hear.</p>
      ) : (
        <ol className="comment-list">
          {items.map((c) => {
            const mayDelete = !!me && (c.author === me.username || me.role === 'admin');
            return (
              <li key={c.id} className="comment">
                <div className="comment-head">
                  <strong>{c.author}</strong>
                  <span className="muted">
                    <Time iso={c.time} />
                  </span>
                  {mayDelete && (
                    <button
                      className="btn-link comment-delete"
                      disabled={!!thread.deleting[c.id]}
                      onClick={() => void remove(repo, commit, c.id)}
                      aria-label={`Delete ${c.author === me.username ? 'your' : `${c.author}'s`} comment from ${new Date(c.time).toLocaleString()}`}
                    >
                      {thread.deleting[c.id] ? 'Deleting…' : 'Delete'}
                    </button>
                  )}
                </div>
                <Markdown source={c.body} />
              </li>
            );
          })}
        </ol>
      )}
      <form className="comment-form" onSubmit={(e) => void submit(e)}>
        <label htmlFor={fieldId}>Add a comment</label>
        <textarea
          id={fieldId}
          value={draft}
          maxLength={MAX_LENGTH}
          rows={3}
          aria-describedby={hintId}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={onKeyDown}
          placeholder="The snare is back in the chorus, nice."
        />
        <div className="comment-form-foot">
          <span id={hintId} className="muted">
            Markdown: **bold**, *italic*, `code`, [link](https://…). ⌘/Ctrl+Enter sends.
          </span>
          <button
            className="btn btn-primary"
            type="submit"
            disabled={!draft.trim() || thread?.posting}
          >
            {thread?.posting ? 'Sending…' : 'Comment'}
          </button>
        </div>
        {thread?.actionError && <ProblemBox problem={thread.actionError} />}
      </form>
    </section>
  );
}
