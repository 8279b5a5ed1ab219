import type { Config } from "../config";
import { AppError } from "../errors";
import type { ProgressTarget } from "./progress";

/** What a command-line subcommand gets: its arguments, the config, and where to write. */
export interface CliContext {
  args: string[];
  config: Config;
  out: (line: string) => void;
  err: (line: string) => void;
  /** the instant to treat as now; tests inject it */
  now: () => Date;
  /** where long commands draw their progress line (absent: nowhere) */
  progress?: ProgressTarget;
}

export type Subcommand = (ctx: CliContext) => Promise<number>;

/** A mistake in how a command was called: printed with the command's usage, exit code 2. */
export class UsageError extends AppError {
  constructor(message: string) {
    super("usage", message);
    this.name = "UsageError";
  }
}
