/**
 * `auxin user add NAME --role ROLE [--password-stdin]`, `user list`, `user passwd [NAME]`:
 * accounts on a hub (an admin token, except `passwd` of one's own account).
 */
import { parseArgs } from 'node:util';
import { AuxinError } from '../../../src-shared/errors.js';
import { RoleSchema } from '../../../src-shared/api/common.js';
import { authRoutes, userRoutes } from '../../../src-shared/api/users.js';
import { resolveHub } from '../../client/credentials.js';
import { HubClient } from '../../client/http.js';
import { printJson } from '../output.js';
import { readPassword } from '../password.js';

const USAGE =
  'user add NAME --role admin|producer|client [--password-stdin] | user list | user passwd [NAME] (each [--hub URL] [--json])';

/** A password from stdin (a terminal prompts without echo), checked before anything is sent. */
async function askPassword(who: string): Promise<string> {
  const password = await readPassword(process.stdin, process.stderr, who);
  if (password.length < 8 || password.length > 1024) {
    throw new AuxinError('INVALID_ARGUMENT', 'a password is 8 to 1024 characters');
  }
  return password;
}

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        role: { type: 'string' },
        hub: { type: 'string' },
        json: { type: 'boolean' },
        'password-stdin': { type: 'boolean' },
      },
      allowPositionals: true,
    });
  } catch (e) {
    throw new AuxinError('INVALID_ARGUMENT', (e as Error).message);
  }
  const [action, name, ...extra] = parsed.positionals;
  if (extra.length) throw new AuxinError('INVALID_ARGUMENT', `usage: auxin ${USAGE}`);
  const { url, token } = resolveHub(parsed.values.hub);
  if (!token)
    throw new AuxinError('UNAUTHORIZED', `no token for ${url}: run \`auxin login ${url}\``);
  const client = new HubClient({ baseUrl: url, token });
  const json = parsed.values.json;

  if (action === 'list') {
    const users = await client.api.call(userRoutes.list);
    if (json) printJson(users);
    else for (const u of users) process.stdout.write(`${u.username}\t${u.role}\n`);
    return 0;
  }
  if (action === 'passwd') {
    // Without NAME: the account this token belongs to.
    const who = name ?? (await client.api.call(authRoutes.me)).user.username;
    const password = await askPassword(who);
    await client.api.call(userRoutes.setPassword, {
      params: { username: who },
      body: { password },
    });
    if (json) printJson({ username: who, password_set: true });
    else process.stdout.write(`Password set for ${who}: \`auxin login ${url} --user ${who}\`\n`);
    return 0;
  }
  if (action !== 'add' || !name) throw new AuxinError('INVALID_ARGUMENT', `usage: auxin ${USAGE}`);
  const role = RoleSchema.safeParse(parsed.values.role);
  if (!role.success)
    throw new AuxinError('INVALID_ARGUMENT', '--role must be admin, producer or client');
  const password = parsed.values['password-stdin'] ? await askPassword(name) : undefined;
  const res = await client.api.call(userRoutes.create, {
    body: { username: name, role: role.data, ...(password ? { password } : {}) },
  });
  if (json) printJson(res);
  else {
    process.stdout.write(`Created ${res.user.username} (${res.user.role}) on ${url}\n`);
    process.stdout.write(`Token (shown once; give it to ${res.user.username}): ${res.token}\n`);
    if (password) {
      process.stdout.write(
        `${res.user.username} may also sign in: auxin login ${url} --user ${name}\n`,
      );
    }
  }
  return 0;
}
