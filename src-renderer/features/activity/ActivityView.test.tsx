import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActivityEventWire } from '../../../src-shared/api/activity.js';
import { resetStore, scriptedHub } from '../../app/testing.js';
import { useStore } from '../../app/store.js';
import { ActivityView } from './ActivityView.js';
import { describe as describeEvent } from './describe.js';
import { ProjectActivity } from './ProjectActivity.js';

let clock = 1_000_000;
function ev(
  type: string,
  actor: string,
  details: Record<string, unknown> = {},
  name = 'Song.logicx',
): ActivityEventWire {
  clock += 1000;
  return {
    id: clock.toString(36).padStart(9, '0') + 'abcdef',
    type,
    actor,
    time: new Date().toISOString(),
    namespace: 'studio',
    name,
    text: `${actor} did ${type}`,
    details,
  };
}

const push = () =>
  ev('push', 'ana', { branch: 'main', commits: 2, bytes: 5 * 1024 * 1024, new: 'f'.repeat(64) });
const forced = () =>
  ev('lock.force_released', 'admin', { user: 'ben', reason: 'ben is on holiday' }, 'Other.logicx');

beforeEach(() => {
  resetStore();
  useStore.setState({ user: { username: 'ana', role: 'producer', created_at: '' } });
});
afterEach(cleanup);

describe('describing an event', () => {
  it('says who pushed what where, and why a lock was broken', () => {
    expect(describeEvent(push())).toEqual({
      kind: 'push',
      headline: 'pushed 2 versions to main',
      facts: ['5.0 MB uploaded', 'now at ffffffffff'],
    });
    expect(describeEvent(forced())).toMatchObject({
      kind: 'lock',
      headline: 'force-released the lock of ben',
      facts: ['reason: ben is on holiday'],
    });
    expect(describeEvent(ev('lock.expired', 'hub', { user: 'ben' })).headline).toBe(
      'the lock of ben expired',
    );
    expect(
      describeEvent(ev('metadata.extracted', 'ana', { changes: 'Tempo 120 → 124 BPM' })).headline,
    ).toBe('changed Tempo 120 → 124 BPM');
    expect(
      describeEvent(
        ev('metadata.extracted', 'ana', {
          changes: '',
          bpm: 137.5,
          key_signature: 'C major',
          commit_id: 'a'.repeat(64),
        }),
      ),
    ).toMatchObject({
      headline: 'saved a version',
      facts: ['137.5 BPM', 'C major', 'version aaaaaaaaaa'],
    });
    // Details missing or of the wrong type do not break the line.
    expect(describeEvent(ev('push', 'ana', { commits: 'many', bytes: {} })).headline).toBe(
      'pushed 0 versions to a branch',
    );
  });
});

