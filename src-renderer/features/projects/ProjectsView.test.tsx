import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Project } from '../../../src-shared/api/projects.js';
import { giveLayout, resetStore, scriptedHub } from '../../app/testing.js';
import { useStore } from '../../app/store.js';
import { ProjectsView } from './ProjectsView.js';

const HOUR = 3600_000;

function project(name: string, extra: Partial<Project> = {}): Project {
  return {
    repo: {
      namespace: 'studio',
      name,
      path: `studio/${name}`,
      description: '',
      owner: 'ana',
      visibility: 'team',
      collaborators: [],
      created_at: '2026-01-01T00:00:00Z',
    },
    head: {
      id: 'a'.repeat(64),
      branch: 'main',
      message: 'rough mix',
      author: 'ben',
      timestamp: new Date(Date.now() - 5 * 60_000).toISOString(),
    },
    size: 3 * 1024 * 1024,
    metadata: {
      commit_id: 'a'.repeat(64),
      branch: 'main',
      bpm: 137.5,
      key_signature: 'F# minor',
      time_signature: '6/8',
      sample_rate: 48000,
      track_count: 12,
      updated_at: '2026-01-01T00:00:00Z',
    },
    lock: null,
    ...extra,
  };
}

const lockBy = (username: string, reason: string | null) => ({
  lock_id: 'l1',
  user: username,
  machine_id: `${username}-mac`,
  acquired_at: new Date().toISOString(),
  expires_at: new Date(Date.now() + 2 * HOUR + 10.5 * 60_000).toISOString(),
  last_heartbeat: new Date().toISOString(),
  username,
  reason,
  ttl_seconds: 4 * 3600,
  namespace: 'studio',
  name: 'Song.logicx',
});

function signedInAs(username: string, role: 'producer' | 'admin' = 'producer') {
  useStore.setState({ user: { username, role, created_at: '' }, sessionStatus: 'signed-in' });
}

beforeAll(giveLayout);
beforeEach(resetStore);
afterEach(cleanup);

describe('the projects view', () => {
  it('shows a project at a glance: metadata, last version, size and whose lock', async () => {
    scriptedHub({
      'GET /api/projects': { json: [project('Song.logicx', { lock: lockBy('ana', 'mixing') })] },
      'GET /api/local/projects': { json: { watching: [], ready: true, projects: [] } },
    });
    signedInAs('ben');
    render(<ProjectsView />);
    await useStore.getState().loadProjects();
    const row = within(await screen.findByRole('listitem'));
    for (const text of [
      'Song',
      '137.5 BPM',
      'F# minor',
      '6/8',
      '48 kHz',
      '12',
      '3.0 MB',
      'rough mix',
      'ben',
    ]) {
      expect(row.getByText(text)).toBeDefined();
    }
    expect(row.getByText('5 min ago').getAttribute('title')).toMatch(/\d/);
    expect(screen.getByRole('listitem').textContent).toContain(
      'locked by ana, 2 h 10 min left, "mixing"',
    );
    expect(row.getByRole('button', { name: 'Tell me when Song is free' })).toBeDefined();
    // ben is neither the owner nor an admin.
    expect(row.queryByRole('button', { name: 'Force release Song' })).toBeNull();
  });

  it('offers Renew and Release to the holder, and Force release (asking a reason) to the owner', async () => {
    const { sent } = scriptedHub({
      'GET /api/projects': { json: [project('Song.logicx', { lock: lockBy('ben', null) })] },
      'POST /api/repos/studio/Song.logicx/locks/force-release': { json: { released: true } },
      'GET /api/projects/studio/Song.logicx': { json: project('Song.logicx') },
    });
    signedInAs('ana');
    render(<ProjectsView />);
    await useStore.getState().loadProjects();
    fireEvent.click(await screen.findByRole('button', { name: 'Force release Song' }));
    const dialog = within(screen.getByRole('dialog'));
    expect(
      (dialog.getByRole('button', { name: 'Force release' }) as HTMLButtonElement).disabled,
    ).toBe(true);
    fireEvent.change(dialog.getByLabelText('Reason'), { target: { value: 'ben went home' } });
    fireEvent.click(dialog.getByRole('button', { name: 'Force release' }));
    await screen.findByText('free');
    expect(sent.find((s) => s.method === 'POST')?.body).toEqual({ reason: 'ben went home' });

    useStore.getState().patchLock('studio', 'Song.logicx', lockBy('ana', null));
    expect(await screen.findByRole('button', { name: 'Renew the lock on Song' })).toBeDefined();
    expect(screen.getByRole('button', { name: 'Release Song' })).toBeDefined();
  });

  it('says how to push the first project when there is none, and lists local projects as local', async () => {
    scriptedHub({
      'GET /api/projects': { json: [] },
      'GET /api/local/projects': { json: { watching: ['/music'], ready: true, projects: [] } },
    });
    signedInAs('ana');
    render(<ProjectsView />);
    await useStore.getState().loadProjects();
    expect((await screen.findByRole('heading')).textContent).toBe(
      'No projects yet: push one with auxin push',
    );
    cleanup();

    scriptedHub({
      'GET /api/projects': { json: [] },
      'GET /api/local/projects': {
        json: {
          watching: ['/music'],
          ready: true,
          projects: [
            {
              path: '/music/Idea.logicx',
              name: 'Idea',
              metadata: null,
              saved_at: null,
              repo: null,
              lock: null,
            },
          ],
        },
      },
    });
    render(<ProjectsView />);
    await useStore.getState().loadProjects();
    const row = within(await screen.findByRole('listitem'));
    expect(row.getByText('local')).toBeDefined();
    expect(row.getByText('never pushed')).toBeDefined();
  });
});
