/**
 * `auxin login URL [--token T | --user NAME] [--fingerprint FP]`: check the credentials and save
 * them (0600). For an https:// hub, first pin its certificate (trust on first use, see
 * ../trust-prompt.ts); run again with `--fingerprint` to trust a new one.
 */
import { parseArgs } from 'node:util';
import { AuxinError } from '../../../src-shared/errors.js';
import { authRoutes, type User } from '../../../src-shared/api/users.js';
import { hubOrigin, loadCredentials, saveCredential } from '../../client/credentials.js';
import { HubClient } from '../../client/http.js';
import { savePin, type PinnedCert } from '../../client/tls-trust.js';
import { printJson } from '../output.js';
import { readPassword } from '../password.js';
import { chooseCertificate, terminalTrustInput } from '../trust-prompt.js';

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        token: { type: 'string' },
        user: { type: 'string' },
        fingerprint: { type: 'string' },
        json: { type: 'boolean' },
      },
      allowPositionals: true,
    });
  } catch (e) {
    throw new AuxinError('INVALID_ARGUMENT', (e as Error).message);
  }
  const [url] = parsed.positionals;
  if (!url || parsed.positionals.length > 1)
    throw new AuxinError(
      'INVALID_ARGUMENT',
      'usage: auxin login URL [--token T | --user NAME] [--fingerprint FP]',
    );
  const origin = hubOrigin(url);
  if (parsed.values.fingerprint !== undefined && !origin.startsWith('https:')) {
    throw new AuxinError('INVALID_ARGUMENT', `--fingerprint is for https:// hubs, not ${origin}`);
  }
  let pin: PinnedCert | undefined;
  let trust: Awaited<ReturnType<typeof chooseCertificate>> | null = null;
  if (origin.startsWith('https:')) {
    trust = await chooseCertificate(origin, parsed.values.fingerprint, terminalTrustInput());
    pin = { ...trust.seen, pinned_at: new Date().toISOString() };
  }
  // Re-trusting a certificate needs no new token: the one saved for this hub is checked again.
  let token =
    parsed.values.token ?? process.env.AUXIN_TOKEN ?? loadCredentials().hubs[origin]?.token;
  let user: User;
  if (parsed.values.user) {
    const password = await readPassword(process.stdin, process.stderr, parsed.values.user);
    const res = await new HubClient({ baseUrl: origin, pin }).api.call(authRoutes.login, {
      body: { username: parsed.values.user, password },
    });
    token = res.token;
    user = res.user;
  } else {
    if (!token)
      throw new AuxinError(
        'INVALID_ARGUMENT',
        'give --token T, set AUXIN_TOKEN, or use --user NAME',
      );
    user = (await new HubClient({ baseUrl: origin, token, pin }).api.call(authRoutes.me)).user;
  }
  // Pinned once the hub accepted the sign-in over that very certificate.
  if (trust && (!trust.pinned || trust.changed)) savePin(origin, trust.seen);
  const file = saveCredential(origin, token, user.username);
  const fingerprint = trust?.seen.fingerprint;
  if (parsed.values.json) printJson({ hub: origin, user, credentials: file, fingerprint });
  else
    process.stdout.write(
      `Signed in to ${origin} as ${user.username} (${user.role}); saved in ${file}\n` +
        (trust && (!trust.pinned || trust.changed)
          ? `Pinned its TLS certificate ${fingerprint}\n`
          : ''),
    );
  return 0;
}
