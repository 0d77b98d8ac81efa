/**
 * Server-Sent Events: who receives what (a pure function), and the open streams, so a closing
 * hub can end them instead of waiting for browsers that never hang up.
 */
import { PassThrough } from 'node:stream';
import { canRead, isAdmin } from './policy.js';
import type { AuthUser, HubEvent, RepoInfo } from './types.js';

/** Whether `user` may see `event`, optionally limited to one repository. */
export function mayReceive(
  user: AuthUser,
  event: HubEvent,
  lookup: (ns: string, name: string) => RepoInfo | null,
  only?: { namespace: string; name: string },
): boolean {
  if (event.to !== undefined && event.to !== user.username) return false;
  if (event.roles !== undefined && !event.roles.includes(user.role)) return false;
  if (event.unless) {
    const hidden = lookup(event.unless.namespace, event.unless.name);
    if (hidden && canRead(user, hidden)) return false;
  }
  if (only && (event.namespace !== only.namespace || event.name !== only.name)) return false;
  if (event.namespace === undefined || event.name === undefined) return true;
  const repo = lookup(event.namespace, event.name);
  // A deleted repository's last events go to admins only: its visibility is no longer known.
  return repo ? canRead(user, repo) : isAdmin(user);
}

export function formatEvent(event: HubEvent): string {
  const type = event.type.replace(/[\r\n]/g, ' ');
  const payload = {
    type: event.type,
    namespace: event.namespace,
    name: event.name,
    data: event.data,
  };
  const id =
    typeof event.data.id === 'string' ? `id: ${event.data.id.replace(/[\r\n]/g, '')}\n` : '';
  return `${id}event: ${type}\ndata: ${JSON.stringify(payload)}\n\n`;
}

// A client that stops reading is dropped rather than buffered without bound.
const MAX_BUFFERED = 1024 * 1024;

/** Who opened a stream, so revoking a token ends the streams it opened. */
export interface StreamOwner {
  username: string;
  tokenId: string;
}

export const MAX_STREAMS_PER_USER = 16;

export class LiveStreams {
  private readonly open = new Map<PassThrough, StreamOwner>();

  constructor(
    private readonly heartbeatMs: number,
    // A browser tab holds one; the cap stops one account from holding sockets without bound.
    readonly maxPerUser = MAX_STREAMS_PER_USER,
  ) {}

  get size(): number {
    return this.open.size;
  }

  countFor(username: string): number {
    let n = 0;
    for (const owner of this.open.values()) if (owner.username === username) n++;
    return n;
  }

  /**
   * A new stream; `onEnd` runs when it ends, whichever side ends it. `cut` drops the client's
   * connection: the stream's owner knows it, this class does not.
   */
  start(
    owner: StreamOwner,
    onEnd: () => void,
    cut?: () => void,
  ): { stream: PassThrough; send: (chunk: string) => void } {
    const stream = new PassThrough();
    this.open.set(stream, owner);
    const send = (chunk: string) => {
      if (stream.writableEnded || stream.destroyed) return;
      if (stream.writableLength > MAX_BUFFERED) {
        // Ending politely would wait for this client to read what is queued, which it does not:
        // its socket, the kernel's megabytes and one of its user's streams stayed taken for good.
        if (cut) cut();
        else stream.destroy();
        return;
      }
      stream.write(chunk);
    };
    const beat = setInterval(() => send(': ping\n\n'), this.heartbeatMs);
    beat.unref();
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      clearInterval(beat);
      this.open.delete(stream);
      onEnd();
      if (!stream.writableEnded) stream.end();
    };
    stream.once('close', end);
    stream.once('finish', end);
    stream.once('error', end);
    send('retry: 3000\n: connected\n\n');
    return { stream, send };
  }

  closeAll(): void {
    for (const s of [...this.open.keys()]) s.end();
  }

  /** End the streams a revoked token opened: it must stop receiving at once, like any request. */
  closeToken(tokenId: string): void {
    for (const [s, owner] of [...this.open]) if (owner.tokenId === tokenId) s.end();
  }
}
