/**
 * One feed entry in a producer's words: a headline and the facts that go with it (branch, size,
 * lock reason, what changed musically). Built from the entry's details, falling back to the
 * hub's own sentence for anything it does not know.
 */
import { activityKind, type ActivityEventWire } from '../../../src-shared/api/activity.js';
import { formatBpm, formatBytes } from '../../lib/format.js';

export interface Described {
  kind: ReturnType<typeof activityKind>;
  /** What happened, without the actor (shown beside it). */
  headline: string;
  facts: string[];
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const short = (id: string | null) => (id ? id.slice(0, 10) : null);

function plural(n: number, word: string) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export const KIND_LABELS: Record<Described['kind'], string> = {
  push: 'Push',
  lock: 'Lock',
  metadata: 'Metadata',
  comment: 'Comment',
  project: 'Project',
};

export function describe(e: ActivityEventWire): Described {
  const d = e.details;
  const kind = activityKind(e.type);
  const facts: string[] = [];
  const holder = str(d.user) ?? str(d.holder);
  const reason = str(d.reason);
  let headline: string;
  switch (e.type) {
    case 'push': {
      const commits = num(d.commits) ?? 0;
      headline = `pushed ${plural(commits, 'version')} to ${str(d.branch) ?? 'a branch'}`;
      const bytes = num(d.bytes);
      if (bytes !== null) facts.push(`${formatBytes(bytes)} uploaded`);
      if (d.forced === true) facts.push('forced');
      const to = short(str(d.new));
      if (to) facts.push(`now at ${to}`);
      break;
    }
    case 'lock.acquired':
      headline = 'took the lock';
      if (str(d.machine_id)) facts.push(`on ${str(d.machine_id)}`);
      break;
    case 'lock.released':
      headline = 'released the lock';
      break;
    case 'lock.expired':
      // The hub is the actor of an expiry; whose lock it was is the news.
      headline = holder ? `the lock of ${holder} expired` : 'a lock expired';
      break;
    case 'lock.force_released':
      headline = `force-released the lock${holder ? ` of ${holder}` : ''}`;
      break;
    case 'metadata.extracted': {
      const changes = str(d.changes);
      headline = changes ? `changed ${changes}` : 'saved a version';
      // What the version is, musically, when nothing changed against its parent (or it has none).
      if (!changes) {
        const bpm = num(d.bpm);
        if (bpm !== null) facts.push(`${formatBpm(bpm)} BPM`);
        for (const v of [str(d.key_signature), str(d.time_signature)]) if (v) facts.push(v);
      }
      const at = short(str(d.commit_id));
      if (at) facts.push(`version ${at}`);
      break;
    }
    case 'comment.added': {
      headline = `commented on ${short(str(d.commit_id)) ?? 'a version'}`;
      const body = str(d.body);
      if (body) facts.push(body.length > 140 ? `${body.slice(0, 137)}…` : body);
      break;
    }
    case 'repo.created':
      headline = 'created the project';
      break;
    case 'comment.deleted':
      headline = `deleted a comment on ${short(str(d.commit_id)) ?? 'a version'}`;
      break;
    default:
      // The hub's sentence starts with the actor, who is shown beside it already.
      headline = e.text.startsWith(`${e.actor} `) ? e.text.slice(e.actor.length + 1) : e.text;
  }
  if (reason && kind === 'lock') facts.unshift(`reason: ${reason}`);
  return { kind, headline, facts };
}

/** The version an entry is about, if any: a push's new head, a comment's or metadata's version. */
export function versionOf(e: ActivityEventWire): string | null {
  const id = e.type === 'push' ? str(e.details.new) : str(e.details.commit_id);
  if (e.type === 'comment.deleted') return null;
  return id && /^[0-9a-f]{6,64}$/.test(id) ? id : null;
}
