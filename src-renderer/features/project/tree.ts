/**
 * A version's flat tree listing as folders and files (pure): sizes summed per folder, and each
 * audio file marked used or unused as Logic's own lists say (`audio_files` of the metadata).
 */
import type { TreeEntry } from '../../../src-shared/api/commits.js';
import type { AudioFiles } from '../../../src-shared/api/metadata.js';

export type Usage = 'used' | 'unused' | null;

export interface FileNode {
  name: string;
  path: string;
  kind: 'dir' | 'file' | 'symlink';
  size: number;
  usage: Usage;
  children: FileNode[];
}

const AUDIO = /\.(wav|wave|aif|aiff|aifc|caf|mp3|m4a)$/i;
/** Formats the page offers to play. */
export const isPlayable = (path: string) => AUDIO.test(path);

/** Logic's entries are bundle-relative ("Media/Audio Files/a.wav", "../Audio Files/a.wav"). */
function usageLookup(audio: AudioFiles | undefined): (path: string) => Usage {
  if (!audio) return () => null;
  const strip = (p: string) => p.replace(/^(\.\.\/)+/, '');
  const used = audio.used.filter((p) => !p.startsWith('/')).map(strip);
  const unused = audio.unused.filter((p) => !p.startsWith('/')).map(strip);
  const hit = (list: string[], path: string) =>
    list.some((e) => path === e || path.endsWith(`/${e}`));
  return (path) => (hit(used, path) ? 'used' : hit(unused, path) ? 'unused' : null);
}

export function buildTree(entries: TreeEntry[], audio?: AudioFiles): FileNode {
  const root: FileNode = { name: '', path: '', kind: 'dir', size: 0, usage: null, children: [] };
  const dirs = new Map<string, FileNode>([['', root]]);
  const usage = usageLookup(audio);
  const dirOf = (path: string): FileNode => {
    const found = dirs.get(path);
    if (found) return found;
    const cut = path.lastIndexOf('/');
    const parent = dirOf(cut < 0 ? '' : path.slice(0, cut));
    const node: FileNode = {
      name: path.slice(cut + 1),
      path,
      kind: 'dir',
      size: 0,
      usage: null,
      children: [],
    };
    parent.children.push(node);
    dirs.set(path, node);
    return node;
  };
  for (const e of entries) {
    if (e.kind === 'dir') {
      dirOf(e.path);
      continue;
    }
    const cut = e.path.lastIndexOf('/');
    const parent = dirOf(cut < 0 ? '' : e.path.slice(0, cut));
    parent.children.push({
      name: e.path.slice(cut + 1),
      path: e.path,
      kind: e.kind,
      size: e.size,
      usage: isPlayable(e.path) ? usage(e.path) : null,
      children: [],
    });
  }
  const finish = (n: FileNode): number => {
    if (n.kind !== 'dir') return n.size;
    n.children.sort((a, b) =>
      a.kind === 'dir' && b.kind !== 'dir'
        ? -1
        : a.kind !== 'dir' && b.kind === 'dir'
          ? 1
          : a.name.localeCompare(b.name),
    );
    n.size = n.children.reduce((sum, c) => sum + finish(c), 0);
    return n.size;
  };
  finish(root);
  return root;
}
