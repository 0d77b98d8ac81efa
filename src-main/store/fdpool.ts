import { close, open, read } from 'node:fs';
import { promisify } from 'node:util';
import { AuxinError } from '../../src-shared/errors.js';

const openAsync = promisify(open);
const readAsync = promisify(read);

interface Slot {
  fd: Promise<number>;
  users: number;
  dead: boolean;
}

function closeSlot(s: Slot): void {
  s.fd.then(
    (fd) => close(fd, () => {}),
    () => {},
  );
}

/** Closes the descriptors of a pool whose owner was garbage-collected without close(). */
const orphans = new FinalizationRegistry<FdPool>((pool) => pool.closeAll());

/**
 * Open read-only descriptors of pack files, reused across reads (a clone reads thousands of
 * chunks from a few packs: an open and a close per chunk would double its system calls). At most
 * `max` idle descriptors stay open, least recently used closed first; a descriptor in use is never
 * closed under its reader.
 */
export class FdPool {
  private slots = new Map<string, Slot>();

  constructor(private readonly max = 32) {}

  /** Tie the pool's descriptors to `owner`'s lifetime. */
  closeWith(owner: object): void {
    orphans.register(owner, this);
  }

  /** `length` bytes at `position`, into `into` when given (at least `length` long), else a new buffer. */
  async read(path: string, position: number, length: number, into?: Buffer): Promise<Buffer> {
    const slot = this.acquire(path);
    try {
      const fd = await slot.fd;
      const buf = into ? into.subarray(0, length) : Buffer.allocUnsafe(length);
      let got = 0;
      while (got < length) {
        const { bytesRead: n } = await readAsync(fd, buf, got, length - got, position + got);
        if (n === 0) {
          throw new AuxinError('CORRUPT_OBJECT', `${path} ends before byte ${position + length}`);
        }
        got += n;
      }
      return buf;
    } finally {
      this.release(slot);
    }
  }

  private acquire(path: string): Slot {
    let s = this.slots.get(path);
    if (s) {
      this.slots.delete(path); // re-insert: the Map's order is least recently used first
    } else {
      const slot: Slot = { fd: openAsync(path, 'r'), users: 0, dead: false };
      slot.fd.catch(() => {
        if (this.slots.get(path) === slot) this.slots.delete(path);
      });
      s = slot;
    }
    this.slots.set(path, s);
    s.users++;
    this.evict();
    return s;
  }

  private release(s: Slot): void {
    s.users--;
    if (s.dead && s.users === 0) closeSlot(s);
  }

  private evict(): void {
    if (this.slots.size <= this.max) return;
    for (const [path, s] of this.slots) {
      if (this.slots.size <= this.max) break;
      if (s.users > 0) continue;
      this.slots.delete(path);
      closeSlot(s);
    }
  }

  /** Stop using `path` (the file is being removed). */
  forget(path: string): void {
    const s = this.slots.get(path);
    if (!s) return;
    this.slots.delete(path);
    if (s.users === 0) closeSlot(s);
    else s.dead = true;
  }

  closeAll(): void {
    for (const path of [...this.slots.keys()]) this.forget(path);
  }
}
