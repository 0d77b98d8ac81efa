import { usageOf } from './index.js';
import { parse, showPath, storeHere } from '../args.js';
import { normalisationLabels } from '../../store/index.js';
import { printJson } from '../output.js';
import { formatBytes } from '../progress.js';
import type { LogicMetadata } from '../../../src-shared/api/metadata.js';
import { musicLine, plural } from '../music.js';

const usage = usageOf('show');

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { json: { type: 'boolean' } }, usage, 1);
  const store = storeHere();
  const commit = await store.readCommit(await store.resolve(positionals[0] ?? 'HEAD'));
  const tree = await store.readTree(commit.tree_id);
  const files = tree.entries.map((e) => ({
    path: e.path,
    kind: e.kind,
    size: e.size,
    mode: e.mode,
    ...(e.content_id ? { content_id: e.content_id } : {}),
    ...(e.target !== undefined ? { target: e.target } : {}),
  }));
  const total = tree.entries.reduce((a, e) => a + (e.kind === 'file' ? e.size : 0), 0);
  if (values.json) {
    printJson({ ...commit, total_size: total, files });
    return 0;
  }
  const out = [
    `commit ${commit.id}`,
    `Parents: ${commit.parent_ids.join(' ') || '(none)'}`,
    `Author: ${commit.author}`,
    `Date:   ${commit.timestamp}`,
    '',
    ...commit.message.split('\n').map((l) => `    ${l}`),
    '',
    ...metadataLines(commit.metadata as Record<string, unknown> | undefined),
    `${plural(files.filter((f) => f.kind === 'file').length, 'file')}, ${formatBytes(total)}`,
  ];
  const labels = normalisationLabels(files.map((f) => f.path));
  for (const f of files) {
    const tail = f.kind === 'symlink' ? ` -> ${f.target}` : f.kind === 'dir' ? '/' : '';
    out.push(
      `${f.kind === 'file' ? formatBytes(f.size).padStart(10) : ''.padStart(10)}  ${showPath(f.path, labels)}${tail}`,
    );
  }
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}

/** The version's project metadata as readable lines (`--json` keeps the object). */
function metadataLines(meta: Record<string, unknown> | undefined): string[] {
  if (!meta || Object.keys(meta).length === 0) return ['no project metadata'];
  const m = meta as Partial<LogicMetadata>;
  const lines = [`music:  ${musicLine(m) || 'unknown'}`];
  if (typeof m.sample_rate === 'number') lines.push(`sample rate: ${m.sample_rate} Hz`);
  if (typeof m.track_count === 'number') lines.push(`tracks: ${m.track_count}`);
  const used = m.audio_files?.used?.length;
  if (typeof used === 'number') lines.push(`audio files: ${used}`);
  if (m.tempo_map && m.tempo_map.length > 1) {
    lines.push(`tempo changes: ${m.tempo_map.length - 1}`);
  }
  return lines;
}
