#!/usr/bin/env -S node --single-threaded-gc
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

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
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
