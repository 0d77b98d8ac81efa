/**
 * The selected version: what changed, how to get it, its previews and comments (Overview), its
 * files with the player (Files), and a comparison with any other version (Compare).
 */
import { useState } from 'react';
import type { VersionSummary } from '../../../src-shared/api/versions.js';
import { Time } from '../../app/Time.js';
import { formatBpm, formatBytes, formatSampleRate } from '../../lib/format.js';
import { CommentsPanel } from '../comments/CommentsPanel.js';
import { Compare } from './Compare.js';
import { GetVersion } from './GetVersion.js';
import { Previews } from './Previews.js';
import { VersionFiles } from './VersionFiles.js';
import { describeChanges } from './wording.js';

type View = 'overview' | 'files' | 'compare';

export function VersionDetail(p: {
  ns: string;
  name: string;
  versions: VersionSummary[];
  index: number;
}) {
  const v = p.versions[p.index]!;
  const [view, setView] = useState<View>('overview');
  const older = p.versions[p.index + 1] ?? v;
  const changes = describeChanges(v.changes);
  const facts: [string, string][] = [
    ['Tempo', v.bpm !== undefined ? `${formatBpm(v.bpm)} BPM` : '—'],
    ['Key', v.key_signature ?? '—'],
    ['Time signature', v.time_signature ?? '—'],
    ['Sample rate', formatSampleRate(v.sample_rate)],
    ['Tracks', v.track_count !== undefined ? String(v.track_count) : '—'],
    ['Size', formatBytes(v.size)],
  ];
  const tab = (id: View, text: string) => (
    <button className="btn" aria-pressed={view === id} onClick={() => setView(id)}>
      {text}
    </button>
  );
  return (
    <section className="version-detail" aria-labelledby="version-title">
      <header className="version-head">
        <h2 id="version-title">{v.message || '(no message)'}</h2>
        <p className="muted">
          {v.author} · <Time iso={v.timestamp} /> ·{' '}
          <code className="version-id" title={v.id}>
            {v.id.slice(0, 12)}
          </code>
        </p>
      </header>
      <div className="view-switch" role="group" aria-label="Show">
        {tab('overview', 'Overview')}
        {tab('files', 'Files')}
        {tab('compare', 'Compare')}
      </div>
      {view === 'overview' && (
        <>
          <dl className="facts version-facts">
            {facts.map(([k, val]) => (
              <div key={k} className="fact">
                <dt>{k}</dt>
                <dd>{val}</dd>
              </div>
            ))}
          </dl>
          <section aria-labelledby="changes-title">
            <h3 id="changes-title">What changed</h3>
            {v.parent_ids.length === 0 ? (
              <p className="muted">The first version: {v.files_changed} files.</p>
            ) : changes.length ? (
              <ul className="change-list">
                {changes.map((t) => (
                  <li key={t}>{t}</li>
                ))}
              </ul>
            ) : (
              <p className="muted">
                No change to the project’s settings; {v.files_changed} files changed.
              </p>
            )}
          </section>
          <Previews ns={p.ns} name={p.name} versions={p.versions} index={p.index} />
          <GetVersion id={v.id} cloneUrl={`${window.location.origin}/${p.ns}/${p.name}`} />
          <CommentsPanel repo={`${p.ns}/${p.name}`} commit={v.id} />
        </>
      )}
      {view === 'files' && <VersionFiles key={v.id} ns={p.ns} name={p.name} id={v.id} />}
      {view === 'compare' && (
        <Compare
          key={v.id}
          namespace={p.ns}
          name={p.name}
          versions={p.versions}
          from={older.id}
          to={v.id}
        />
      )}
    </section>
  );
}
