/** The desktop's words for a hub that cannot start: a busy port in the app's terms, code kept. */
import { describe, expect, it } from 'vitest';
import { AuxinError } from '../../src-shared/errors.js';
import { startFailure } from '../../src-main/desktop/start-failure.js';

const busy = new AuxinError(
  'PORT_IN_USE',
  'port 3000 on 0.0.0.0 is already in use (another hub, or another program): stop it, or start this hub on another port with --port',
  { port: 3000, host: '0.0.0.0' },
);

describe('startFailure', () => {
  it('a busy port, no AUXIN_PORT: offers the free port found, never the CLI flag', () => {
    const f = startFailure(busy, { envPort: undefined, freePort: 49152 });
    expect(f.offerPort).toBe(49152);
    expect(f.message).toBe('Port 3000 on 0.0.0.0 is already in use');
    expect(f.detail).toContain('(PORT_IN_USE)');
    expect(f.detail).toContain('"Use port 49152"');
    expect(f.detail).toContain('AUXIN_PORT');
    expect(`${f.message} ${f.detail}`).not.toContain('--port');
  });

  it('a busy port set by AUXIN_PORT: the variable decides, so no port is offered', () => {
    const f = startFailure(busy, { envPort: '3000', freePort: 49152 });
    expect(f.offerPort).toBeNull();
    expect(f.detail).toContain('AUXIN_PORT=3000');
    expect(f.detail).toContain('(PORT_IN_USE)');
    expect(f.detail).not.toContain('--port');
  });

  it('a busy port and no free one found: says AUXIN_PORT, offers nothing', () => {
    const f = startFailure(busy, { envPort: '', freePort: null });
    expect(f.offerPort).toBeNull();
    expect(f.detail).toMatch(/AUXIN_PORT set to a free port/);
  });

  it("any other failure: the hub's message with its code, nothing offered", () => {
    const f = startFailure(
      new AuxinError('INVALID_ARGUMENT', 'port from AUXIN_PORT must be 0-65535'),
      {
        envPort: 'x',
        freePort: 1,
      },
    );
    expect(f).toMatchObject({ offerPort: null, message: 'Auxin Hub could not start' });
    expect(f.detail).toBe('port from AUXIN_PORT must be 0-65535 (INVALID_ARGUMENT)');
    expect(startFailure(new Error('boom'), { envPort: undefined, freePort: 1 }).detail).toBe(
      'boom',
    );
  });
});
