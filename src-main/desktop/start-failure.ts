/**
 * What the desktop app says when its hub cannot start. The hub's own words are the CLI's
 * (`--port`), which a producer who double-clicked an app cannot use: a busy port is explained
 * with what the app offers instead (pick a free port, kept in its preferences) or AUXIN_PORT.
 * The hub's code stays in the text, so a support question can quote it.
 */
import { AuxinError } from '../../src-shared/errors.js';

export interface StartFailure {
  title: string;
  message: string;
  detail: string;
  /** A free port the dialog offers to switch to ("Use port N"), when the app may choose one. */
  offerPort: number | null;
}

export interface FailureContext {
  /** AUXIN_PORT as the app was started with it (it wins over anything the app chooses). */
  envPort: string | undefined;
  /** A port free right now, found by the shell, or null. */
  freePort: number | null;
}

export function startFailure(e: unknown, c: FailureContext): StartFailure {
  const title = 'Auxin Hub could not start';
  if (!(e instanceof AuxinError) || e.code !== 'PORT_IN_USE') {
    const message = e instanceof Error ? e.message : String(e);
    const code = e instanceof AuxinError ? ` (${e.code})` : '';
    return { title, message: title, detail: `${message}${code}`, offerPort: null };
  }
  const port = typeof e.details.port === 'number' ? e.details.port : null;
  const host = typeof e.details.host === 'string' ? e.details.host : null;
  const which = port === null ? 'Its port' : `Port ${port}${host ? ` on ${host}` : ''}`;
  const busy = `${which} is already in use (another hub, or another program). (PORT_IN_USE)`;
  if (c.envPort !== undefined && c.envPort !== '') {
    return {
      title,
      message: `${which} is already in use`,
      detail: `${busy}\n\nThe app was started with AUXIN_PORT=${c.envPort}, which decides the hub's port: quit the other program, or start Auxin with another AUXIN_PORT.`,
      offerPort: null,
    };
  }
  const choose =
    c.freePort === null
      ? 'quit the other program, or start Auxin with AUXIN_PORT set to a free port.'
      : `quit the other program and open Auxin again, or choose "Use port ${c.freePort}": the app keeps that port in its preferences (teammates then find the hub by Bonjour, or by the new address). AUXIN_PORT, when set, still decides.`;
  return {
    title,
    message: `${which} is already in use`,
    detail: `${busy}\n\nTo fix it, ${choose}`,
    offerPort: c.freePort,
  };
}
