/**
 * Structural check of a binary plist before bplist-parser sees it. bplist-parser trusts the
 * file: a reference cycle recurses until the stack overflows, shared references expand
 * exponentially (a hang), and odd length markers make it print to the console. This walk reads
 * only the trailer, the offset table and each object's header, with fixed limits, so a hostile
 * file is refused in time linear in its size.
 */

export const BPLIST_MAX_OBJECTS = 32_768;
const MAX_EXPANDED = 1_000_000;
const MAX_DEPTH = 256;

function readUIntBE(buf: Buffer, at: number, size: number): number {
  let v = 0;
  for (let i = 0; i < size; i++) v = v * 256 + buf[at + i]!;
  return v;
}

/** Length of a variable-size object and where its content starts, or an error. */
function lengthOf(buf: Buffer, off: number, info: number, end: number): [number, number] {
  if (info !== 15) return [info, off + 1];
  const marker = buf[off + 1];
  if (marker === undefined || marker >> 4 !== 1 || (marker & 15) > 3) {
    throw new Error(`bad length marker at ${off}`);
  }
  const size = 2 ** (marker & 15);
  if (off + 2 + size > end) throw new Error(`length runs past the objects at ${off}`);
  return [readUIntBE(buf, off + 2, size), off + 2 + size];
}

/** Throws an Error naming the first problem; returns when bplist-parser can parse safely. */
export function checkBinaryPlist(buf: Buffer): void {
  if (buf.length < 40 || buf.toString('latin1', 0, 8) !== 'bplist00') {
    throw new Error('not a binary plist');
  }
  const t = buf.length - 32;
  const offsetSize = buf[t + 6]!;
  const refSize = buf[t + 7]!;
  const count = readUIntBE(buf, t + 8, 8);
  const top = readUIntBE(buf, t + 16, 8);
  const tableAt = readUIntBE(buf, t + 24, 8);
  if (offsetSize < 1 || offsetSize > 8 || refSize < 1 || refSize > 8) {
    throw new Error('bad trailer sizes');
  }
  if (count < 1 || count > BPLIST_MAX_OBJECTS) throw new Error(`bad object count ${count}`);
  if (top >= count) throw new Error('top object out of range');
  if (tableAt < 9 || tableAt + count * offsetSize > t) throw new Error('offset table out of range');

  const children: number[][] = new Array(count);
  for (let i = 0; i < count; i++) {
    const off = readUIntBE(buf, tableAt + i * offsetSize, offsetSize);
    if (off < 8 || off >= tableAt) throw new Error(`object ${i} out of range`);
    const marker = buf[off]!;
    const type = marker >> 4;
    const info = marker & 15;
    let contentEnd = off + 1;
    const refs: number[] = [];
    switch (type) {
      case 0x0:
        if (![0, 8, 9, 15].includes(info)) throw new Error(`bad simple value at ${off}`);
        break;
      case 0x1:
        if (info > 3) throw new Error(`integer too wide at ${off}`);
        contentEnd += 2 ** info;
        break;
      case 0x2:
        if (info !== 2 && info !== 3) throw new Error(`bad real at ${off}`);
        contentEnd += 2 ** info;
        break;
      case 0x3:
        if (info !== 3) throw new Error(`bad date at ${off}`);
        contentEnd += 8;
        break;
      case 0x8:
        contentEnd += info + 1;
        break;
      case 0x4:
      case 0x5:
      case 0x6: {
        const [len, start] = lengthOf(buf, off, info, tableAt);
        contentEnd = start + len * (type === 0x6 ? 2 : 1);
        break;
      }
      case 0xa:
      case 0xd: {
        const [len, start] = lengthOf(buf, off, info, tableAt);
        const n = type === 0xd ? len * 2 : len;
        contentEnd = start + n * refSize;
        if (contentEnd > tableAt) throw new Error(`container runs past the objects at ${off}`);
        for (let k = 0; k < n; k++) {
          const ref = readUIntBE(buf, start + k * refSize, refSize);
          if (ref >= count) throw new Error(`reference out of range at ${off}`);
          refs.push(ref);
        }
        break;
      }
      default:
        throw new Error(`unsupported object type 0x${type.toString(16)} at ${off}`);
    }
    if (contentEnd > tableAt) throw new Error(`object ${i} runs past the objects`);
    children[i] = refs;
  }
  checkGraph(children, top);
}

/** Rejects cycles, deep nesting and graphs whose tree expansion would be huge. */
function checkGraph(children: number[][], top: number): void {
  const state = new Uint8Array(children.length); // 0 new, 1 on the stack, 2 done
  const size = new Float64Array(children.length);
  const stack: Array<[node: number, next: number]> = [[top, 0]];
  state[top] = 1;
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const kids = children[frame[0]]!;
    if (frame[1] < kids.length) {
      const child = kids[frame[1]++]!;
      if (state[child] === 1) throw new Error('reference cycle');
      if (state[child] === 0) {
        if (stack.length >= MAX_DEPTH) throw new Error('nesting too deep');
        state[child] = 1;
        stack.push([child, 0]);
      }
      continue;
    }
    let total = 1;
    for (const k of kids) total += size[k]!;
    if (total > MAX_EXPANDED) throw new Error('too many values once expanded');
    size[frame[0]] = total;
    state[frame[0]] = 2;
    stack.pop();
  }
}
