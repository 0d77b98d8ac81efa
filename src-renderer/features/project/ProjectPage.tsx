/** One project: its metadata, its lock with the same buttons as the list, and its latest versions. */
import { useEffect } from 'react';
import { onLinkClick } from '../../app/router.js';
import { useStore } from '../../app/store.js';
import { ProblemBox } from '../../app/ProblemBox.js';
import { Time } from '../../app/Time.js';
import { formatBpm, formatBytes, formatSampleRate } from '../../lib/format.js';
import { LockControls } from '../locks/LockControls.js';
import { LockState } from '../locks/LockState.js';
import { displayName, projectId } from '../projects/rows.js';

export function ProjectPage({ namespace, name }: { namespace: string; name: string }) {
  const id = projectId(namespace, name);
  const project = useStore((s) => s.projects[id]);
  const status = useStore((s) => s.projectsStatus);
  const versions = useStore((s) => s.versions[id]);
  const me = useStore((s) => s.user?.username ?? null);
  const loadVersions = useStore((s) => s.loadVersions);

  useEffect(() => {
    void loadVersions(namespace, name);
  }, [namespace, name, loadVersions]);

  useEffect(() => {
    document.title = `${displayName(name)} · Auxin Hub`;
    return () => {
      document.title = 'Auxin Hub';
    };
  }, [name]);

  const back = (
    <a href="/" onClick={onLinkClick('/')} className="back">
      ← All projects
    </a>
  );
  if (!project) {
    return (
      <main className="project-page">
        {back}
        {status === 'ready' ? (
          <ProblemBox
            problem={{ message: `no project ${namespace}/${name} on this hub`, code: 'NOT_FOUND' }}
          />
        ) : (
          <p aria-busy="true">Loading…</p>
        )}
      </main>
    );
  }
  const m = project.metadata;
  const facts: [string, string][] = [
    ['Tempo', m?.bpm ? `${formatBpm(m.bpm)} BPM` : '—'],
    ['Key', m?.key_signature ?? '—'],
    ['Time signature', m?.time_signature ?? '—'],
    ['Sample rate', formatSampleRate(m?.sample_rate)],
    ['Tracks', m?.track_count != null ? String(m.track_count) : '—'],
    ['Size', formatBytes(project.size)],
  ];
  return (
    <main className="project-page">
      {back}
      <header className="project-header">
        <div>
          <h1>{displayName(name)}</h1>
          <p className="muted">
            {namespace}/{name} · owned by {project.repo.owner}
          </p>
        </div>
        <div className="project-lock">
          <LockState lock={project.lock} me={me} />
          <LockControls
            namespace={namespace}
            name={name}
            owner={project.repo.owner}
            lock={project.lock}
          />
        </div>
      </header>
      <dl className="facts">
        {facts.map(([k, v]) => (
          <div key={k} className="fact">
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <section aria-labelledby="versions-title" className="versions">
        <h2 id="versions-title">Latest versions</h2>
        {versions?.error && (
          <ProblemBox problem={versions.error} onRetry={() => void loadVersions(namespace, name)} />
        )}
        {versions?.status === 'loading' && <p aria-busy="true">Loading versions…</p>}
        {versions?.status === 'ready' && versions.commits.length === 0 && (
          <p className="muted">
            No versions yet: push one with <code>auxin push</code>.
          </p>
        )}
        <ol className="version-list">
          {versions?.commits.map((c) => (
            <li key={c.id} className="version">
              <span className="version-message">{c.message}</span>
              <span className="muted">
                {c.author} · <Time iso={c.timestamp} />
              </span>
              <code className="version-id" title={c.id}>
                {c.id.slice(0, 10)}
              </code>
            </li>
          ))}
        </ol>
      </section>
    </main>
  );
}
