import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Comment } from '../../../src-shared/api/comments.js';
import { resetStore, scriptedHub } from '../../app/testing.js';
import { useStore } from '../../app/store.js';
import { CommentsPanel } from './CommentsPanel.js';

const COMMIT = 'c'.repeat(64);
const BASE = `/api/repos/studio/Song.logicx/commits/${COMMIT}/comments`;
const SHORT = `/api/repos/studio/Song.logicx/commits/${COMMIT.slice(0, 12)}/comments`;

function comment(id: string, author: string, body: string): Comment {
  return { id, commit_id: COMMIT, author, body, time: new Date().toISOString() };
}

function signedInAs(username: string, role: 'producer' | 'admin' = 'producer') {
  useStore.setState({ user: { username, role, created_at: '' }, sessionStatus: 'signed-in' });
}

beforeEach(resetStore);
afterEach(cleanup);

describe('the comments panel', () => {
  it('lists the comments of a version, oldest first, with Markdown', async () => {
    scriptedHub({
      [`GET ${BASE}`]: {
        json: [comment('b2', 'ben', 'and **more** bass'), comment('a1', 'ana', 'nice *take*')],
      },
    });
    signedInAs('ana');
    render(<CommentsPanel repo="studio/Song.logicx" commit={COMMIT} />);
    const items = await screen.findAllByRole('listitem');
    expect(items.map((i) => within(i).getByText(/ana|ben/).textContent)).toEqual(['ana', 'ben']);
    expect(items[1]!.querySelector('.markdown strong')?.textContent).toBe('more');
    expect(screen.getByRole('heading', { name: 'Comments (2)' })).toBeDefined();
    // One's own may be deleted; a teammate's not (ana is not an admin).
    expect(within(items[0]!).getByRole('button', { name: /Delete your comment/ })).toBeDefined();
    expect(within(items[1]!).queryByRole('button')).toBeNull();
  });

  it('says so when there is none, and when the hub fails, with a way to try again', async () => {
    let fail = true;
    scriptedHub({
      [`GET ${BASE}`]: () =>
        fail ? { status: 500, json: { error: 'disk on fire', code: 'INTERNAL' } } : { json: [] },
    });
    signedInAs('ana');
    render(<CommentsPanel repo="studio/Song.logicx" commit={COMMIT} />);
    expect((await screen.findByRole('alert')).textContent).toContain('disk on fire');
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText(/No comments on this version yet/)).toBeDefined();
  });

  it('adds a comment with the form (and ⌘/Ctrl+Enter), and deletes one’s own', async () => {
    let made = 0;
    const { sent } = scriptedHub({
      [`GET ${BASE}`]: { json: [] },
      [`POST ${BASE}`]: (body) => ({
        status: 201,
        json: comment(`id${++made}`, 'ana', (body as { body: string }).body),
      }),
      [`DELETE ${BASE}/id1`]: { status: 204 },
    });
    signedInAs('ana');
    render(<CommentsPanel repo="studio/Song.logicx" commit={COMMIT} />);
    await screen.findByText(/No comments/);
    const field = screen.getByLabelText('Add a comment');
    expect(screen.getByRole('button', { name: 'Comment' })).toHaveProperty('disabled', true);
    fireEvent.change(field, { target: { value: 'Vocals up 2 dB' } });
    fireEvent.click(screen.getByRole('button', { name: 'Comment' }));
    expect(await screen.findByText('Vocals up 2 dB')).toBeDefined();
    await waitFor(() => expect((field as HTMLTextAreaElement).value).toBe(''));
    fireEvent.change(field, { target: { value: 'and the snare' } });
    fireEvent.keyDown(field, { key: 'Enter', ctrlKey: true });
    expect(await screen.findByText('and the snare')).toBeDefined();
    expect(sent.filter((s) => s.method === 'POST').map((s) => s.body)).toEqual([
      { body: 'Vocals up 2 dB' },
      { body: 'and the snare' },
    ]);
    const first = screen.getByText('Vocals up 2 dB').closest('li')!;
    fireEvent.click(within(first).getByRole('button', { name: /Delete your comment/ }));
    await waitFor(() => expect(screen.queryByText('Vocals up 2 dB')).toBeNull());
    expect(screen.getByText('and the snare')).toBeDefined();
    expect(sent.some((s) => s.method === 'DELETE' && s.path === `${BASE}/id1`)).toBe(true);
  });

  it('shows why a comment was refused, keeping the draft', async () => {
    scriptedHub({
      [`GET ${BASE}`]: { json: [] },
      [`POST ${BASE}`]: {
        status: 400,
        json: { error: 'body: must not contain control characters', code: 'INVALID_ARGUMENT' },
      },
    });
    signedInAs('ana');
    render(<CommentsPanel repo="studio/Song.logicx" commit={COMMIT} />);
    await screen.findByText(/No comments/);
    fireEvent.change(screen.getByLabelText('Add a comment'), { target: { value: 'hm' } });
    fireEvent.click(screen.getByRole('button', { name: 'Comment' }));
    expect((await screen.findByRole('alert')).textContent).toContain('INVALID_ARGUMENT');
    expect((screen.getByLabelText('Add a comment') as HTMLTextAreaElement).value).toBe('hm');
  });

  it('takes teammates’ comments from the live stream, once each, and drops deleted ones', async () => {
    scriptedHub({ [`GET ${SHORT}`]: { json: [comment('a1', 'ana', 'first')] } });
    signedInAs('ana');
    render(<CommentsPanel repo="studio/Song.logicx" commit={COMMIT.slice(0, 12)} />);
    // The panel was opened with a prefix: the hub's list route resolves it.
    await screen.findByText('first');
    const event = (type: 'comment.added' | 'comment.deleted', id: string, body?: string) => ({
      type,
      namespace: 'studio',
      name: 'Song.logicx',
      data: {
        id: `ev-${id}-${type}`,
        type,
        actor: 'ben',
        time: new Date().toISOString(),
        namespace: 'studio',
        name: 'Song.logicx',
        text: '',
        details: { comment_id: id, commit_id: COMMIT, ...(body ? { body } : {}) },
      },
    });
    act(() => {
      useStore
        .getState()
        .handleEvent(event('comment.added', 'b2', 'from ben <img src=x onerror=alert(1)>'));
      useStore
        .getState()
        .handleEvent(event('comment.added', 'b2', 'from ben <img src=x onerror=alert(1)>'));
      // Another repository's comment on a version with the same id is not this one's.
      useStore.getState().handleEvent({
        ...event('comment.added', 'x9', 'elsewhere'),
        data: { ...event('comment.added', 'x9', 'elsewhere').data, name: 'Other.logicx' },
      });
    });
    expect(screen.getAllByText(/from ben/)).toHaveLength(1);
    expect(document.querySelector('img')).toBeNull();
    expect(screen.queryByText('elsewhere')).toBeNull();
    act(() => useStore.getState().handleEvent(event('comment.deleted', 'a1')));
    expect(screen.queryByText('first')).toBeNull();
  });
});
