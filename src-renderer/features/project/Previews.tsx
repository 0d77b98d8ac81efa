/**
 * The bounces a version carries, as its previews. When an older version holds a bounce at the
 * same path, A/B switches between the two at the same position.
 */
import type { VersionSummary } from '../../../src-shared/api/versions.js';
import { fileUrl, peaks } from '../../services/history.js';
import { Player, type Source } from './Player.js';

/** The nearest older loaded version holding a bounce at `path` (the A of an A/B). */
export function olderWithBounce(
  versions: VersionSummary[],
  index: number,
  path: string,
): VersionSummary | null {
  for (let i = index + 1; i < versions.length; i++) {
    if (versions[i]!.bounces.some((b) => b.path === path)) return versions[i]!;
  }
  return null;
}

export function Previews(p: {
  ns: string;
  name: string;
  versions: VersionSummary[];
  index: number;
}) {
  const v = p.versions[p.index]!;
  if (v.bounces.length === 0) return null;
  const source = (of: VersionSummary, path: string, label: string): Source => ({
    label,
    url: fileUrl(p.ns, p.name, of.id, path),
    loadPeaks: (b) => peaks(p.ns, p.name, of.id, path, b),
  });
  return (
    <section className="previews" aria-labelledby="previews-title">
      <h3 id="previews-title">Previews</h3>
      {v.bounces.map((b) => {
        const title = b.path.split('/').pop()!;
        const older = olderWithBounce(p.versions, p.index, b.path);
        const sources = older
          ? [
              source(older, b.path, `A: ${older.message.slice(0, 40)}`),
              source(v, b.path, `B: ${v.message.slice(0, 40)}`),
            ]
          : [source(v, b.path, 'this version')];
        return (
          <div key={b.path} className="preview">
            <h4 className="preview-title">{title}</h4>
            <Player key={`${v.id}:${b.path}`} title={title} sources={sources} />
          </div>
        );
      })}
    </section>
  );
}
