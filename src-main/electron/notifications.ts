/**
 * The notification policy's notes as Electron Notifications: shown, withdrawn by id, a click
 * opens the project in the window, Renew renews the lock.
 */
import { Notification } from 'electron';
import type { Note, NoteSink } from '../desktop/notify-policy.js';
import type { AppHub } from './hub.js';
import { openWindow } from './window.js';

type ProjectRef = { namespace: string; name: string };

export interface AppNotes extends NoteSink {
  onRenew(fn: (project: ProjectRef) => void): void;
  onFinish(fn: (project: ProjectRef) => void): void;
}

const BUTTON = { renew: 'Renew', finish: 'Commit, push and release' } as const;

export function setupNotifications(hub: AppHub): AppNotes {
  const open = new Map<string, Notification>();
  const handlers = { renew: (_p: ProjectRef) => {}, finish: (_p: ProjectRef) => {} };
  return {
    onRenew(fn) {
      handlers.renew = fn;
    },
    onFinish(fn) {
      handlers.finish = fn;
    },
    show(note: Note) {
      if (!Notification.isSupported()) return;
      const n = new Notification({
        title: note.title,
        body: note.body,
        silent: note.silent,
        actions: (note.actions ?? []).map((a) => ({ type: 'button' as const, text: BUTTON[a] })),
      });
      n.on('click', () => {
        const p = note.project;
        const at = p ? `${encodeURIComponent(p.namespace)}/${encodeURIComponent(p.name)}` : null;
        // "Closed in Logic" opens the window's "Commit, push and release", the message editable.
        openWindow(
          hub.url,
          at
            ? note.actions?.includes('finish')
              ? `#/finish/${at}`
              : `/projects/${at}`
            : undefined,
        );
      });
      n.on('action', (_e, index: number) => {
        const action = note.actions?.[index];
        if (note.project && action) handlers[action](note.project);
      });
      n.on('close', () => {
        if (open.get(note.id) === n) open.delete(note.id);
      });
      open.set(note.id, n);
      n.show();
    },
    withdraw(id) {
      open.get(id)?.close();
      open.delete(id);
    },
  };
}
