/**
 * Which projects Logic Pro has open, asked of Logic itself: `osascript` runs a short AppleScript
 * that, only if Logic is already running (it must not launch it), lists its documents' files.
 *
 * Why not `lsof` on the bundle: Logic reads a project's ProjectData when it opens it and does
 * not keep it open; audio files are opened while they play. An idle open project can hold no
 * file at all, so lsof would report "closed" while the producer is still working. Logic's
 * document list is what the producer sees in its Window menu. Asking costs the Automation
 * permission (macOS asks once: "Auxin wants to control Logic Pro"; the app's Info.plist says
 * why, NSAppleEventsUsageDescription); a refusal makes detection unavailable, and the app falls
 * back to renewing while it runs.
 *
 * AUXIN_LOGIC_PROBE names another program that prints the same lines (tests use a fake one).
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import type { OpenDocuments, Reading } from './logic-presence.js';

const LOGIC_ID = 'com.apple.logic10';

/** Prints `not-running`, or one `path:<POSIX path>` (else `name:<name>`) line per document. */
export const LIST_DOCUMENTS_SCRIPT = `
if application id "${LOGIC_ID}" is running then
  tell application id "${LOGIC_ID}"
    set out to ""
    repeat with d in documents
      try
        set out to out & "path:" & POSIX path of (file of d as alias) & linefeed
      on error
        set out to out & "name:" & (name of d) & linefeed
      end try
    end repeat
    return out
  end tell
else
  return "not-running"
end if`;

/** APFS is case-insensitive by default, and a bundle path may come with a trailing slash. */
const norm = (p: string) => path.resolve(p).replace(/\/+$/, '').normalize('NFC').toLowerCase();
const stem = (p: string) =>
  path
    .basename(p)
    .replace(/\.logicx$/i, '')
    .normalize('NFC')
    .toLowerCase();

/** The bundles among `bundles` that the probe's output names. */
export function openBundlesIn(output: string, bundles: readonly string[]): Set<string> {
  const open = new Set<string>();
  if (output.trim() === 'not-running') return open;
  for (const line of output.split(/\r?\n/)) {
    if (line.startsWith('path:')) {
      const p = line.slice(5).trim();
      if (!p.startsWith('/')) continue;
      for (const b of bundles) if (norm(b) === norm(p)) open.add(b);
    } else if (line.startsWith('name:')) {
      // No file (a document Logic could not tell the file of): match by name, only if unambiguous.
      const n = stem(line.slice(5).trim());
      const same = bundles.filter((b) => stem(b) === n);
      if (n && same.length === 1) open.add(same[0]!);
    }
  }
  return open;
}

/** Why a failed osascript run means "cannot know" (permission, missing tool), or null. */
export function unavailableReason(
  e: { code?: unknown; message?: string },
  stderr: string,
): string | null {
  if (e.code === 'ENOENT') return `${e.message ?? 'the probe'} was not found`;
  if (/-1743|not authori[sz]ed/i.test(stderr)) {
    return 'macOS did not allow Auxin to ask Logic Pro which projects are open (System Settings → Privacy & Security → Automation)';
  }
  return null;
}

export function logicDocuments(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): OpenDocuments {
  const probe = env.AUXIN_LOGIC_PROBE;
  if (!probe && platform !== 'darwin') {
    return { read: async () => ({ unavailable: 'Logic Pro runs only on macOS' }) };
  }
  const [cmd, args] = probe ? [probe, []] : ['osascript', ['-e', LIST_DOCUMENTS_SCRIPT]];
  return {
    read: (bundles) =>
      new Promise<Reading>((resolve, reject) => {
        execFile(cmd, args, { timeout: 10_000, maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
          if (!err) return resolve({ open: openBundlesIn(stdout, bundles) });
          const why = unavailableReason(err, String(stderr));
          if (why) resolve({ unavailable: why });
          else reject(new Error(String(stderr).trim() || err.message));
        });
      }),
  };
}
