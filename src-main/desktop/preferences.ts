/**
 * The desktop app's preferences, persisted as JSON in the app's user-data folder. A missing or
 * damaged file gives the defaults (and says so once), never a crash; writes are atomic.
 */
import * as fs from 'node:fs';
import { z } from 'zod';
import { writeFileAtomicSync } from '../core/atomic-write.js';

export const PreferencesSchema = z.object({
  /** Menubar only: no Dock icon. */
  hideDock: z.boolean().default(false),
  openAtLogin: z.boolean().default(false),
  /** Notifications are silent unless this is on. */
  sound: z.boolean().default(false),
  /** `hub`: this Mac runs the studio's hub; `client`: it uses one elsewhere on the LAN. */
  mode: z.enum(['hub', 'client']).default('hub'),
  /** The hub a client signed in to (its token lives with `auxin login`'s credentials). */
  clientHub: z.string().max(300).nullable().default(null),
  clientUser: z.string().max(100).nullable().default(null),
  /**
   * The port of this Mac's hub, chosen in the app (the start-failure dialog's "Use port N");
   * AUXIN_PORT, when set, still wins. Null: the hub's config file or its default.
   */
  hubPort: z.number().int().min(1).max(65535).nullable().default(null),
  /** Paused hubs stay paused across restarts: the producer said so. */
  hubPaused: z.boolean().default(false),
  /** Local bundles of projects, `ns/name` to path (client mode; the hub mode watches libraries). */
  bundles: z.record(z.string().max(201), z.string().max(4096)).default({}),
});
export type Preferences = z.infer<typeof PreferencesSchema>;

export function defaultPreferences(): Preferences {
  return PreferencesSchema.parse({});
}

export class PreferenceStore {
  private current: Preferences;
  /** Why the file was not used, when it was not (shown once to the user). */
  readonly problem: string | null = null;

  constructor(private readonly file: string) {
    let text: string | null = null;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT')
        this.problem = `cannot read ${file}: ${(e as Error).message}`;
    }
    this.current = defaultPreferences();
    if (text !== null) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      const r = PreferencesSchema.safeParse(parsed);
      if (r.success) this.current = r.data;
      else this.problem = `${file} is damaged; using the default preferences`;
    }
  }

  get(): Preferences {
    return structuredClone(this.current);
  }

  update(change: Partial<Preferences>): Preferences {
    const next = PreferencesSchema.parse({ ...this.current, ...change });
    writeFileAtomicSync(this.file, JSON.stringify(next, null, 2) + '\n', { mode: 0o600 });
    this.current = next;
    return this.get();
  }
}
