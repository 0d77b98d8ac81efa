import { describe, expect, it } from 'vitest';
import { AuxinError, ErrorCodes } from '../../src-shared/errors.js';

describe('AuxinError', () => {
  it('carries a stable code, its status and details on the wire shape', () => {
    const e = new AuxinError('LOCK_HELD', 'MySong is locked by ana', { holder: 'ana' });
    expect(e.status).toBe(409);
    expect(e.toBody()).toEqual({
      error: 'MySong is locked by ana',
      code: 'LOCK_HELD',
      holder: 'ana',
    });
  });
  it('maps every code to an HTTP status', () => {
    for (const [code, status] of Object.entries(ErrorCodes)) {
      expect(status, code).toBeGreaterThanOrEqual(400);
      expect(status, code).toBeLessThan(600);
    }
  });
});
