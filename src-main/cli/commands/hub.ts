/** `auxin hub`: serve the hub from this very process, until SIGINT or SIGTERM. */
import { networkInterfaces } from 'node:os';
import { parseArgs } from 'node:util';
import { AuxinError } from '../../../src-shared/errors.js';
import { createHub } from '../../hub/app.js';
import { loadConfig } from '../../hub/config.js';
import { resetAdminToken } from '../../hub/accounts.js';
import * as path from 'node:path';
import type { HubTls } from '../../hub/tls/setup.js';

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        data: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        config: { type: 'string' },
        watch: { type: 'string', multiple: true },
        tls: { type: 'boolean' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
      },
      allowPositionals: false,
    }).values;
  } catch (e) {
    throw new AuxinError('INVALID_ARGUMENT', (e as Error).message);
  }
}

/**
 * `auxin hub reset-admin --data DIR`: on the hub machine, with the data folder, replace a lost
 * admin token. Every admin token is revoked; the new one is printed once.
 */
function resetAdmin(argv: string[]): number {
  const flags = parse(argv);
  if (!flags.data) {
    throw new AuxinError('INVALID_ARGUMENT', 'usage: auxin hub reset-admin --data DIR');
  }
  const dataDir = path.resolve(flags.data);
  const { token, revoked } = resetAdminToken(path.join(dataDir, '.hub'));
  process.stdout.write(
    `Revoked ${revoked} admin token${revoked === 1 ? '' : 's'} of the hub in ${dataDir}.\n` +
      `New admin token (shown once, keep it safe): ${token}\n` +
      'A hub already running on this folder keeps the old tokens until it is restarted.\n',
  );
  return 0;
}

/** Printed at every start: teammates compare it with what `auxin login` and browsers show. */
function tlsLines(tls: HubTls): string[] {
  return [
    tls.created
      ? `Made a self-signed TLS certificate (${tls.certFile}, key ${tls.keyFile})`
      : `TLS certificate ${tls.certFile} (valid until ${tls.validTo.slice(0, 10)})`,
    `TLS certificate SHA-256 fingerprint: ${tls.fingerprint}`,
    'Teammates check it on first contact: `auxin login URL` shows it, or give it with --fingerprint',
  ];
}

export async function run(argv: string[]): Promise<number> {
  if (argv[0] === 'reset-admin') return resetAdmin(argv.slice(1));
  const config = loadConfig(parse(argv));
  const hub = createHub(config);
  const { url } = await hub.listen();
  const out = process.stdout;
  // One write, so whoever waits for the URL line also has the token line with it.
  const lines = [
    `Auxin Hub listening on ${url} (bound to ${config.host}, data in ${hub.context.config.dataDir})`,
  ];
  if (config.host === '0.0.0.0') {
    const lan = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && a.family === 'IPv4' && !a.internal)
      .map((a) => `${new URL(url).protocol}//${a!.address}:${new URL(url).port}`);
    if (lan.length) lines.push(`Teammates on the LAN reach it at ${lan.join(', ')}`);
  }
  if (hub.tls) lines.push(...tlsLines(hub.tls));
  for (const dir of config.watch ?? []) lines.push(`Watching Logic projects in ${dir}`);
  if (hub.firstStart?.adminToken) {
    lines.push(
      `Created user 'admin'. Admin token (shown once, keep it safe): ${hub.firstStart.adminToken}`,
    );
  } else if (hub.firstStart) {
    // The environment wins over the config file, so a set variable is where the token came from.
    const from = process.env.AUXIN_ADMIN_TOKEN
      ? 'AUXIN_ADMIN_TOKEN'
      : `the config file's adminToken`;
    lines.push(`Created user 'admin' with the token from ${from}.`);
  } else if (process.env.AUXIN_ADMIN_TOKEN) {
    // Silently ignored before: people set it again after losing the token and wondered.
    lines.push(
      'AUXIN_ADMIN_TOKEN is only used on the first start; this hub has its admin already ' +
        `(lost the admin token? stop the hub and run \`auxin hub reset-admin --data ${hub.context.config.dataDir}\`).`,
    );
  }
  out.write(lines.join('\n') + '\n');

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) {
        // A second signal: the operator wants out now.
        process.exit(1);
      }
      stopping = true;
      hub.context.logger.info({ signal }, 'shutting down');
      hub.close().then(
        () => {
          out.write('Auxin Hub stopped\n');
          resolve(0);
        },
        (e: unknown) => {
          process.stderr.write(`auxin: shutdown failed: ${(e as Error).message}\n`);
          resolve(1);
        },
      );
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  });
}
