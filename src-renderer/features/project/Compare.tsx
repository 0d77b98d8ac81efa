/**
 * Two versions side by side: what changed musically, the files added, removed and changed with
 * their sizes, and the tempo and meter maps of both when they differ.
 */
import { useState } from 'react';
import type { MeterPoint, TempoPoint } from '../../../src-shared/api/metadata.js';
import type { CompareResponse, VersionSummary } from '../../../src-shared/api/versions.js';
import { ProblemBox } from '../../app/ProblemBox.js';
import { formatBpm, formatBytes } from '../../lib/format.js';
import { compareVersions } from '../../services/history.js';
import { useAsync } from './useAsync.js';
import { describeChanges } from './wording.js';

export interface CompareProps {
  namespace: string;
  name: string;
  versions: VersionSummary[];
  from: string;
  to: string;
}

const label = (v: VersionSummary) => `${v.message} (${v.id.slice(0, 8)})`;

export function Compare(p: CompareProps) {
  const [from, setFrom] = useState(p.from);
  const [to, setTo] = useState(p.to);
  const result = useAsync(() => compareVersions(p.namespace, p.name, from, to), `${from}..${to}`);
  const picker = (id: string, text: string, value: string, set: (v: string) => void) => (
    <label className="field" htmlFor={id}>
      <span>{text}</span>
      <select id={id} value={value} onChange={(e) => set(e.target.value)}>
        {p.versions.map((v) => (
          <option key={v.id} value={v.id}>
            {label(v)}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <section className="compare" aria-labelledby="compare-title">
      <h3 id="compare-title">Compare two versions</h3>
      <div className="compare-pickers">
        {picker('compare-from', 'Older (A)', from, setFrom)}
        {picker('compare-to', 'Newer (B)', to, setTo)}
      </div>
      {result.problem && <ProblemBox problem={result.problem} onRetry={result.retry} />}
      {result.loading && <p aria-busy="true">Comparing…</p>}
      {result.data && <CompareResult r={result.data} />}
    </section>
  );
}

export function CompareResult({ r }: { r: CompareResponse }) {
  if (r.from === r.to) return <p className="muted">Both sides are the same version.</p>;
  const musical = describeChanges(r.changes.filter((c) => !c.field.endsWith('_map')));
  const tempo = r.changes.find((c) => c.field === 'tempo_map');
  const meter = r.changes.find((c) => c.field === 'meter_map');
  const none = r.added.length + r.removed.length + r.changed.length === 0;
  return (
    <div className="compare-result">
      <h4>Project</h4>
      {musical.length ? (
        <ul className="change-list">
          {musical.map((t) => (
            <li key={t}>{t}</li>
          ))}
        </ul>
      ) : (
        <p className="muted">No change to tempo, key, meter, sample rate or tracks.</p>
      )}
      {(tempo || meter) && (
        <div className="maps">
          {tempo && (
            <MapPair
              title="Tempo map"
              a={tempo.from as TempoPoint[] | undefined}
              b={tempo.to as TempoPoint[] | undefined}
              show={(t: TempoPoint) => `${formatBpm(t.bpm)} BPM`}
            />
          )}
          {meter && (
            <MapPair
              title="Meter map"
              a={meter.from as MeterPoint[] | undefined}
              b={meter.to as MeterPoint[] | undefined}
              show={(m: MeterPoint) => `${m.numerator}/${m.denominator}`}
            />
          )}
        </div>
      )}
      <h4>Files</h4>
      {none && <p className="muted">No file changed.</p>}
      <FileChanges title="Added" rows={r.added.map((f) => [f.path, `+ ${formatBytes(f.size)}`])} />
      <FileChanges
        title="Removed"
        rows={r.removed.map((f) => [f.path, `− ${formatBytes(f.size)}`])}
      />
      <FileChanges
        title="Changed"
        rows={r.changed.map((f) => [
          f.path,
          `${formatBytes(f.old_size)} → ${formatBytes(f.new_size)}`,
        ])}
      />
    </div>
  );
}

function FileChanges({ title, rows }: { title: string; rows: [string, string][] }) {
  if (rows.length === 0) return null;
  return (
    <table className="file-changes">
      <caption>
        {title} ({rows.length})
      </caption>
      <thead>
        <tr>
          <th scope="col">File</th>
          <th scope="col">Size</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([path, size]) => (
          <tr key={path}>
            <td className="path">{path}</td>
            <td className="num">{size}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Where an event sits: Logic counts 960 ticks per quarter note. */
const beat = (tick: number) => `beat ${Math.round((tick / 960) * 100) / 100 + 1}`;

function MapPair<T extends { tick: number }>(props: {
  title: string;
  a: T[] | undefined;
  b: T[] | undefined;
  show(p: T): string;
}) {
  const side = (label: string, list: T[] | undefined) => (
    <div className="map-side">
      <h5>{label}</h5>
      {list ? (
        <ol>
          {list.slice(0, 200).map((pt, i) => (
            <li key={i}>
              {beat(pt.tick)}: {props.show(pt)}
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted small">unknown</p>
      )}
    </div>
  );
  return (
    <div className="map-pair">
      <h5 className="map-title">{props.title}</h5>
      {side('A', props.a)}
      {side('B', props.b)}
    </div>
  );
}
