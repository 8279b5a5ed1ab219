import type { Config } from "../config";

/** What a command-line subcommand gets: its arguments, the config, and where to write. */
export interface CliContext {
  args: string[];
  config: Config;
  out: (line: string) => void;
  err: (line: string) => void;
  /** the instant to treat as now; tests inject it */
  now: () => Date;
}

export type Subcommand = (ctx: CliContext) => Promise<number>;

/** A mistake in how a command was called: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
