import { parseBuffer } from 'bplist-parser';
import { parse as parseXmlPlist } from 'plist';
import { checkBinaryPlist } from './bplist-guard.js';

/** Logic's plists are a few KB; Wit refuses anything over 8 MiB and so do we. */
export const MAX_PLIST_BYTES = 8 * 1024 * 1024;

/**
 * XML costs far more to parse than binary (xmldom builds a DOM: ~1 s per MiB here), and Logic
 * never writes XML; 1 MiB still holds tens of thousands of audio paths.
 */
export const MAX_XML_PLIST_BYTES = 1024 * 1024;
const MAX_XML_DEPTH = 256;

export type PlistDict = Record<string, unknown>;

/**
 * Parses a binary (bplist00) or XML property list, chosen by magic bytes. Throws an Error with
 * a short reason on anything else, truncated or malformed; the caller turns it into a warning.
 */
export function parsePlist(buf: Buffer): unknown {
  if (buf.length > MAX_PLIST_BYTES) throw new Error(`larger than ${MAX_PLIST_BYTES} bytes`);
  if (buf.toString('latin1', 0, 8) === 'bplist00') {
    checkBinaryPlist(buf);
    return parseBuffer(buf)[0];
  }
  const text = buf.toString('utf8').replace(/^\uFEFF/, '');
  const head = text.trimStart().slice(0, 64);
  if (head.startsWith('<?xml') || head.startsWith('<!DOCTYPE') || head.startsWith('<plist')) {
    if (buf.length > MAX_XML_PLIST_BYTES) {
      throw new Error(`XML plist larger than ${MAX_XML_PLIST_BYTES} bytes`);
    }
    checkXmlDepth(text);
    return quietly(() => parseXmlPlist(text));
  }
  throw new Error(buf.length === 0 ? 'empty file' : 'neither a binary nor an XML plist');
}

/** The plist parser recurses per nesting level; refuse deep nesting before it overflows. */
function checkXmlDepth(text: string): void {
  let depth = 0;
  for (const m of text.matchAll(/<(\/?)(?:array|dict)\b[^>]*?(\/?)>/g)) {
    if (m[2]) continue; // <array/>
    depth += m[1] ? -1 : 1;
    if (depth > MAX_XML_DEPTH) throw new Error(`XML plist nested deeper than ${MAX_XML_DEPTH}`);
  }
}

/**
 * xmldom reports malformed XML on console.error before it throws; the throw is what we use, and
 * the console line would corrupt `auxin meta --json` users' stderr parsing. The call is
 * synchronous, so swapping the console for its duration touches nothing else.
 */
function quietly<T>(fn: () => T): T {
  const { error, warn } = console;
  console.error = console.warn = () => {};
  try {
    return fn();
  } finally {
    console.error = error;
    console.warn = warn;
  }
}

/** parsePlist, and the root must be a dictionary. */
export function parsePlistDict(buf: Buffer): PlistDict {
  const root = parsePlist(buf);
  if (root === null || typeof root !== 'object' || Array.isArray(root) || Buffer.isBuffer(root)) {
    throw new Error('the root is not a dictionary');
  }
  return root as PlistDict;
}

export function num(d: PlistDict, key: string): number | undefined {
  const v = d[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function str(d: PlistDict, key: string): string | undefined {
  const v = d[key];
  return typeof v === 'string' ? v : undefined;
}

export function strArray(d: PlistDict, key: string): string[] | undefined {
  const v = d[key];
  if (!Array.isArray(v)) return undefined;
  return v.filter((x): x is string => typeof x === 'string');
}

export function dict(d: PlistDict, key: string): PlistDict | undefined {
  const v = d[key];
  if (v === null || typeof v !== 'object' || Array.isArray(v) || Buffer.isBuffer(v)) {
    return undefined;
  }
  return v as PlistDict;
}
