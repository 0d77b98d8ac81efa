/**
 * `auxin token list|issue|revoke`: the tokens of an account on a hub (one's own, or any with an
 * admin token and `--user NAME`). A revoked token stops working at once.
 */
import { parseArgs } from 'node:util';
import { AuxinError } from '../../../src-shared/errors.js';
import { authRoutes, userRoutes } from '../../../src-shared/api/users.js';
import { resolveHub } from '../../client/credentials.js';
import { HubClient } from '../../client/http.js';
import { printJson } from '../output.js';

const USAGE =
  'token list | token issue [--label TEXT] | token revoke ID (each [--user NAME] [--hub URL] [--json])';

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        user: { type: 'string' },
        label: { type: 'string' },
        hub: { type: 'string' },
        json: { type: 'boolean' },
      },
      allowPositionals: true,
    });
  } catch (e) {
    throw new AuxinError('INVALID_ARGUMENT', (e as Error).message);
  }
  const [action, id, ...extra] = parsed.positionals;
  const wantsId = action === 'revoke';
  if (!action || extra.length || (wantsId ? !id : id !== undefined)) {
    throw new AuxinError('INVALID_ARGUMENT', `usage: auxin ${USAGE}`);
  }
  const { url, token } = resolveHub(parsed.values.hub);
  if (!token)
    throw new AuxinError('UNAUTHORIZED', `no token for ${url}: run \`auxin login ${url}\``);
  const client = new HubClient({ baseUrl: url, token });
  const username = parsed.values.user ?? (await client.api.call(authRoutes.me)).user.username;
  const params = { username };
  const json = parsed.values.json;
  switch (action) {
    case 'list': {
      const tokens = await client.api.call(userRoutes.tokens, { params });
      if (json) printJson(tokens);
      else
        for (const t of tokens) {
          const used = t.last_used_at ? `last used ${t.last_used_at}` : 'never used';
          const expires = t.expires_at ? `, expires ${t.expires_at} unless used` : '';
          process.stdout.write(`${t.id}\t${t.label}\tmade ${t.created_at}, ${used}${expires}\n`);
        }
      return 0;
    }
    case 'issue': {
      const body = parsed.values.label ? { label: parsed.values.label } : {};
      const res = await client.api.call(userRoutes.issueToken, { params, body });
      if (json) printJson(res);
      else
        process.stdout.write(`Token ${res.token_id} for ${username} (shown once): ${res.token}\n`);
      return 0;
    }
    case 'revoke':
      await client.api.call(userRoutes.revokeToken, { params: { username, id: id! } });
      if (json) printJson({ revoked: id });
      else process.stdout.write(`Revoked token ${id} of ${username}\n`);
      return 0;
    default:
      throw new AuxinError(
        'INVALID_ARGUMENT',
        `unknown token command '${action}' (usage: auxin ${USAGE})`,
      );
  }
}
