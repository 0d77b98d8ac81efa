import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../app/App.js';
import { useStore } from '../../app/store.js';
import { resetStore, scriptedHub } from '../../app/testing.js';
import type { DesktopBridge } from '../../services/desktop.js';

const HUBS = [
  { name: 'Auxin Hub on studio-mac', url: 'http://192.168.1.20:3000', version: '1' },
  { name: 'Auxin Hub on booth', url: 'http://192.168.1.31:3000' },
];

function fakeBridge(over: Partial<DesktopBridge> = {}) {
  const calls: unknown[] = [];
  const bridge: DesktopBridge = {
    getSession: async () => ({ url: '', token: '', username: '' }),
    discoverHubs: async () => HUBS,
    suggestMessage: async () => '',
    finishSession: async () => {},
    connectHub: async (a) => {
      calls.push(a);
      return { url: a.address, username: a.username };
    },
    getPreferences: async () => ({ mode: 'hub', clientHub: null, clientUser: null }),
    runOwnHub: async () => {
      throw new Error('runOwnHub called in hub mode');
    },
    ...over,
  };
  window.auxin = bridge;
  return calls;
}

beforeEach(() => {
  resetStore();
  useStore.setState({
    connectOpen: false,
    foundHubs: [],
    connectStatus: 'idle',
    connectError: null,
    connectedTo: null,
    clientOf: null,
    ownHubStatus: 'idle',
  });
  scriptedHub({ 'GET /api/auth/session': { json: { user: null } } });
});
afterEach(() => {
  cleanup();
  delete window.auxin;
  window.history.replaceState(null, '', '/');
});

