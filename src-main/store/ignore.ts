/**
 * Which paths a commit leaves out: the defaults Logic needs (its autosaves, undo data, Finder
 * files, the temporary folder of a save in progress, our own store) plus the patterns of the
 * project's `.auxinignore`, in a gitignore-like syntax:
 * `#` comments, `!` re-includes, a trailing `/` matches folders only, a pattern with a `/`
 * elsewhere is anchored at the project's top, `*` `?` `[abc]` stay within one name, `**` spans
 * folders. Later patterns win.
 */
export const DEFAULT_IGNORES = [
  '.auxin/',
  '.auxin-tmp-*',
  '.*.logicx.auxin/',
  '.*.band.auxin/',
  'Autosave/',
  'Undo Data.nosync/',
  '*.nosync',
  '.DS_Store',
  // AppleDouble: a Mac writes `._Name` beside each file on an exFAT or FAT drive or an SMB share
  // to hold its resource fork and extended attributes. Versioned, they would come back as plain
  // junk files on every other machine (and Logic would see `._ProjectData` in Alternatives).
  '._*',
  '(A Document Being Saved By *)/',
];

/**
 * Files the system writes by itself into any folder it shows or copies (Finder's `.DS_Store`,
 * AppleDouble `._*`): ignored, and never anyone's work, so a folder a version removes goes with
 * them (kept, it would show as added and block the next checkout). Files the user's own
 * `.auxinignore` leaves out are theirs and keep their folder.
 */
export function isSystemLitter(name: string): boolean {
  return name === '.DS_Store' || name.startsWith('._');
}

interface Rule {
  re: RegExp;
  negate: boolean;
  dirOnly: boolean;
}

function globToRegex(glob: string, anchored: boolean): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slashAfter = glob[i + 2] === '/';
        re += slashAfter ? '(?:.*/)?' : '.*';
        i += slashAfter ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) re += '\\[';
      else {
        let body = glob.slice(i + 1, close).replace(/\\/g, '\\\\');
        if (body.startsWith('!')) body = '^' + body.slice(1);
        re += `[${body}]`;
        i = close;
      }
    } else if (c === '\\' && i + 1 < glob.length) {
      re += glob[++i]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(anchored ? `^${re}$` : `(?:^|/)${re}$`, 'u');
}

export function parseRules(lines: string[]): Rule[] {
  const rules: Rule[] = [];
  for (let raw of lines) {
    raw = raw.replace(/\r$/, '');
    if (raw.trim() === '' || raw.startsWith('#')) continue;
    let line = raw.replace(/(?<!\\)\s+$/, '');
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1);
    const dirOnly = line.endsWith('/');
    if (dirOnly) line = line.slice(0, -1);
    const anchored = line.includes('/');
    if (line.startsWith('/')) line = line.slice(1);
    if (line === '') continue;
    rules.push({ re: globToRegex(line, anchored), negate, dirOnly });
  }
  return rules;
}

export class IgnoreRules {
  private readonly rules: Rule[];

  constructor(projectPatterns: string = '') {
    this.rules = parseRules([...DEFAULT_IGNORES, ...projectPatterns.split('\n')]);
  }

  /** Whether the project path (POSIX, relative) is left out. Parents are checked by the walker. */
  ignores(path: string, isDir: boolean): boolean {
    if (path === '.auxin' || path.startsWith('.auxin/')) return true;
    let ignored = false;
    for (const r of this.rules) {
      if (r.dirOnly && !isDir) continue;
      if (r.re.test(path)) ignored = !r.negate;
    }
    return ignored;
  }
}
