/** Comments on versions, in `<data>/.hub/comments/<ns>/<name>.json`, echoed in the feed. */
import * as fsp from 'node:fs/promises';
import { AuxinError } from '../../src-shared/errors.js';
import type { Comment } from '../../src-shared/api/comments.js';
import type { ActivityService } from './types.js';
import { idClock, stateFile } from './activity.js';
import { writeFileAtomic } from '../core/atomic-write.js';
import { Mutex } from '../core/mutex.js';

export class CommentService {
  private readonly mutex = new Mutex();
  private readonly nextId = idClock();

  constructor(
    private readonly stateDir: string,
    private readonly activity: ActivityService,
  ) {}

  private file(ns: string, name: string): string {
    return stateFile(this.stateDir, 'comments', ns, name, 'json');
  }

  private async load(ns: string, name: string): Promise<Comment[]> {
    try {
      return JSON.parse(await fsp.readFile(this.file(ns, name), 'utf8')) as Comment[];
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
  }

  async list(ns: string, name: string, commitId: string): Promise<Comment[]> {
    return (await this.load(ns, name)).filter((c) => c.commit_id === commitId);
  }

  /** How many comments each version has: the timeline shows it on every row. */
  async counts(ns: string, name: string): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const c of await this.load(ns, name))
      out.set(c.commit_id, (out.get(c.commit_id) ?? 0) + 1);
    return out;
  }

  async add(ns: string, name: string, commitId: string, author: string, body: string) {
    const comment: Comment = {
      id: this.nextId(),
      commit_id: commitId,
      author,
      body,
      time: new Date().toISOString(),
    };
    await this.mutex.run(async () => {
      const all = await this.load(ns, name);
      all.push(comment);
      await writeFileAtomic(this.file(ns, name), JSON.stringify(all));
    });
    const preview = body.length > 80 ? `${body.slice(0, 77)}...` : body;
    await this.activity.record(ns, name, {
      type: 'comment.added',
      actor: author,
      text: `${author} commented on ${commitId.slice(0, 12)}: ${preview}`,
      details: { comment_id: comment.id, commit_id: commitId, body },
    });
    return comment;
  }

  /** Remove a comment; `mayDelete` decides from its author (one's own, or an admin). */
  async delete(
    ns: string,
    name: string,
    commitId: string,
    id: string,
    actor: string,
    mayDelete: (author: string) => boolean,
  ): Promise<void> {
    await this.mutex.run(async () => {
      const all = await this.load(ns, name);
      const found = all.find((c) => c.id === id && c.commit_id === commitId);
      if (!found) throw new AuxinError('NOT_FOUND', `no comment '${id}' on ${commitId}`);
      if (!mayDelete(found.author)) {
        throw new AuxinError('FORBIDDEN', 'only its author or an admin may delete a comment');
      }
      await writeFileAtomic(this.file(ns, name), JSON.stringify(all.filter((c) => c !== found)));
    });
    await this.activity.record(ns, name, {
      type: 'comment.deleted',
      actor,
      text: `${actor} deleted a comment on ${commitId.slice(0, 12)}`,
      details: { comment_id: id, commit_id: commitId },
    });
  }
}
