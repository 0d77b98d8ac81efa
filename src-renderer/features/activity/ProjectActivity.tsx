/** One project's activity (`repo` = `ns/name`), for the project page to embed. */
import { useId } from 'react';
import { ActivityFeed } from './ActivityFeed.js';

export function ProjectActivity({ repo }: { repo: string }) {
  const heading = useId();
  return (
    <section className="project-activity" aria-labelledby={heading}>
      <h2 id={heading}>Activity</h2>
      <ActivityFeed scope={repo} label={`Activity of ${repo}`} />
    </section>
  );
}
