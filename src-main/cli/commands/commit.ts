import type { Command } from '../command.js';
import { defaultAuthor, parse, shortId, storeHere } from '../args.js';
import { createProgress, formatBytes, type Progress } from '../progress.js';
import { AuxinError } from '../../../src-shared/errors.js';
import { collectCommitMetadata } from '../commit-metadata.js';

export const commitCommand: Command = {
  name: 'commit',
  usage: 'commit -m MSG [--author NAME]',
  summary: 'record the working folder as a new version',
  async run(argv) {
    const { values } = parse(
      argv,
      { message: { type: 'string', short: 'm' }, author: { type: 'string' } },
      this.usage,
    );
    if (!values.message)
      throw new AuxinError('INVALID_ARGUMENT', 'a message is needed: auxin commit -m MSG');
    const store = storeHere();
    let bar: Progress | null = null;
    const r = await store.commit({
      message: values.message,
      author: values.author ?? defaultAuthor(),
      metadata: await collectCommitMetadata(store.workDir ?? store.root),
      onTotal: (n) => {
        bar = createProgress('commit', n);
      },
      onBytes: (n) => bar?.tick(n),
    });
    (bar as Progress | null)?.done();
    for (const s of r.skipped)
      process.stderr.write(`auxin: skipped ${JSON.stringify(s.path)}: ${s.reason}\n`);
    process.stdout.write(
      `[${r.branch ?? 'detached'} ${shortId(r.commit.id)}] ${r.commit.message}\n` +
        `${r.stats.files} files, ${formatBytes(r.stats.logicalBytes)}; read ${r.stats.filesRead} files, ` +
        `stored ${formatBytes(r.stats.newBytes)} new in ${r.stats.newChunks} chunks\n`,
    );
    return 0;
  },
};