describe('the activity view', () => {
  it('shows the hub feed, pages back with Load older, and says when it reached the start', async () => {
    const newer = [push(), forced()].reverse();
    const older = [ev('repo.created', 'ana', {}, 'Song.logicx')];
    let asked = 0;
    const { sent } = scriptedHub({
      'GET /api/activity': () =>
        ++asked === 1
          ? { json: { events: newer, next: newer[1]!.id } }
          : { json: { events: older, next: null } },
    });
    render(<ActivityView />);
    const list = await screen.findByRole('list');
    const items = within(list).getAllByRole('listitem');
    expect(items.map((i) => i.getAttribute('data-type'))).toEqual(['lock.force_released', 'push']);
    expect(items[0]!.textContent).toContain('admin force-released the lock of ben in Other');
    expect(items[0]!.textContent).toContain('reason: ben is on holiday');
    expect(within(items[1]!).getByRole('link', { name: 'Song' }).getAttribute('href')).toBe(
      '/projects/studio/Song.logicx',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Load older' }));
    expect(await screen.findByText(/That is everything/)).toBeDefined();
    expect(within(list).getAllByRole('listitem')).toHaveLength(3);
    expect(sent.map((s) => s.search)).toEqual(['?limit=50', `?limit=50&before=${newer[1]!.id}`]);
  });

  it('asks the hub again with a kind or a person, and says when nothing matches', async () => {
    const { sent } = scriptedHub({
      'GET /api/activity': () => ({ json: { events: [], next: null } }),
    });
    render(<ActivityView />);
    expect(await screen.findByText(/Nothing has happened here yet/)).toBeDefined();
    fireEvent.change(screen.getByLabelText('Kind'), { target: { value: 'lock' } });
    expect(await screen.findByText('Nothing matches these filters.')).toBeDefined();
    // A name is asked for once typing pauses, not per key.
    fireEvent.change(screen.getByLabelText('Person'), { target: { value: 'b' } });
    fireEvent.change(screen.getByLabelText('Person'), { target: { value: 'ben' } });
    await waitFor(() => expect(sent.at(-1)!.search).toContain('actor=ben'));
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(sent.at(-1)!.search).toBe('?limit=50'));
    expect(sent.map((s) => s.search)).toEqual([
      '?limit=50',
      '?limit=50&kind=lock',
      '?limit=50&kind=lock&actor=ben',
      '?limit=50',
    ]);
  });

  it('puts new events on top as they happen, only those matching the filter, once each', async () => {
    scriptedHub({ 'GET /api/activity': { json: { events: [push()], next: null } } });
    render(<ActivityView />);
    await screen.findByText(/pushed 2 versions/);
    const live = forced();
    act(() => {
      useStore.getState().handleEvent({
        type: 'lock.force_released',
        namespace: 'studio',
        name: 'Other.logicx',
        data: live,
      });
      useStore.getState().handleEvent({
        type: 'lock.force_released',
        namespace: 'studio',
        name: 'Other.logicx',
        data: live,
      });
    });
    const items = screen.getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]!.getAttribute('data-type')).toBe('lock.force_released');
  });

  it('opens the comments of the version an entry is about, in place', async () => {
    const p = push();
    scriptedHub({
      'GET /api/activity': { json: { events: [p], next: null } },
      [`GET /api/repos/studio/Song.logicx/commits/${'f'.repeat(64)}/comments`]: {
        json: [
          {
            id: 'c1',
            commit_id: 'f'.repeat(64),
            author: 'ben',
            body: 'great *take*',
            time: new Date().toISOString(),
          },
        ],
      },
    });
    render(<ActivityView />);
    const toggle = await screen.findByRole('button', {
      name: 'Show comments on version ffffffffff of Song',
    });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    expect((await screen.findByText('take')).tagName).toBe('EM');
    expect(screen.getByLabelText('Add a comment')).toBeDefined();
    fireEvent.click(screen.getByRole('button', { name: /Hide comments/ }));
    expect(screen.queryByLabelText('Add a comment')).toBeNull();
  });

  it('shows a failure with a way to try again', async () => {
    let fail = true;
    scriptedHub({
      'GET /api/activity': () =>
        fail
          ? { status: 503, json: { error: 'busy', code: 'UNAVAILABLE' } }
          : { json: { events: [push()], next: null } },
    });
    render(<ActivityView />);
    expect((await screen.findByRole('alert')).textContent).toContain('busy');
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText(/pushed 2 versions/)).toBeDefined();
  });
});

describe('a project’s activity', () => {
  it('reads that project’s feed and takes only its live events', async () => {
    const { sent } = scriptedHub({
      'GET /api/repos/studio/Song.logicx/activity': { json: { events: [push()], next: null } },
    });
    render(<ProjectActivity repo="studio/Song.logicx" />);
    await screen.findByText(/pushed 2 versions/);
    expect(screen.getByRole('heading', { name: 'Activity' })).toBeDefined();
    // No project link: the page is already the project's.
    expect(screen.queryByRole('link')).toBeNull();
    const elsewhere = forced();
    const here = ev('lock.acquired', 'ben', { machine_id: 'ben-mac', reason: 'vocals' });
    act(() => {
      useStore.getState().handleEvent({ type: 'lock.force_released', data: elsewhere });
      useStore.getState().handleEvent({ type: 'lock.acquired', data: here });
    });
    const items = screen.getAllByRole('listitem');
    expect(items.map((i) => i.getAttribute('data-type'))).toEqual(['lock.acquired', 'push']);
    expect(items[0]!.textContent).toContain('reason: vocals · on ben-mac');
    expect(sent).toHaveLength(1);
  });
});
