import { usageOf } from './index.js';
import { parse, storeHere } from '../args.js';
import { printJson } from '../output.js';
import { createProgress, formatBytes, type Progress } from '../progress.js';
import { plural } from '../music.js';

const usage = usageOf('fsck');

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(argv, { json: { type: 'boolean' } }, usage, 0);
  const store = storeHere();
  let bar: Progress | null = null;
  const r = await store.fsck({
    onTotal: (n) => {
      bar = createProgress('fsck', n, { enabled: values.json ? false : undefined });
    },
    onBytes: (n) => bar?.tick(n),
  });
  (bar as Progress | null)?.done();
  if (values.json) {
    printJson(r);
    return r.ok ? 0 : 1;
  }
  const out = [
    `checked ${plural(r.checked.commits, 'commit')}, ${plural(r.checked.trees, 'tree')}, ${plural(r.checked.chunks, 'chunk')} (${formatBytes(r.checked.chunk_bytes)})`,
  ];
  for (const p of r.problems) {
    out.push(`damaged ${p.kind} ${p.id}: ${p.problem}`);
    for (const u of p.uses) {
      out.push(
        `  used by ${JSON.stringify(u.path)} in version(s) ${u.commits.map((c) => c.slice(0, 12)).join(', ')}`,
      );
    }
  }
  out.push(r.ok ? 'ok' : `${r.problems.length} problem(s) found`);
  (r.ok ? process.stdout : process.stderr).write(out.join('\n') + '\n');
  return r.ok ? 0 : 1;
}
