import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TokenInfo } from '../../../src-shared/api/users.js';
import { resetStore, scriptedHub } from '../../app/testing.js';
import { useStore } from '../../app/store.js';
import { SettingsView } from './SettingsView.js';

const NOW = new Date().toISOString();
const token = (id: string, label: string): TokenInfo => ({
  id,
  label,
  created_at: NOW,
  last_used_at: null,
  expires_at: null,
});

function signedInAs(username: string, role: 'producer' | 'admin') {
  useStore.setState({ user: { username, role, created_at: NOW }, sessionStatus: 'signed-in' });
}

beforeEach(resetStore);
afterEach(cleanup);

describe('settings for a producer', () => {
  it('shows their account and tokens only, and asks nothing an admin would', async () => {
    const { sent } = scriptedHub({
      'GET /api/users/ben/tokens': { json: [token('aa11', 'laptop')] },
    });
    signedInAs('ben', 'producer');
    render(<SettingsView />);
    expect(screen.getByRole('heading', { name: 'Your account' })).toBeDefined();
    const row = (await screen.findByText('laptop')).closest('tr')!;
    expect(within(row).getByRole('button', { name: 'Revoke your token laptop' })).toBeDefined();
    expect(screen.queryByRole('heading', { name: 'Team' })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Address for teammates' })).toBeNull();
    expect(sent.map((s) => s.path)).toEqual(['/api/users/ben/tokens']);
  });

  it('issues a token shown once with a copy button, and revokes one', async () => {
    let list = [token('aa11', 'laptop')];
    const { sent } = scriptedHub({
      'GET /api/users/ben/tokens': () => ({ json: list }),
      'POST /api/users/ben/tokens': (body) => {
        list = [...list, token('bb22', (body as { label: string }).label)];
        return {
          status: 201,
          json: {
            user: { username: 'ben', role: 'producer', created_at: NOW },
            token: 'axn_secret_0123456789',
            token_id: 'bb22',
          },
        };
      },
      'DELETE /api/users/ben/tokens/aa11': () => {
        list = list.filter((t) => t.id !== 'aa11');
        return { status: 204 };
      },
    });
    let copied = '';
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: async (t: string) => void (copied = t) },
    });
    signedInAs('ben', 'producer');
    render(<SettingsView />);
    await screen.findByText('laptop');
    fireEvent.change(screen.getByLabelText('Label for a new token'), {
      target: { value: 'studio-mac' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Issue token' }));
    const shown = await screen.findByRole('region', { name: 'New token' });
    expect(within(shown).getByText('axn_secret_0123456789')).toBeDefined();
    expect(await screen.findByText('studio-mac')).toBeDefined();
    fireEvent.click(within(shown).getByRole('button', { name: 'Copy the new token' }));
    await waitFor(() => expect(copied).toBe('axn_secret_0123456789'));
    // The label turns once the clipboard's promise settles, a tick after the write.
    await waitFor(() =>
      expect(within(shown).getByRole('button', { name: 'Copy the new token' }).textContent).toBe(
        'Copied',
      ),
    );
    // Once dismissed it is gone for good: the hub never shows it again.
    fireEvent.click(screen.getByRole('button', { name: 'I have saved it' }));
    expect(screen.queryByText('axn_secret_0123456789')).toBeNull();
    expect(useStore.getState().newToken).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Revoke your token laptop' }));
    await waitFor(() => expect(screen.queryByText('laptop')).toBeNull());
    expect(sent.filter((s) => s.method !== 'GET').map((s) => [s.method, s.path, s.body])).toEqual([
      ['POST', '/api/users/ben/tokens', { label: 'studio-mac' }],
      ['DELETE', '/api/users/ben/tokens/aa11', undefined],
    ]);
  });

  it('shows why a token could not be revoked', async () => {
    scriptedHub({
      'GET /api/users/ben/tokens': { json: [token('aa11', 'laptop')] },
      'DELETE /api/users/ben/tokens/aa11': {
        status: 404,
        json: { error: "no token 'aa11'", code: 'NOT_FOUND' },
      },
    });
    signedInAs('ben', 'producer');
    render(<SettingsView />);
    fireEvent.click(await screen.findByRole('button', { name: 'Revoke your token laptop' }));
    expect((await screen.findByRole('alert')).textContent).toContain("no token 'aa11'");
  });
});

describe('settings for an admin', () => {
  it('shows the team, a member’s tokens, the LAN address and the watched folders', async () => {
    scriptedHub({
      'GET /api/users/root/tokens': { json: [] },
      'GET /api/users': {
        json: [
          { username: 'root', role: 'admin', created_at: NOW },
          { username: 'ben', role: 'producer', created_at: NOW },
        ],
      },
      'GET /api/users/ben/tokens': { json: [token('cc33', 'ben-laptop')] },
      'GET /api/hub/address': {
        json: {
          host: '0.0.0.0',
          port: 8080,
          urls: ['http://192.168.1.20:8080'],
          loopback_only: false,
        },
      },
      'GET /api/local/projects': {
        json: { watching: ['/Users/studio/Music/Logic'], ready: true, projects: [] },
      },
    });
    signedInAs('root', 'admin');
    render(<SettingsView />);
    expect(await screen.findByText('http://192.168.1.20:8080')).toBeDefined();
    expect(screen.getByRole('button', { name: 'Copy http://192.168.1.20:8080' })).toBeDefined();
    expect(screen.getByText('/Users/studio/Music/Logic')).toBeDefined();
    expect(screen.getByText(/No tokens/)).toBeDefined();
    const open = screen.getByRole('button', { name: 'Tokens of ben' });
    expect(open.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(open);
    expect(await screen.findByText('ben-laptop')).toBeDefined();
    expect(screen.getByRole('button', { name: "Revoke ben's token ben-laptop" })).toBeDefined();
  });

  it('says when the hub listens on loopback only, and when it watches no folder', async () => {
    scriptedHub({
      'GET /api/users/root/tokens': { json: [] },
      'GET /api/users': { json: [] },
      'GET /api/hub/address': {
        json: { host: '127.0.0.1', port: 8080, urls: [], loopback_only: true },
      },
      'GET /api/local/projects': { json: { watching: [], ready: true, projects: [] } },
    });
    signedInAs('root', 'admin');
    render(<SettingsView />);
    expect((await screen.findByText(/teammates cannot reach it/)).textContent).toContain(
      '127.0.0.1',
    );
    expect(screen.getByText(/The hub watches no folder/)).toBeDefined();
  });

  it('adds a teammate with a role and shows their first token once', async () => {
    let users = [{ username: 'root', role: 'admin', created_at: NOW }];
    const { sent } = scriptedHub({
      'GET /api/users/root/tokens': { json: [] },
      'GET /api/users': () => ({ json: users }),
      'POST /api/users': (body) => {
        const b = body as { username: string; role: string };
        if (users.some((u) => u.username === b.username)) {
          return {
            status: 409,
            json: { error: `user '${b.username}' exists`, code: 'ALREADY_EXISTS' },
          };
        }
        users = [...users, { username: b.username, role: b.role, created_at: NOW }];
        return {
          status: 201,
          json: { user: users.at(-1), token: 'axn_first_token_of_cleo', token_id: 'dd44' },
        };
      },
      'GET /api/hub/address': {
        json: { host: '0.0.0.0', port: 8080, urls: [], loopback_only: false },
      },
      'GET /api/local/projects': { json: { watching: [], ready: true, projects: [] } },
    });
    signedInAs('root', 'admin');
    render(<SettingsView />);
    await screen.findByRole('button', { name: 'Tokens of root' });
    expect(screen.getByText(/no network address/)).toBeDefined();
    fireEvent.change(screen.getByLabelText('Username'), { target: { value: 'cleo' } });
    fireEvent.change(screen.getByLabelText('Role'), { target: { value: 'client' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add teammate' }));
    const shown = await screen.findByRole('region', { name: 'New token' });
    expect(shown.textContent).toContain('cleo can sign in with this token.');
    expect(within(shown).getByText('axn_first_token_of_cleo')).toBeDefined();
    expect(await screen.findByRole('button', { name: 'Tokens of cleo' })).toBeDefined();
    expect(sent.find((s) => s.method === 'POST')!.body).toEqual({
      username: 'cleo',
      role: 'client',
    });
    // The same name again: the hub's answer, in words.
    fireEvent.change(screen.getByLabelText('Username'), { target: { value: 'cleo' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add teammate' }));
    expect((await screen.findByRole('alert')).textContent).toContain("user 'cleo' exists");
  });
});

describe('one’s password', () => {
  it('is set from the account card, 8 characters or more', async () => {
    const { sent } = scriptedHub({
      'GET /api/users/ben/tokens': { json: [] },
      'PUT /api/users/ben/password': { status: 204 },
    });
    signedInAs('ben', 'producer');
    render(<SettingsView />);
    const field = screen.getByLabelText('New password (8 characters or more)');
    const button = screen.getByRole('button', { name: 'Set password' });
    fireEvent.change(field, { target: { value: 'short' } });
    expect(button).toHaveProperty('disabled', true);
    fireEvent.change(field, { target: { value: 'long enough now' } });
    fireEvent.click(button);
    expect(await screen.findByText('Password set.')).toBeDefined();
    expect((field as HTMLInputElement).value).toBe('');
    expect(sent.at(-1)).toMatchObject({
      method: 'PUT',
      path: '/api/users/ben/password',
      body: { password: 'long enough now' },
    });
  });
});
