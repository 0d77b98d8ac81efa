/** One project: its metadata, its lock with the same buttons as the list, and its history. */
import { useEffect } from 'react';
import { onLinkClick } from '../../app/router.js';
import { useStore } from '../../app/store.js';
import { ProblemBox } from '../../app/ProblemBox.js';
import { formatBpm, formatBytes, formatSampleRate } from '../../lib/format.js';
import { LockControls } from '../locks/LockControls.js';
import { LockState } from '../locks/LockState.js';
import { displayName, projectId } from '../projects/rows.js';
import { ProjectActivity } from '../activity/ProjectActivity.js';
import { History } from './History.js';

export function ProjectPage({ namespace, name }: { namespace: string; name: string }) {
  const id = projectId(namespace, name);
  const project = useStore((s) => s.projects[id]);
  const status = useStore((s) => s.projectsStatus);
  const me = useStore((s) => s.user?.username ?? null);

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
      <History namespace={namespace} name={name} head={project.head?.id ?? null} />
      <ProjectActivity repo={`${namespace}/${name}`} />
    </main>
  );
}
