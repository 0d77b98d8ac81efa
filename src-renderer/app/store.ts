/**
 * The page's one zustand store, in slices (zustand's slices pattern): session, projects, locks,
 * live, history, comments, activity, settings, connect (desktop only).
 */
import { create } from 'zustand';
import { createActivitySlice, type ActivitySlice } from '../features/activity/slice.js';
import { createCommentsSlice, type CommentsSlice } from '../features/comments/slice.js';
import { createConnectSlice, type ConnectSlice } from '../features/connect/slice.js';
import { createLiveSlice, type LiveSlice } from '../features/live/slice.js';
import { createHistorySlice, type HistorySlice } from '../features/project/slice.js';
import { createLocksSlice, type LocksSlice } from '../features/locks/slice.js';
import { createProjectsSlice, type ProjectsSlice } from '../features/projects/slice.js';
import { createSessionSlice, type SessionSlice } from '../features/session/slice.js';
import { createSettingsSlice, type SettingsSlice } from '../features/settings/slice.js';

export type AppState = SessionSlice &
  ProjectsSlice &
  LocksSlice &
  LiveSlice &
  CommentsSlice &
  ActivitySlice &
  SettingsSlice &
  HistorySlice &
  ConnectSlice;

export function createAppStore() {
  return create<AppState>()((...a) => ({
    ...createSessionSlice(...a),
    ...createProjectsSlice(...a),
    ...createLocksSlice(...a),
    ...createLiveSlice(...a),
    ...createCommentsSlice(...a),
    ...createActivitySlice(...a),
    ...createSettingsSlice(...a),
    ...createHistorySlice(...a),
    ...createConnectSlice(...a),
  }));
}

export const useStore = createAppStore();
