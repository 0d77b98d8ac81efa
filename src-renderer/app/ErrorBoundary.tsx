/** A bug in a view shows a way back instead of a blank page. */
import { Component, type ReactNode } from 'react';

export class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <main className="state-panel" role="alert">
        <h1>Something went wrong on this page</h1>
        <p className="muted">{this.state.error.message}</p>
        <button className="btn" onClick={() => window.location.assign('/')}>
          Back to projects
        </button>
      </main>
    );
  }
}
