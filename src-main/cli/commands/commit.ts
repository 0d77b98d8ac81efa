import { usageOf } from './index.js';
import { defaultAuthor, parse, shortId, storeHere } from '../args.js';
import { createProgress, formatBytes, type Progress } from '../progress.js';
import { AuxinError } from '../../../src-shared/errors.js';
import { describeCollisions, type Store } from '../../store/index.js';
import { resolveRemote } from '../../client/remotes.js';
import { accountFor } from '../../client/credentials.js';
import { projectMoved, readProjectOf } from '../../logic/commit-metadata.js';
import { plural } from '../music.js';

const usage = usageOf('commit');

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(
    argv,
    { message: { type: 'string', short: 'm' }, author: { type: 'string' } },
    usage,
    0,
  );
  if (!values.message)
    throw new AuxinError('INVALID_ARGUMENT', 'a message is needed: auxin commit -m MSG');
  const store = storeHere();
  const project = store.workDir ? await readProjectOf(store.workDir) : {};
  if (project.problem) {
    process.stderr.write(`auxin: committing without project metadata: ${project.problem}\n`);
  }
  let bar: Progress | null = null;
  const r = await store.commit({
    message: values.message,
    author: values.author ?? (await hubAuthor(store)) ?? defaultAuthor(),
    // The reader's result; its bpm, sample_rate and key_signature are what hub clients expect.
    metadata: project.metadata ?? {},
    onTotal: (n) => {
      bar = createProgress('commit', n);
    },
    onBytes: (n) => bar?.tick(n),
  });
  (bar as Progress | null)?.done();
  if (await projectMoved(project)) {
    process.stderr.write(
      'auxin: the project was saved during the commit; its metadata may describe the previous save\n',
    );
  }
  for (const s of r.skipped)
    process.stderr.write(`auxin: skipped ${JSON.stringify(s.path)}: ${s.reason}\n`);
  if (r.caseCollisions.length > 0) {
    process.stderr.write(
      `auxin: warning: this version holds names that differ only in case (or Unicode form): ` +
        `${describeCollisions(r.caseCollisions)}; a Mac's disk takes them for one, so it cannot ` +
        `be checked out there: rename one of each and commit again\n`,
    );
  }
  process.stdout.write(
    `[${r.branch ?? 'detached'} ${shortId(r.commit.id)}] ${r.commit.message}\n` +
      `${plural(r.stats.files, 'file')}, ${formatBytes(r.stats.logicalBytes)}; ` +
      `read ${plural(r.stats.filesRead, 'file')}, ` +
      `stored ${formatBytes(r.stats.newBytes)} new in ${plural(r.stats.newChunks, 'chunk')}\n`,
  );
  return 0;
}

/**
 * The author a version gets by default: AUXIN_AUTHOR when set, else the hub account this machine
 * signed in as for the project's `origin` (as its locks and the feed name the person), else null.
 */
async function hubAuthor(store: Store): Promise<string | null> {
  if (process.env.AUXIN_AUTHOR) return null;
  try {
    const origin = await resolveRemote(store, 'origin');
    return accountFor(origin.baseUrl);
  } catch {
    return null;
  }
}
