import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../app/App.js';
import { resetStore, scriptedHub } from '../../app/testing.js';
import type { DesktopBridge, ProjectRef } from '../../services/desktop.js';
import { parseFinishHash } from './route.js';

function fakeBridge(finish: (p: ProjectRef, o: { message: string }) => Promise<void>) {
  const asked: ProjectRef[] = [];
  window.auxin = {
    getSession: async () => ({ url: '', token: '', username: '' }),
    discoverHubs: async () => [],
    connectHub: async () => ({ url: '', username: '' }),
    getPreferences: async () => ({ mode: 'hub', clientHub: null, clientUser: null }),
    runOwnHub: async () => ({ mode: 'hub', left: '' }),
    suggestMessage: async (p) => {
      asked.push(p);
      return 'tempo 120 → 124; 1 file changed';
    },
    finishSession: finish,
  } satisfies DesktopBridge;
  return asked;
}

beforeEach(() => {
  resetStore();
  scriptedHub({ 'GET /api/auth/session': { json: { user: null } } });
});
afterEach(() => {
  cleanup();
  delete window.auxin;
  window.history.replaceState(null, '', '/');
});

describe('"Commit, push and release" in the desktop window', () => {
  it('reads #/finish/{ns}/{name}, nothing else', () => {
    expect(parseFinishHash('#/finish/studio/Song%20B')).toEqual({
      namespace: 'studio',
      name: 'Song B',
    });
    expect(parseFinishHash('#/finish/studio')).toBeNull();
    expect(parseFinishHash('#/finish/studio/a/b')).toBeNull();
    expect(parseFinishHash('#/finish/%E0%A4%A/x')).toBeNull();
  });

  it('prefills the suggested message, sends the edited one, then says it is done', async () => {
    const sent: unknown[] = [];
    const asked = fakeBridge(async (p, o) => {
      sent.push([p, o]);
    });
    window.location.hash = '#/finish/studio/Song';
    render(<App />);
    const box = (await screen.findByDisplayValue(
      'tempo 120 → 124; 1 file changed',
    )) as HTMLTextAreaElement;
    expect(asked).toEqual([{ namespace: 'studio', name: 'Song' }]);
    fireEvent.change(box, { target: { value: '  tempo up, new bridge  ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Commit, push and release' }));
    await screen.findByText('Pushed and released');
    expect(sent).toEqual([
      [{ namespace: 'studio', name: 'Song' }, { message: 'tempo up, new bridge' }],
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'Back to the projects' }));
    await screen.findByLabelText('Username');
    expect(window.location.hash).toBe('');
  });

  it('a failed push keeps the form and shows the code', async () => {
    fakeBridge(async () => {
      throw new Error(
        "Error invoking remote method 'auxin:finish-session': Error: NON_FAST_FORWARD: the hub has a newer version",
      );
    });
    window.location.hash = '#/finish/studio/Song';
    render(<App />);
    await screen.findByDisplayValue('tempo 120 → 124; 1 file changed');
    fireEvent.click(screen.getByRole('button', { name: 'Commit, push and release' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('the hub has a newer version');
    expect(alert.textContent).toContain('NON_FAST_FORWARD');
    expect(screen.getByRole('button', { name: 'Commit, push and release' })).toBeTruthy();
  });

  it('in a browser the hash shows nothing of it', async () => {
    window.location.hash = '#/finish/studio/Song';
    render(<App />);
    await screen.findByLabelText('Username');
    expect(screen.queryByText(/Commit, push and release/)).toBeNull();
  });
});
