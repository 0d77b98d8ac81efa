/**
 * Name validation for everything that becomes a path segment on the hub (namespaces, repository
 * names) or an account name. Pure functions: the hub, the CLI and the UI all use them, and the
 * hostile-input tests exercise them directly.
 */

export const MAX_NAME_LENGTH = 100;
export const MAX_NAME_BYTES = 255;

// Characters no filesystem we serve from (APFS, ext4, NTFS) handles the same way, separators,
// and `%`, so a name can never be decoded a second time into something else (`%2e%2e`).
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARS = /[\u0000-\u001f\u007f/\\<>:"|?*%]/;
// Characters that change how a name looks without showing themselves: C1 controls, the
// zero-width space, direction marks, overrides and isolates, the byte-order mark, noncharacters.
// With them "Mix\u202Ewav.logicx" would read as another project in a list or a feed. The joiners
// (U+200C, U+200D) stay: Persian words and emoji sequences need them.
const INVISIBLE_CHARS =
  /[\u0080-\u009f\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff0-\uffff]/;
// Windows device names: a folder named `CON` or `nul.txt` cannot be created there.
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/** Why `value` is not a valid namespace or repository name, or null when it is valid. */
export function nameProblem(value: unknown): string | null {
  if (typeof value !== 'string') return 'must be a string';
  if (value.length === 0) return 'must not be empty';
  if (value.length > MAX_NAME_LENGTH) return `must be at most ${MAX_NAME_LENGTH} characters`;
  if (new TextEncoder().encode(value).length > MAX_NAME_BYTES) return 'is too long';
  if (FORBIDDEN_CHARS.test(value)) {
    return 'must not contain control characters or any of / \\ < > : " | ? * %';
  }
  if (INVISIBLE_CHARS.test(value)) {
    return 'must not contain invisible or text-direction characters';
  }
  if (value.startsWith('.')) return 'must not start with a dot';
  if (value !== value.trim()) return 'must not start or end with a space';
  if (value.endsWith('.')) return 'must not end with a dot';
  if (WINDOWS_RESERVED.test(value)) return 'is a reserved device name';
  return null;
}

// C0 controls and DEL: an escape sequence in a label would reach other users' terminals.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

/**
 * Whether free text shown to other users (a lock's machine, label or reason) holds a control or
 * an invisible character: `auxin lock status` and the 409 of an acquire print them raw.
 */
export function hasHiddenChars(value: string): boolean {
  return CONTROL_CHARS.test(value) || INVISIBLE_CHARS.test(value);
}

// The same, but line breaks and tabs pass: a comment may have paragraphs.
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/**
 * Whether multi-line text shown to other users (a comment) holds a control or an invisible
 * character other than a line break or a tab: the same rule as a lock's reason, paragraphs kept.
 */
export function hasHiddenCharsInText(value: string): boolean {
  return CONTROL_BUT_LINES.test(value) || INVISIBLE_CHARS.test(value);
}

const HIDDEN_ALL = new RegExp(`${CONTROL_CHARS.source}|${INVISIBLE_CHARS.source}`, 'g');

/**
 * Text for a terminal line: control and invisible characters shown as `\u{1b}`, so a name or a
 * plist string from someone else's project can neither move the cursor nor hide what it is.
 */
export function showHidden(text: string): string {
  return text.replace(HIDDEN_ALL, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

export function isValidName(value: unknown): value is string {
  return nameProblem(value) === null;
}

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Account names are stricter than repository names: they appear in logs, feeds and headers. */
export function isValidUsername(value: unknown): value is string {
  return typeof value === 'string' && USERNAME.test(value) && !value.endsWith('.');
}
