/**
 * "Commit, push and release" in the desktop window, once Logic closed a project you hold: the
 * message the app suggests from what changed (editable), then one click; the lock goes only
 * once the push landed (the main process's finishSession).
 */
import { useEffect, useState, type FormEvent } from 'react';
import { Logo } from '../../app/Logo.js';
import { ProblemBox } from '../../app/ProblemBox.js';
import type { Problem } from '../../lib/problem.js';
import { desktop, desktopProblem, type ProjectRef } from '../../services/desktop.js';
import { leaveFinish } from './route.js';
import './finish.css';

export function FinishSession({ project }: { project: ProjectRef }) {
  const [message, setMessage] = useState<string | null>(null);
  const [state, setState] = useState<'editing' | 'pushing' | 'done'>('editing');
  const [problem, setProblem] = useState<Problem | null>(null);

  useEffect(() => {
    let live = true;
    desktop()
      ?.suggestMessage(project)
      .then(
        (m) => live && setMessage(m),
        (e: unknown) => {
          if (!live) return;
          setMessage(`Work on ${project.name}`);
          setProblem(desktopProblem(e));
        },
      );
    return () => {
      live = false;
    };
  }, [project]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const text = message?.trim();
    if (!text) return;
    setState('pushing');
    setProblem(null);
    desktop()!
      .finishSession(project, { message: text })
      .then(
        () => setState('done'),
        (err: unknown) => {
          setState('editing');
          setProblem(desktopProblem(err));
        },
      );
  };

  if (state === 'done') {
    return (
      <main className="signin">
        <div className="signin-card" role="status">
          <div className="signin-brand">
            <Logo size={36} />
            <h1>Pushed and released</h1>
          </div>
          <p>{project.name} is on the hub and free for the team.</p>
          <button type="button" className="btn btn-wide" onClick={leaveFinish}>
            Back to the projects
          </button>
        </div>
      </main>
    );
  }

  return (
    <main className="signin">
      <form className="signin-card" onSubmit={submit} aria-labelledby="finish-title">
        <div className="signin-brand">
          <Logo size={36} />
          <h1 id="finish-title">Commit, push and release {project.name}</h1>
        </div>
        <p className="muted">
          Logic Pro closed {project.name}; your lock is no longer renewed. Push your saves so the
          team gets them, then the lock is released.
        </p>
        <label className="field">
          <span>Message</span>
          <textarea
            name="message"
            rows={3}
            value={message ?? ''}
            placeholder={message === null ? 'Reading what changed…' : ''}
            onChange={(e) => setMessage(e.target.value)}
            required
            maxLength={2000}
          />
        </label>
        {problem && <ProblemBox problem={problem} />}
        <button
          className="btn btn-primary btn-wide"
          type="submit"
          disabled={message === null || state === 'pushing'}
        >
          {state === 'pushing' ? 'Pushing…' : 'Commit, push and release'}
        </button>
        <button type="button" className="btn-link" onClick={leaveFinish}>
          Not now
        </button>
      </form>
    </main>
  );
}
