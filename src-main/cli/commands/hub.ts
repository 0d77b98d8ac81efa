/** `auxin hub`: serve the hub from this very process, until SIGINT or SIGTERM. */
import { networkInterfaces } from 'node:os';
import { parseArgs } from 'node:util';
import { AuxinError } from '../../../src-shared/errors.js';
import { createHub } from '../../hub/app.js';
import { loadConfig } from '../../hub/config.js';

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
      },
      allowPositionals: false,
    }).values;
  } catch (e) {
    throw new AuxinError('INVALID_ARGUMENT', (e as Error).message);
  }
}

export async function run(argv: string[]): Promise<number> {
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
      .map((a) => `http://${a!.address}:${new URL(url).port}`);
    if (lan.length) lines.push(`Teammates on the LAN reach it at ${lan.join(', ')}`);
  }
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
