/**
 * The notification policy's notes as Electron Notifications: shown, withdrawn by id, a click
 * opens the project in the window, Renew renews the lock.
 */
import { Notification } from 'electron';
import type { Note, NoteSink } from '../desktop/notify-policy.js';
import type { AppHub } from './hub.js';
import { openWindow } from './window.js';

export interface AppNotes extends NoteSink {
  onRenew(fn: (project: { namespace: string; name: string }) => void): void;
}

export function setupNotifications(hub: AppHub): AppNotes {
  const open = new Map<string, Notification>();
  let renew: (p: { namespace: string; name: string }) => void = () => {};
  return {
    onRenew(fn) {
      renew = fn;
    },
    show(note: Note) {
      if (!Notification.isSupported()) return;
      const n = new Notification({
        title: note.title,
        body: note.body,
        silent: note.silent,
        actions: (note.actions ?? []).map(() => ({ type: 'button' as const, text: 'Renew' })),
      });
      n.on('click', () => {
        const p = note.project;
        openWindow(
          hub.url,
          p
            ? `/projects/${encodeURIComponent(p.namespace)}/${encodeURIComponent(p.name)}`
            : undefined,
        );
      });
      n.on('action', () => {
        if (note.project) renew(note.project);
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
