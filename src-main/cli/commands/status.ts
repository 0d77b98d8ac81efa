import { usageOf } from './index.js';
import { parse, shortId, showPath, storeHere } from '../args.js';
import { interruptedMessage, normalisationLabels } from '../../store/index.js';
import { printJson } from '../output.js';
import { AuxinError } from '../../../src-shared/errors.js';
import { bundleState, bundlesIn, describeBundle } from '../bundles-status.js';

const usage = usageOf('status');

export async function run(argv: string[]): Promise<number> {
  const { values } = parse(argv, { json: { type: 'boolean' } }, usage, 0);
  let store;
  try {
    store = storeHere();
  } catch (e) {
    // Not a project: perhaps a folder of projects (a Logic library).
    if (!(e instanceof AuxinError) || e.code !== 'NOT_A_REPOSITORY') throw e;
    const bundles = bundlesIn(process.cwd());
    if (!bundles.length) throw e;
    const states = await Promise.all(bundles.map(bundleState));
    if (values.json) printJson({ folder: process.cwd(), bundles: states });
    else
      process.stdout.write(
        `${process.cwd()} is not a project; the Logic projects in it:\n` +
          states.map((b) => describeBundle(b, process.cwd())).join('\n') +
          '\n',
      );
    return 0;
  }
  if (!store.workDir) {
    const h = store.head();
    if (values.json) printJson({ root: store.root, workDir: null, bare: true, ...h });
    else
      process.stdout.write(
        `store: ${store.root} (bare)\nHEAD: ${h.branch ?? 'detached'} at ${shortId(h.commit)}\n`,
      );
    return 0;
  }
  const st = await store.status();
  if (values.json) {
    printJson(st);
    return 0;
  }
  const out = [
    `project: ${st.workDir}`,
    `store: ${st.root}`,
    st.branch
      ? `on branch ${st.branch} at ${shortId(st.commit)}`
      : `detached at ${shortId(st.commit)}`,
  ];
  if (st.interrupted) {
    out.push(`${interruptedMessage(st.interrupted)} (some changes below are its, not yours)`);
  }
  const labels = normalisationLabels([...st.added, ...st.modified, ...st.removed]);
  for (const p of st.added) out.push(`  added:    ${showPath(p, labels)}`);
  for (const p of st.modified) out.push(`  modified: ${showPath(p, labels)}`);
  for (const p of st.removed) out.push(`  removed:  ${showPath(p, labels)}`);
  for (const s of st.skipped) out.push(`  skipped:  ${JSON.stringify(s.path)} (${s.reason})`);
  if (st.clean) out.push('nothing changed');
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}
