/** What a sub-command does: returns the process exit code. */
export type CommandRun = (argv: string[]) => Promise<number>;

/** One `auxin` sub-command, described without loading it: `auxin help` and every other
 * command start fast because only the chosen command's module (and its imports) is loaded. */
export interface CommandSpec {
  name: string;
  usage: string;
  summary: string;
  /** Every option the command takes, as [flag and its value, what it does], for `--help`. */
  options: Array<[string, string]>;
  load(): Promise<CommandRun>;
}
