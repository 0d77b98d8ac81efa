/** One mutex for in-process read-modify-write of a file (cross-process locks: locks/file-mutex.ts). */
/** Runs tasks one at a time, in order: every read-modify-write of one file goes through one. */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
