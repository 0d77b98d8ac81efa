/** One `auxin` sub-command. `run` returns the process exit code. */
export interface Command {
  name: string;
  usage: string;
  summary: string;
  run(argv: string[]): Promise<number>;
}
