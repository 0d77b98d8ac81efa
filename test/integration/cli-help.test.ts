/**
 * Every `auxin <command> --help` explains every flag its parser accepts (issue #19, section 5).
 * The flags are read from the command's own source (its parseArgs options and the `--flag`
 * words it compares arguments with), so a flag added without a line of help fails here.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from '../../src-main/cli/commands/index.js';
import { ok } from '../helpers/cli.js';
import { repoRoot } from '../helpers/logic-fixtures.js';

const dir = path.join(repoRoot, 'src-main/cli/commands');

/** The flags a command's source accepts, as typed on the command line. */
function acceptedFlags(name: string): string[] {
  let source = fs.readFileSync(path.join(dir, `${name}.ts`), 'utf8');
  if (source.includes("from './sync-args.js'")) {
    const shared = fs.readFileSync(path.join(dir, 'sync-args.ts'), 'utf8');
    // The shared parser takes --force only from the commands that allow it.
    const force = /parseSyncArgs\([^)]*\btrue\)/.test(source);
    source += force ? shared : shared.replace(/'--force'/g, '');
  }
  const flags = new Set<string>();
  for (const m of source.matchAll(/'(--?[a-z][a-z-]*)'/g)) {
    if (m[1] !== '--help' && m[1] !== '-h' && m[1] !== '--') flags.add(m[1]!);
  }
  for (const m of source.matchAll(/'?([a-z][a-z-]*)'?: \{ type: '(?:string|boolean)'([^}]*)\}/g)) {
    flags.add(m[1]!.length === 1 ? `-${m[1]}` : `--${m[1]}`);
    const short = /short: '(\w)'/.exec(m[2]!);
    if (short) flags.add(`-${short[1]}`);
  }
  return [...flags];
}

describe('auxin <command> --help', () => {
  it('finds flags in the sources (the check below is not empty)', () => {
    expect(acceptedFlags('hub')).toEqual(
      expect.arrayContaining(['--tls', '--tls-cert', '--watch']),
    );
    expect(acceptedFlags('push')).toEqual(expect.arrayContaining(['--as-branch', '--json']));
    expect(acceptedFlags('commit')).toEqual(expect.arrayContaining(['--message', '-m']));
  });

  for (const c of commands) {
    it(`${c.name}: every flag it accepts has a line of help`, async () => {
      const help = (await ok([c.name, '--help'])).stdout;
      const options = help.split('\noptions:\n')[1] ?? '';
      const lines = options.split('\n').filter(Boolean);
      for (const flag of acceptedFlags(c.name)) {
        const line = lines.find((l) => new RegExp(`^ {2}(.*, )?${flag}\\b(?!-)`).test(l));
        expect(line, `${c.name} ${flag}`).toBeDefined();
        // Said in words, not only named.
        expect(line!.replace(/^\s+\S.*?\s{2,}/, '').length, `${c.name} ${flag}`).toBeGreaterThan(
          10,
        );
      }
    });
  }
});
