import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../app/App.js';
import { resetStore, scriptedHub } from '../../app/testing.js';

const ana = { username: 'ana', role: 'producer', created_at: '2026-01-01T00:00:00Z' };

beforeEach(resetStore);
afterEach(cleanup);

describe('sign-in', () => {
  it('submits Username and Password on Enter and shows the projects', async () => {
    const { sent } = scriptedHub({
      'GET /api/auth/session': { json: { user: null } },
      'POST /api/auth/session': { json: { user: ana } },
      'GET /api/projects': { json: [] },
      'GET /api/local/projects': { json: { watching: [], ready: true, projects: [] } },
    });
    render(<App />);
    fireEvent.change(await screen.findByLabelText('Username'), { target: { value: ' ana ' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'secret words' } });
    fireEvent.submit(screen.getByLabelText('Password').closest('form')!);
    await screen.findByText(/No projects yet: push one with/);
    expect(sent.find((s) => s.method === 'POST')).toEqual({
      method: 'POST',
      path: '/api/auth/session',
      body: { username: 'ana', password: 'secret words' },
    });
    expect(screen.getAllByText('auxin push').length).toBeGreaterThan(0);
  });

  it("shows the hub's message and code when sign-in fails, and signs in with a token instead", async () => {
    const { sent } = scriptedHub({
      'GET /api/auth/session': { json: { user: null } },
      'POST /api/auth/session': (body) =>
        (body as { token?: string }).token === 'auxin_good'
          ? { json: { user: ana } }
          : { status: 401, json: { error: 'wrong username or password', code: 'UNAUTHORIZED' } },
      'GET /api/projects': { json: [] },
    });
    render(<App />);
    fireEvent.change(await screen.findByLabelText('Username'), { target: { value: 'ana' } });
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'nope' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'wrong username or password UNAUTHORIZED',
    );

    fireEvent.click(screen.getByRole('button', { name: 'Use a token' }));
    expect(screen.queryByLabelText('Password')).toBeNull();
    fireEvent.change(screen.getByLabelText('Token'), { target: { value: 'auxin_good' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByRole('button', { name: 'Sign out' });
    expect(sent.filter((s) => s.method === 'POST').map((s) => s.body)).toEqual([
      { username: 'ana', password: 'nope' },
      { token: 'auxin_good' },
    ]);
  });

  it('goes straight to the projects when the cookie is still good', async () => {
    scriptedHub({
      'GET /api/auth/session': { json: { user: ana } },
      'GET /api/projects': {
        status: 503,
        json: { error: 'the hub is shutting down', code: 'UNAVAILABLE' },
      },
    });
    render(<App />);
    await screen.findByText('Could not load the projects');
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('UNAVAILABLE'));
    expect(screen.getByRole('alert').textContent).toContain('the hub is shutting down');
  });
});
