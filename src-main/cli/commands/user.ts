/** `auxin user add NAME --role ROLE [--hub URL] [--json]`: create an account (admin token). */
import { parseArgs } from 'node:util';
import { AuxinError } from '../../../src-shared/errors.js';
import { RoleSchema } from '../../../src-shared/api/common.js';
import { userRoutes } from '../../../src-shared/api/users.js';
import { resolveHub } from '../../client/credentials.js';
import { HubClient } from '../../client/http.js';
import { printJson } from '../output.js';

const USAGE =
  'user add NAME --role admin|producer|client [--hub URL] [--json] | user list [--hub URL] [--json]';

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { role: { type: 'string' }, hub: { type: 'string' }, json: { type: 'boolean' } },
      allowPositionals: true,
    });
  } catch (e) {
    throw new AuxinError('INVALID_ARGUMENT', (e as Error).message);
  }
  const [action, name] = parsed.positionals;
  const { url, token } = resolveHub(parsed.values.hub);
  if (!token)
    throw new AuxinError('UNAUTHORIZED', `no token for ${url}: run \`auxin login ${url}\``);
  const client = new HubClient({ baseUrl: url, token });

  if (action === 'list') {
    const users = await client.api.call(userRoutes.list);
    if (parsed.values.json) printJson(users);
    else for (const u of users) process.stdout.write(`${u.username}\t${u.role}\n`);
    return 0;
  }
  if (action !== 'add' || !name) throw new AuxinError('INVALID_ARGUMENT', `usage: auxin ${USAGE}`);
  const role = RoleSchema.safeParse(parsed.values.role);
  if (!role.success)
    throw new AuxinError('INVALID_ARGUMENT', '--role must be admin, producer or client');
  const res = await client.api.call(userRoutes.create, {
    body: { username: name, role: role.data },
  });
  if (parsed.values.json) printJson(res);
  else {
    process.stdout.write(`Created ${res.user.username} (${res.user.role}) on ${url}\n`);
    process.stdout.write(`Token (shown once; give it to ${res.user.username}): ${res.token}\n`);
  }
  return 0;
}
