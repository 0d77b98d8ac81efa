import { describe, expect, it } from 'vitest';
import { contentTypeFor, parseRange } from '../../src-main/hub/range.js';

describe('Range parsing', () => {
  it('honours single byte ranges', () => {
    expect(parseRange('bytes=0-9', 100)).toEqual({ kind: 'partial', start: 0, end: 9 });
    expect(parseRange('bytes=90-', 100)).toEqual({ kind: 'partial', start: 90, end: 99 });
    expect(parseRange('bytes=-10', 100)).toEqual({ kind: 'partial', start: 90, end: 99 });
    expect(parseRange('bytes=-1000', 100)).toEqual({ kind: 'partial', start: 0, end: 99 });
    expect(parseRange('bytes=50-5000', 100)).toEqual({ kind: 'partial', start: 50, end: 99 });
    // A last byte past the end, however many digits it has, means "to the end".
    for (const last of ['9007199254740993', '9'.repeat(30)]) {
      expect(parseRange(`bytes=0-${last}`, 100)).toEqual({ kind: 'partial', start: 0, end: 99 });
    }
    expect(parseRange(`bytes=-${'9'.repeat(30)}`, 100)).toEqual({
      kind: 'partial',
      start: 0,
      end: 99,
    });
  });
  it('reports unsatisfiable ranges', () => {
    for (const h of [
      'bytes=100-',
      'bytes=100-200',
      'bytes=-0',
      `bytes=${'9'.repeat(30)}-`,
      `bytes=${'9'.repeat(30)}-${'9'.repeat(31)}`,
    ]) {
      expect(parseRange(h, 100), h).toEqual({ kind: 'unsatisfiable' });
    }
    expect(parseRange('bytes=0-0', 0)).toEqual({ kind: 'unsatisfiable' });
  });
  it('ignores what it does not understand and sends the whole file', () => {
    for (const h of [
      undefined,
      '',
      'bytes=',
      'bytes=-',
      'items=0-1',
      'bytes=0-1,3-4',
      'bytes=a-b',
      'bytes=1.5-2',
      'bytes=-1-2',
      // A last byte before the first is not a valid range: RFC 9110 says ignore the header.
      'bytes=9-3',
      'bytes=5-1',
    ]) {
      expect(parseRange(h, 100), String(h)).toEqual({ kind: 'full' });
    }
  });
});

describe('content types', () => {
  it('plays audio inline and downloads everything else', () => {
    expect(contentTypeFor('Media/Audio Files/take 1.wav')).toEqual({
      type: 'audio/wav',
      inline: true,
    });
    expect(contentTypeFor('x.AIF')).toEqual({ type: 'audio/aiff', inline: true });
    for (const p of ['notes.html', 'x.svg', 'ProjectData', 'a.js', 'wav']) {
      expect(contentTypeFor(p)).toEqual({ type: 'application/octet-stream', inline: false });
    }
  });
});
