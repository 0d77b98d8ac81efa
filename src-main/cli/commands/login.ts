/** `auxin login URL [--token T | --user NAME]`: check the credentials and save them (0600). */
import { parseArgs } from 'node:util';
import { AuxinError } from '../../../src-shared/errors.js';
import { authRoutes, type User } from '../../../src-shared/api/users.js';
import { hubOrigin, saveCredential } from '../../client/credentials.js';
import { HubClient } from '../../client/http.js';
import { printJson } from '../output.js';
import { readPassword } from '../password.js';

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { token: { type: 'string' }, user: { type: 'string' }, json: { type: 'boolean' } },
      allowPositionals: true,
    });
  } catch (e) {
    throw new AuxinError('INVALID_ARGUMENT', (e as Error).message);
  }
  const [url] = parsed.positionals;
  if (!url || parsed.positionals.length > 1)
    throw new AuxinError('INVALID_ARGUMENT', 'usage: auxin login URL [--token T]');
  const origin = hubOrigin(url);
  let token = parsed.values.token ?? process.env.AUXIN_TOKEN;
  let user: User;
  if (parsed.values.user) {
    const password = await readPassword(process.stdin, process.stderr, parsed.values.user);
    const res = await new HubClient({ baseUrl: origin }).api.call(authRoutes.login, {
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
    user = (await new HubClient({ baseUrl: origin, token }).api.call(authRoutes.me)).user;
  }
  const file = saveCredential(origin, token, user.username);
  if (parsed.values.json) printJson({ hub: origin, user, credentials: file });
  else
    process.stdout.write(
      `Signed in to ${origin} as ${user.username} (${user.role}); saved in ${file}\n`,
    );
  return 0;
}
