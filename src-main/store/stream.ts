import { Readable } from 'node:stream';
import type { TreeEntry } from '../../src-shared/api/commits.js';
import { AuxinError } from '../../src-shared/errors.js';
import type { ObjectFiles } from './objects.js';

/**
 * A stored file as a stream: its chunks in order, one at a time (memory stays at one chunk),
 * restricted to an inclusive byte range when one is given (HTTP Range semantics).
 */
export function fileStream(
  objects: ObjectFiles,
  entry: TreeEntry,
  range?: { start: number; end: number },
): Readable {
  if (entry.kind !== 'file') {
    throw new AuxinError('INVALID_ARGUMENT', `${entry.path} is not a file`);
  }
  const start = range?.start ?? 0;
  const end = range?.end ?? entry.size - 1;
  if (range && (start < 0 || end < start || end >= entry.size || !Number.isInteger(start + end))) {
    throw new AuxinError(
      'RANGE_NOT_SATISFIABLE',
      `bad range ${start}-${end} for ${entry.size} bytes`,
      {
        size: entry.size,
      },
    );
  }
  async function* pieces(): AsyncGenerator<Buffer> {
    let offset = 0;
    for (const ch of entry.chunks ?? []) {
      const chunkStart = offset;
      const chunkEnd = offset + ch.size - 1;
      offset += ch.size;
      if (chunkEnd < start) continue;
      if (chunkStart > end) break;
      let raw: Buffer;
      try {
        raw = await objects.readChunk(ch.id);
      } catch (e) {
        if ((e as AuxinError).code === 'NOT_FOUND') {
          throw new AuxinError('MISSING_OBJECTS', `chunk ${ch.id} of ${entry.path} is missing`, {
            missing: [ch.id],
          });
        }
        throw e;
      }
      if (raw.length !== ch.size) {
        throw new AuxinError('CORRUPT_OBJECT', `chunk ${ch.id} of ${entry.path} is damaged`, {
          id: ch.id,
        });
      }
      yield raw.subarray(
        Math.max(start, chunkStart) - chunkStart,
        Math.min(end, chunkEnd) - chunkStart + 1,
      );
    }
  }
  return Readable.from(pieces(), { objectMode: false });
}
