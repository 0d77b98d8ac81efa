/** The page: check the session, then sign-in or the signed-in pages with the live stream. */
import { useEffect } from 'react';
import { ActivityView } from '../features/activity/ActivityView.js';
import { ConnectHub } from '../features/connect/ConnectHub.js';
import { followConnectHash } from '../features/connect/slice.js';
import { FinishSession } from '../features/finish/FinishSession.js';
import { parseFinishHash, useFinishTarget } from '../features/finish/route.js';
import { desktop } from '../services/desktop.js';
import { ProjectPage } from '../features/project/ProjectPage.js';
import { ProjectsView } from '../features/projects/ProjectsView.js';
import { SignIn } from '../features/session/SignIn.js';
import { SettingsView } from '../features/settings/SettingsView.js';
import { ErrorBoundary } from './ErrorBoundary.js';
import { Layout } from './Layout.js';
import { useRoute } from './router.js';
import { useStore } from './store.js';

function SignedIn() {
  const route = useRoute();
  const startLive = useStore((s) => s.startLive);
  const loadProjects = useStore((s) => s.loadProjects);
  useEffect(() => {
    void loadProjects();
    startLive();
  }, [loadProjects, startLive]);
  return (
    <Layout>
      {route.page === 'project' ? (
        <ProjectPage
          key={`${route.namespace}/${route.name}`}
          namespace={route.namespace}
          name={route.name}
        />
      ) : route.page === 'activity' ? (
        <ActivityView />
      ) : route.page === 'settings' ? (
        <SettingsView />
      ) : (
        <ProjectsView />
      )}
    </Layout>
  );
}

export function App() {
  const status = useStore((s) => s.sessionStatus);
  const checkSession = useStore((s) => s.checkSession);
  // Desktop only (the slice opens it only when the app's bridge is there).
  const connecting = useStore((s) => s.connectOpen);
  const openConnect = useStore((s) => s.openConnect);
  useEffect(() => followConnectHash(openConnect), [openConnect]);
  const hash = useFinishTarget();
  const finishing = desktop() ? parseFinishHash(hash) : null;
  useEffect(() => {
    void checkSession();
  }, [checkSession]);
  return (
    <ErrorBoundary>
      {finishing ? (
        <FinishSession key={`${finishing.namespace}/${finishing.name}`} project={finishing} />
      ) : connecting ? (
        <ConnectHub />
      ) : status === 'checking' ? (
        <main className="state-panel" aria-busy="true">
          <div className="spinner" aria-hidden="true" />
        </main>
      ) : status === 'signed-in' ? (
        <SignedIn />
      ) : (
        <SignIn />
      )}
    </ErrorBoundary>
  );
}
