/**
 * The comments slice: the comments of each version the page shows, keyed `ns/name@commit`.
 * Adding and deleting update the list at once from the hub's answer; teammates' comments arrive
 * as `comment.added` / `comment.deleted` events and are merged by id (one's own arrive twice).
 */
import type { StateCreator } from 'zustand';
import type { LiveEvent } from '../../../src-shared/api/events.js';
import { toProblem, type Problem } from '../../lib/problem.js';
import * as comments from '../../services/comments.js';
import type { Comment } from '../../services/comments.js';
import type { AppState } from '../../app/store.js';

export interface CommentThread {
  status: 'loading' | 'ready' | 'error';
  items: Comment[];
  error: Problem | null;
  /** The last add or delete that failed, shown next to the form. */
  actionError: Problem | null;
  posting: boolean;
  deleting: Record<string, true | undefined>;
}

export interface CommentsSlice {
  comments: Record<string, CommentThread | undefined>;
  loadComments(repo: string, commit: string): Promise<void>;
  postComment(repo: string, commit: string, body: string): Promise<boolean>;
  removeComment(repo: string, commit: string, id: string): Promise<boolean>;
  commentEvent(e: LiveEvent): void;
  /** The live stream is back after a drop: read the open threads again. */
  commentsResumed(): void;
}

/** Comments attach to full commit ids; a panel may be opened with a prefix. */
export const threadKey = (repo: string, commit: string) => `${repo}@${commit}`;

const EMPTY: CommentThread = {
  status: 'loading',
  items: [],
  error: null,
  actionError: null,
  posting: false,
  deleting: {},
};

function byTime(a: Comment, b: Comment) {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export const createCommentsSlice: StateCreator<AppState, [], [], CommentsSlice> = (set, get) => {
  const patch = (key: string, change: (t: CommentThread) => Partial<CommentThread>) =>
    set((s) => {
      const t = s.comments[key] ?? EMPTY;
      return { comments: { ...s.comments, [key]: { ...t, ...change(t) } } };
    });
  const failed = (e: unknown): Problem => {
    const problem = toProblem(e);
    if (problem.code === 'UNAUTHORIZED') get().sessionEnded();
    return problem;
  };
  const merge = (items: Comment[], c: Comment) =>
    items.some((x) => x.id === c.id) ? items : [...items, c].sort(byTime);

  return {
    comments: {},

    async loadComments(repo, commit) {
      const key = threadKey(repo, commit);
      patch(key, () => ({ status: 'loading', error: null }));
      try {
        const items = await comments.listComments(repo, commit);
        // Events that came while the list was on its way are kept.
        patch(key, (t) => ({
          status: 'ready',
          items: t.items.reduce(merge, items.slice().sort(byTime)),
        }));
      } catch (e) {
        patch(key, () => ({ status: 'error', error: failed(e) }));
      }
    },

    async postComment(repo, commit, body) {
      const key = threadKey(repo, commit);
      patch(key, () => ({ posting: true, actionError: null }));
      try {
        const added = await comments.addComment(repo, commit, body);
        patch(key, (t) => ({ items: merge(t.items, added) }));
        return true;
      } catch (e) {
        patch(key, () => ({ actionError: failed(e) }));
        return false;
      } finally {
        patch(key, () => ({ posting: false }));
      }
    },

    async removeComment(repo, commit, id) {
      const key = threadKey(repo, commit);
      patch(key, (t) => ({ deleting: { ...t.deleting, [id]: true }, actionError: null }));
      try {
        await comments.deleteComment(repo, commit, id);
        patch(key, (t) => ({ items: t.items.filter((c) => c.id !== id) }));
        return true;
      } catch (e) {
        patch(key, () => ({ actionError: failed(e) }));
        return false;
      } finally {
        patch(key, (t) => ({ deleting: { ...t.deleting, [id]: undefined } }));
      }
    },

    commentsResumed() {
      for (const key of Object.keys(get().comments)) {
        const at = key.lastIndexOf('@');
        void get().loadComments(key.slice(0, at), key.slice(at + 1));
      }
    },

    commentEvent(e) {
      if (e.type !== 'comment.added' && e.type !== 'comment.deleted') return;
      const d = e.data.details;
      const commitId = typeof d.commit_id === 'string' ? d.commit_id : null;
      const id = typeof d.comment_id === 'string' ? d.comment_id : null;
      if (!commitId || !id) return;
      const repo = `${e.data.namespace}/${e.data.name}`;
      // Panels may be keyed by a prefix of the commit id: update every thread it names.
      for (const key of Object.keys(get().comments)) {
        const at = key.lastIndexOf('@');
        if (key.slice(0, at) !== repo || !commitId.startsWith(key.slice(at + 1))) continue;
        if (e.type === 'comment.deleted') {
          patch(key, (t) => ({ items: t.items.filter((c) => c.id !== id) }));
        } else if (typeof d.body === 'string') {
          const comment = {
            id,
            commit_id: commitId,
            author: e.data.actor,
            body: d.body,
            time: e.data.time,
          };
          patch(key, (t) => ({ items: merge(t.items, comment) }));
        }
      }
    },
  };
};
