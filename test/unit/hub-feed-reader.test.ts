/** Reading a feed from its end: block edges, multi-byte characters, damage, a missing file. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { linesBackward, MAX_FEED_LINE_BYTES } from '../../src-main/hub/feed-reader.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir('auxin-feed-');
afterAll(() => tmp.cleanup());

async function all(file: string, block?: number): Promise<string[]> {
  const out: string[] = [];
  for await (const line of linesBackward(file, block)) out.push(line);
  return out;
}

describe('linesBackward', () => {
  it('gives every line last first, whatever the block size, splitting no character', async () => {
    const lines = Array.from({ length: 200 }, (_, i) => `{"n":${i},"t":"€ ${'é'.repeat(i % 17)}"}`);
    const file = path.join(tmp.dir, 'a.jsonl');
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    for (const block of [1, 2, 3, 7, 64, 1000, 1 << 20]) {
      expect(await all(file, block)).toEqual([...lines].reverse());
    }
  });

  it('keeps a last line with no newline and skips empty ones', async () => {
    const file = path.join(tmp.dir, 'b.jsonl');
    fs.writeFileSync(file, 'one\n\n\ntwo\nthree');
    expect(await all(file, 4)).toEqual(['three', 'two', 'one']);
  });

  it('skips a region with no newline longer than any event, without gathering it', async () => {
    const file = path.join(tmp.dir, 'c.jsonl');
    const junk = Buffer.alloc(MAX_FEED_LINE_BYTES + 10, 0x41);
    fs.writeFileSync(file, Buffer.concat([Buffer.from('first\n'), junk, Buffer.from('\nlast\n')]));
    expect(await all(file, 1 << 20)).toEqual(['last', 'first']);
  });

  it('gives nothing for a missing file', async () => {
    expect(await all(path.join(tmp.dir, 'none.jsonl'))).toEqual([]);
  });
});
