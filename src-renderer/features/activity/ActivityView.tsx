/** The Activity page: everything that happened on the hub, newest first, live. */
import { useEffect } from 'react';
import { ActivityFeed } from './ActivityFeed.js';

export function ActivityView() {
  useEffect(() => {
    document.title = 'Activity · Auxin Hub';
    return () => {
      document.title = 'Auxin Hub';
    };
  }, []);
  return (
    <main className="page">
      <header className="page-header">
        <h1>Activity</h1>
        <p className="muted">
          Pushes, locks, metadata and comments across every project you can see.
        </p>
      </header>
      <ActivityFeed scope={null} label="Hub activity" />
    </main>
  );
}
