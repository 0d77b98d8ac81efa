/** Every project of the hub at a glance, with the watched local ones never pushed. */
import { useMemo } from 'react';
import { useStore } from '../../app/store.js';
import { ProblemBox } from '../../app/ProblemBox.js';
import { ProjectList } from './ProjectList.js';
import { Toolbar } from './Toolbar.js';
import { hubRow, keysOf, localRow, visibleRows, type Row } from './rows.js';

const COLUMNS = ['Project', 'Tempo', 'Key', 'Time', 'Rate', 'Tracks', 'Size', 'Lock', ''];

export function ProjectsView() {
  const status = useStore((s) => s.projectsStatus);
  const error = useStore((s) => s.projectsError);
  const projects = useStore((s) => s.projects);
  const local = useStore((s) => s.local);
  const filters = useStore((s) => s.filters);
  const me = useStore((s) => s.user?.username ?? null);
  const load = useStore((s) => s.loadProjects);

  const all = useMemo<Row[]>(
    () => [
      ...Object.values(projects).map(hubRow),
      ...local.map(localRow).filter((r): r is Row => r !== null),
    ],
    [projects, local],
  );
  const rows = useMemo(() => visibleRows(all, filters, me), [all, filters, me]);
  const keys = useMemo(() => keysOf(all), [all]);

  if (status === 'error' && error) {
    return (
      <main className="state-panel">
        <h1>Could not load the projects</h1>
        <ProblemBox problem={error} onRetry={() => void load()} />
      </main>
    );
  }
  if (status !== 'ready') {
    return (
      <main className="state-panel" aria-busy="true">
        <div className="spinner" aria-hidden="true" />
        <p>Loading projects…</p>
      </main>
    );
  }
  if (all.length === 0) {
    return (
      <main className="state-panel">
        <h1>
          No projects yet: push one with <code>auxin push</code>
        </h1>
        <p className="muted">
          In a Logic project: <code>auxin init</code>, <code>auxin commit -m "first take"</code>,
          add this hub as a remote, then <code>auxin push</code>. It shows up here at once.
        </p>
      </main>
    );
  }
  return (
    <main className="projects">
      <h1 className="sr-only">Projects</h1>
      <Toolbar keys={keys} shown={rows.length} total={all.length} />
      <div className="list-head" aria-hidden="true">
        {COLUMNS.map((c, i) => (
          <span key={i}>{c}</span>
        ))}
      </div>
      {rows.length === 0 ? (
        <p className="state-panel muted">No project matches these filters.</p>
      ) : (
        <ProjectList rows={rows} me={me} />
      )}
    </main>
  );
}
