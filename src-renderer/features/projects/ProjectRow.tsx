/** One project at a glance: name, metadata, last version, size, lock and its buttons. */
import { memo } from 'react';
import { onLinkClick, projectPath } from '../../app/router.js';
import { Time } from '../../app/Time.js';
import { formatBpm, formatBytes, formatSampleRate } from '../../lib/format.js';
import { LockControls } from '../locks/LockControls.js';
import { LockState } from '../locks/LockState.js';
import { displayName, type Row } from './rows.js';

function Cell({
  label,
  value,
  className = '',
}: {
  label: string;
  value: string;
  className?: string;
}) {
  return (
    <span className={`cell ${className}`}>
      <span className="sr-only">{label} </span>
      {value}
    </span>
  );
}

export const ProjectRow = memo(function ProjectRow({ row, me }: { row: Row; me: string | null }) {
  const href = row.namespace ? projectPath(row.namespace, row.name) : null;
  return (
    <div className={`project-row ${row.kind === 'local' ? 'is-local' : ''}`}>
      <div className="cell cell-name">
        <div className="name-line">
          {href ? (
            <a href={href} onClick={onLinkClick(href)} className="project-name">
              {displayName(row.name)}
            </a>
          ) : (
            <span className="project-name" title={row.path}>
              {displayName(row.name)}
            </span>
          )}
          {row.kind === 'local' ? (
            <span className="badge badge-local">local</span>
          ) : (
            <span className="ns">{row.namespace}</span>
          )}
        </div>
        <div className="version-line muted">
          {row.head ? (
            <>
              <span className="message">{row.head.message}</span>
              <span aria-hidden="true"> · </span>
              <span>{row.head.author}</span>
              <span aria-hidden="true"> · </span>
              <Time iso={row.head.timestamp} />
            </>
          ) : row.kind === 'local' ? (
            <>
              never pushed
              {row.changedAt && (
                <>
                  {' '}
                  · saved <Time iso={row.changedAt} />
                </>
              )}
            </>
          ) : (
            'no versions yet'
          )}
        </div>
      </div>
      <Cell
        label="Tempo"
        value={row.bpm ? `${formatBpm(row.bpm)} BPM` : '—'}
        className="cell-num"
      />
      <Cell label="Key" value={row.keySignature ?? '—'} />
      <Cell label="Time signature" value={row.timeSignature ?? '—'} className="cell-num" />
      <Cell label="Sample rate" value={formatSampleRate(row.sampleRate)} className="cell-num" />
      <Cell
        label="Tracks"
        value={row.tracks != null ? String(row.tracks) : '—'}
        className="cell-num"
      />
      <Cell label="Size" value={formatBytes(row.size)} className="cell-num" />
      <div className="cell cell-lock">
        {row.kind === 'hub' ? (
          <LockState lock={row.lock} me={me} />
        ) : (
          <span className="muted">not on the hub</span>
        )}
      </div>
      <div className="cell cell-actions">
        {row.kind === 'hub' && row.namespace && (
          <LockControls
            namespace={row.namespace}
            name={row.name}
            owner={row.owner}
            lock={row.lock}
          />
        )}
      </div>
    </div>
  );
});
