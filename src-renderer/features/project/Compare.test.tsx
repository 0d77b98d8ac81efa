import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiClient } from '../../../src-shared/api/client.js';
import type { CompareResponse, VersionSummary } from '../../../src-shared/api/versions.js';
import { setApiClient } from '../../services/client.js';
import { Compare, CompareResult } from './Compare.js';

afterEach(cleanup);

const result: CompareResponse = {
  from: 'a'.repeat(64),
  to: 'b'.repeat(64),
  added: [{ path: 'Bounces/Song.wav', size: 2 * 1024 * 1024 }],
  removed: [{ path: 'Media/Audio Files/old take.wav', size: 1024 }],
  changed: [{ path: 'Alternatives/000/ProjectData', old_size: 2048, new_size: 4096 }],
  changes: [
    { field: 'bpm', from: 120, to: 124, text: 'tempo 120 → 124' },
    { field: 'time_signature', from: '4/4', to: '6/8', text: 'time 4/4 → 6/8' },
    {
      field: 'tempo_map',
      from: [{ tick: 0, bpm: 120 }],
      to: [
        { tick: 0, bpm: 124 },
        { tick: 3840, bpm: 132 },
      ],
      text: 'tempo map changed (1 → 2 events)',
    },
  ],
};

describe('compare', () => {
  it('lists the musical changes, the files added, removed and changed with sizes, and the maps', () => {
    render(<CompareResult r={result} />);
    const changes = screen.getAllByRole('listitem').map((li) => li.textContent);
    expect(changes).toContain('Tempo 120 → 124 BPM');
    expect(changes).toContain('Time signature 4/4 → 6/8');
    const added = screen.getByRole('table', { name: 'Added (1)' });
    expect(added.textContent).toContain('Bounces/Song.wav');
    expect(added.textContent).toContain('+ 2.0 MB');
    expect(screen.getByRole('table', { name: 'Removed (1)' }).textContent).toContain(
      'old take.wav',
    );
    expect(screen.getByRole('table', { name: 'Changed (1)' }).textContent).toContain(
      '2.0 KB → 4.0 KB',
    );
    expect(screen.getByText('Tempo map')).toBeDefined();
    expect(screen.getByText('beat 5: 132 BPM')).toBeDefined();
    expect(screen.queryByText('Meter map')).toBeNull();
  });

  it('says when nothing differs', () => {
    render(<CompareResult r={{ ...result, added: [], removed: [], changed: [], changes: [] }} />);
    expect(screen.getByText('No file changed.')).toBeDefined();
    expect(screen.getByText(/No change to tempo/)).toBeDefined();
  });

  it('asks the hub again when another version is picked', async () => {
    const asked: string[] = [];
    setApiClient(
      createApiClient({
        baseUrl: 'http://hub.test',
        fetch: async (url) => {
          const u = new URL(url);
          asked.push(`${u.searchParams.get('from')}..${u.searchParams.get('to')}`);
          return Response.json({
            ...result,
            from: u.searchParams.get('from'),
            to: u.searchParams.get('to'),
          });
        },
      }),
    );
    const v = (id: string, message: string) =>
      ({ id, message, bounces: [], changes: [] }) as unknown as VersionSummary;
    const versions = [
      v('c'.repeat(64), 'three'),
      v('b'.repeat(64), 'two'),
      v('a'.repeat(64), 'one'),
    ];
    render(
      <Compare
        namespace="s"
        name="n"
        versions={versions}
        from={'b'.repeat(64)}
        to={'c'.repeat(64)}
      />,
    );
    await screen.findByRole('table', { name: 'Added (1)' });
    fireEvent.change(screen.getByLabelText('Older (A)'), { target: { value: 'a'.repeat(64) } });
    await waitFor(() => expect(asked).toContain(`${'a'.repeat(64)}..${'c'.repeat(64)}`));
    expect(within(screen.getByLabelText('Older (A)')).getAllByRole('option')).toHaveLength(3);
  });
});
