import { stat } from 'node:fs/promises';
import path from 'node:path';
import { AuxinError } from '../../../src-shared/errors.js';
import { summarize } from '../../logic/describe.js';
import { showHidden } from '../../../src-shared/names.js';
import { defaultLibrary, ProjectWatcher } from '../../logic/watcher.js';

function parseArgs(argv: string[]): { dirs: string[]; json: boolean; quietMs?: number } {
  const dirs: string[] = [];
  let json = false;
  let quietMs: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') json = true;
    else if (a === '--quiet-ms') {
      quietMs = Number(argv[++i]);
      if (!Number.isInteger(quietMs) || quietMs < 10 || quietMs > 600_000) {
        throw new AuxinError('INVALID_ARGUMENT', 'watch: --quiet-ms takes 10 to 600000');
      }
    } else if (a.startsWith('-'))
      throw new AuxinError('INVALID_ARGUMENT', `watch: unknown option ${a}`);
    else dirs.push(path.resolve(a));
  }
  return { dirs, json, quietMs };
}

export async function run(argv: string[]): Promise<number> {
  const { dirs, json, quietMs } = parseArgs(argv);
  if (dirs.length === 0) {
    const lib = defaultLibrary();
    if (!lib)
      throw new AuxinError(
        'INVALID_ARGUMENT',
        'watch: name the folders to watch (no default library here)',
      );
    dirs.push(lib);
  }
  for (const d of dirs) {
    const st = await stat(d).catch(() => null);
    if (!st?.isDirectory()) throw new AuxinError('INVALID_ARGUMENT', `watch: ${d} is not a folder`);
  }
  const watcher = new ProjectWatcher(dirs, quietMs === undefined ? {} : { quietMs });
  // Text lines hold bundle paths and plist strings: shown, never interpreted by the terminal.
  const out = (line: string) => process.stdout.write((json ? line : showHidden(line)) + '\n');
  watcher.on('project.added', (e) =>
    out(
      json
        ? JSON.stringify({ event: 'project.added', ...e })
        : `added    ${e.path}  ${summarize(e.metadata)}`,
    ),
  );
  watcher.on('project.updated', (e) =>
    out(
      json
        ? JSON.stringify({ event: 'project.updated', ...e })
        : `updated  ${e.path}  ${e.diff.text}`,
    ),
  );
  watcher.on('project.removed', (e) =>
    out(json ? JSON.stringify({ event: 'project.removed', ...e }) : `removed  ${e.path}`),
  );
  watcher.on('project.unreadable', (e) =>
    out(
      json
        ? JSON.stringify({ event: 'project.unreadable', ...e })
        : `unreadable ${e.path}  ${e.error}`,
    ),
  );
  watcher.on('error', (e) => process.stderr.write(`auxin: watch: ${e.message}\n`));
  await watcher.start();
  process.stderr.write(
    `auxin: watching ${dirs.join(', ')} (${watcher.projects().size} projects)\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await watcher.close();
  return 0;
}
