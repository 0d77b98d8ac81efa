#!/usr/bin/env -S node --single-threaded-gc --max-semi-space-size=1
import type { CommandSpec } from './command.js';
import { commands } from './commands/index.js';
import { reportError } from './output.js';

function help(): string {
  // Long usages would push every summary off the screen: they get the summary on the next line.
  const width = 34;
  const lines = commands.map((c) =>
    c.usage.length <= width
      ? `  ${c.usage.padEnd(width)}  ${c.summary}`
      : `  ${c.usage}\n  ${' '.repeat(width)}  ${c.summary}`,
  );
  return `usage: auxin <command> [options]\n\ncommands:\n${lines.join('\n')}\n`;
}

function commandHelp(c: CommandSpec): string {
  const width = Math.max(...c.options.map(([flag]) => flag.length));
  const options = c.options.map(([flag, what]) => `  ${flag.padEnd(width)}  ${what}`);
  return (
    `usage: auxin ${c.usage}\n\n${c.summary}\n` +
    (options.length ? `\noptions:\n${options.join('\n')}\n` : '')
  );
}

/** `auxin push --help` asks for help, as every command line tool takes it; after `--` it is data. */
function asksForHelp(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const about = name === 'help' ? commands.find((c) => c.name === rest[0]) : undefined;
  if (about) {
    process.stdout.write(commandHelp(about));
    return 0;
  }
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(help());
    return name ? 0 : 1;
  }
  if (name === '--version' || name === 'version') {
    process.stdout.write('auxin 0.1.0\n');
    return 0;
  }
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) {
    process.stderr.write(`auxin: unknown command '${name}' (run 'auxin help')\n`);
    return 1;
  }
  if (asksForHelp(rest)) {
    process.stdout.write(commandHelp(cmd));
    return 0;
  }
  try {
    const run = await cmd.load();
    return await run(rest);
  } catch (e) {
    // A script that asked for --json gets the failure as JSON on stdout as well.
    return reportError(e, { json: rest.includes('--json') });
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.exitCode = reportError(e, { json: process.argv.includes('--json') });
  },
);
