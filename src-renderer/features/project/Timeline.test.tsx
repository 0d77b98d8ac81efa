import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApiClient } from '../../../src-shared/api/client.js';
import type { VersionSummary } from '../../../src-shared/api/versions.js';
import { giveLayout, resetStore } from '../../app/testing.js';
import { setApiClient } from '../../services/client.js';
import { History } from './History.js';

const TOTAL = 250;
const hex = (i: number) => i.toString(16).padStart(64, '0');

function version(i: number): VersionSummary {
  // i = 0 is the newest; version 0 changed the tempo against version 1.
  return {
    id: hex(TOTAL - i),
    parent_ids: i === TOTAL - 1 ? [] : [hex(TOTAL - i - 1)],
    message: `take ${TOTAL - i}`,
    author: i % 2 ? 'ben' : 'ana',
    timestamp: new Date(Date.now() - i * 60_000).toISOString(),
    size: 3 * 1024 * 1024,
    files_changed: 2,
    changes: i === 0 ? [{ field: 'bpm', from: 120, to: 124, text: 'tempo 120 → 124' }] : [],
    comment_count: i === 0 ? 3 : 0,
    snapshot: i === 0 ? 'Alternatives/000/WindowImage.jpg' : null,
    bounces: [],
  };
}

let asked: URL[];

function hub() {
  asked = [];
  setApiClient(
    createApiClient({
      baseUrl: 'http://hub.test',
      fetch: async (url) => {
        const u = new URL(url);
        asked.push(u);
        if (u.pathname.endsWith('/branches')) {
          return Response.json([
            { name: 'main', commit_id: hex(TOTAL), is_head: true },
            { name: 'alt-chorus', commit_id: hex(3), is_head: false },
          ]);
        }
        if (u.pathname.endsWith('/versions')) {
          const offset = Number(u.searchParams.get('offset'));
          const limit = Number(u.searchParams.get('limit'));
          const all = Array.from({ length: TOTAL }, (_, i) => version(i));
          const end = Math.min(TOTAL, offset + limit);
          return Response.json({
            head: hex(TOTAL),
            versions: all.slice(offset, end),
            next_offset: end < TOTAL ? end : null,
          });
        }
        return Response.json({ error: 'no', code: 'NOT_FOUND' }, { status: 404 });
      },
    }),
  );
}

beforeAll(giveLayout);
beforeEach(() => {
  resetStore();
  hub();
});
afterEach(cleanup);

const listbox = () => screen.getByRole('listbox', { name: 'Versions, newest first' });
const selected = () => within(listbox()).getByRole('option', { selected: true });

describe('the history timeline', () => {
  it('selects the newest version and shows its musical change, size, files and comments', async () => {
    render(<History namespace="studio" name="Song.logicx" head={hex(TOTAL)} />);
    await waitFor(() => expect(selected().textContent).toContain('take 250'));
    const row = selected();
    expect(row.textContent).toContain('Tempo 120 → 124 BPM');
    expect(row.textContent).toContain('3.0 MB');
    expect(row.textContent).toContain('2 files changed');
    expect(row.textContent).toContain('3 comments');
    expect(row.querySelector('img')!.getAttribute('src')).toContain(
      'path=Alternatives%2F000%2FWindowImage.jpg',
    );
    // The detail shows the same version.
    expect(screen.getByRole('heading', { level: 2, name: 'take 250' })).toBeDefined();
  });

  it('keeps only what is on screen in the page', async () => {
    render(<History namespace="studio" name="Song.logicx" head={hex(TOTAL)} />);
    await waitFor(() => expect(selected()).toBeDefined());
    const rows = within(listbox()).getAllByRole('option').length;
    expect(rows).toBeGreaterThan(3);
    expect(rows).toBeLessThan(20);
  });

  it('moves through versions with the arrow keys, Home and End, loading older pages', async () => {
    render(<History namespace="studio" name="Song.logicx" head={hex(TOTAL)} />);
    await waitFor(() => expect(selected().textContent).toContain('take 250'));
    fireEvent.keyDown(listbox(), { key: 'ArrowDown' });
    expect(selected().textContent).toContain('take 249');
    fireEvent.keyDown(listbox(), { key: 'ArrowDown' });
    fireEvent.keyDown(listbox(), { key: 'ArrowUp' });
    expect(selected().textContent).toContain('take 249');
    expect(listbox().getAttribute('aria-activedescendant')).toBe(selected().id);
    expect(screen.getByRole('heading', { level: 2, name: 'take 249' })).toBeDefined();
    await act(async () => {
      fireEvent.keyDown(listbox(), { key: 'End' });
    });
    await waitFor(() =>
      expect(asked.some((u) => u.searchParams.get('offset') === '100')).toBe(true),
    );
    // jsdom does not scroll, so the row itself stays out of the window: the detail follows.
    expect(screen.getByRole('heading', { level: 2, name: 'take 151' })).toBeDefined();
    fireEvent.keyDown(listbox(), { key: 'Home' });
    expect(selected().textContent).toContain('take 250');
  });

  it('switches branches from the branch menu', async () => {
    render(<History namespace="studio" name="Song.logicx" head={hex(TOTAL)} />);
    await waitFor(() => expect(selected()).toBeDefined());
    fireEvent.change(screen.getByLabelText('Branch'), { target: { value: 'alt-chorus' } });
    await waitFor(() =>
      expect(asked.some((u) => u.searchParams.get('branch') === 'alt-chorus')).toBe(true),
    );
    expect((screen.getByLabelText('Branch') as HTMLSelectElement).value).toBe('alt-chorus');
  });

  it('says so when the hub fails, and tries again', async () => {
    setApiClient(
      createApiClient({
        baseUrl: 'http://hub.test',
        fetch: async () =>
          Response.json({ error: 'disk on fire', code: 'INTERNAL' }, { status: 500 }),
      }),
    );
    render(<History namespace="studio" name="Song.logicx" head={null} />);
    await screen.findByText('disk on fire');
    hub();
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(selected().textContent).toContain('take 250'));
  });
});