describe('connect to a studio hub (desktop only)', () => {
  it('is not offered in a browser', async () => {
    render(<App />);
    await screen.findByLabelText('Username');
    expect(screen.queryByText('Connect to another studio hub')).toBeNull();
    useStore.getState().openConnect();
    expect(useStore.getState().connectOpen).toBe(false);
  });

  it('lists the hubs found on the LAN, takes the picked one, signs in once and says the app restarts', async () => {
    const calls = fakeBridge();
    render(<App />);
    fireEvent.click(await screen.findByText('Connect to another studio hub'));
    await screen.findByText("Connect to the studio's hub");
    const studio = await screen.findByRole('button', { name: /Auxin Hub on studio-mac/ });
    expect(screen.getByRole('button', { name: /Auxin Hub on booth/ })).toBeTruthy();
    fireEvent.click(studio);
    expect(studio.getAttribute('aria-pressed')).toBe('true');
    expect((screen.getByLabelText('Hub address') as HTMLInputElement).value).toBe(
      'http://192.168.1.20:3000',
    );
    fireEvent.change(screen.getByLabelText('Username'), { target: { value: ' ben ' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'pass words' } });
    fireEvent.submit(screen.getByLabelText('Password').closest('form')!);
    await screen.findByText('Connected');
    expect(calls).toEqual([
      { address: 'http://192.168.1.20:3000', username: 'ben', password: 'pass words' },
    ]);
    expect(screen.getByRole('status').textContent).toContain(
      'Signed in to http://192.168.1.20:3000 as ben. Auxin restarts to work with that hub.',
    );
  });

  it('takes a typed address; a refusal shows the message and its code, and the form stays', async () => {
    const calls: unknown[] = [];
    fakeBridge({
      discoverHubs: async () => [],
      connectHub: async (a) => {
        calls.push(a);
        throw new Error(
          "Error invoking remote method 'auxin:connect-hub': Error: UNAUTHORIZED: wrong username or password",
        );
      },
    });
    useStore.getState().openConnect();
    render(<App />);
    await screen.findByText('No hub found. Type its address below.');
    fireEvent.change(screen.getByLabelText('Hub address'), {
      target: { value: ' studio-mac.local ' },
    });
    fireEvent.change(screen.getByLabelText('Username'), { target: { value: 'ben' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'nope' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in and connect' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('wrong username or password');
    expect(alert.textContent).toContain('UNAUTHORIZED');
    expect(calls).toEqual([{ address: 'studio-mac.local', username: 'ben', password: 'nope' }]);
    expect(screen.getByRole('button', { name: 'Sign in and connect' })).toBeTruthy();
  });

  it("opens on the tray's #/connect, and Cancel goes back", async () => {
    fakeBridge();
    render(<App />);
    await screen.findByLabelText('Username');
    window.location.hash = '#/connect';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await screen.findByText("Connect to the studio's hub");
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await screen.findByText("Sign in to see the studio's projects.");
    expect(window.location.hash).toBe('');
  });

  it("in hub mode the screen does not offer to run this Mac's own hub", async () => {
    fakeBridge();
    useStore.getState().openConnect();
    render(<App />);
    await screen.findByRole('button', { name: /Auxin Hub on studio-mac/ });
    expect(screen.queryByRole('button', { name: "Run this Mac's own hub" })).toBeNull();
    expect(screen.queryByText('This Mac uses a studio hub')).toBeNull();
  });

  it('in client mode it names the studio hub, and the button switches back and says the app restarts', async () => {
    let switched = 0;
    fakeBridge({
      getPreferences: async () => ({
        mode: 'client',
        clientHub: 'http://192.168.1.20:3000',
        clientUser: 'ben',
      }),
      runOwnHub: async () => {
        switched++;
        return { mode: 'hub', left: 'http://192.168.1.20:3000' };
      },
    });
    useStore.getState().openConnect();
    render(<App />);
    const button = await screen.findByRole('button', { name: "Run this Mac's own hub" });
    const current = screen.getByRole('region', { name: 'This Mac uses a studio hub' });
    expect(current.textContent).toContain('Connected to http://192.168.1.20:3000 as ben.');
    fireEvent.click(button);
    await screen.findByText("Running this Mac's own hub");
    expect(switched).toBe(1);
    expect(screen.getByRole('status').textContent).toContain(
      "Auxin restarts with this Mac's own hub.",
    );
  });

  it('a refused switch shows its code and keeps the button', async () => {
    fakeBridge({
      getPreferences: async () => ({
        mode: 'client',
        clientHub: 'http://studio:3000',
        clientUser: 'ben',
      }),
      runOwnHub: async () => {
        throw new Error(
          "Error invoking remote method 'auxin:run-own-hub': Error: CONFLICT: this Mac already runs its own hub",
        );
      },
    });
    useStore.getState().openConnect();
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: "Run this Mac's own hub" }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('CONFLICT');
    expect(alert.textContent).toContain('already runs its own hub');
    expect(
      (screen.getByRole('button', { name: "Run this Mac's own hub" }) as HTMLButtonElement)
        .disabled,
    ).toBe(false);
  });

  it("in the desktop window the app's session is used: no password asked", async () => {
    fakeBridge({
      getSession: async () => ({ url: 'http://hub', token: 'auxin_desk', username: 'admin' }),
    });
    const admin = { username: 'admin', role: 'admin', created_at: '2026-01-01T00:00:00Z' };
    const { sent } = scriptedHub({
      'GET /api/auth/session': { json: { user: null } },
      'POST /api/auth/session': (body) =>
        (body as { token?: string }).token === 'auxin_desk'
          ? { json: { user: admin } }
          : { status: 401, json: { error: 'invalid or revoked token', code: 'UNAUTHORIZED' } },
    });
    await useStore.getState().checkSession();
    expect(useStore.getState()).toMatchObject({ sessionStatus: 'signed-in', user: admin });
    expect(sent.find((s) => s.method === 'POST')?.body).toEqual({ token: 'auxin_desk' });
  });

  it('in a browser nothing is signed in for you', async () => {
    const { sent } = scriptedHub({ 'GET /api/auth/session': { json: { user: null } } });
    await useStore.getState().checkSession();
    expect(useStore.getState().sessionStatus).toBe('signed-out');
    expect(sent.map((s) => s.method)).toEqual(['GET']);
  });
});
