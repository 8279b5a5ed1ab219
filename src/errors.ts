/**
 * One error type with a code, so a message a user sees and a log line can be matched to a cause.
 * Every error class the project throws extends AppError; this file imports nothing, so any layer
 * may use it.
 */

/** Every code an AppError can carry, by the layer that raises it. */
export const ERROR_CODES = [
  // configuration and command line
  "config_invalid",
  "usage",
  // import
  "csv_syntax",
  "import_options",
  "import_rejected",
  // store: a database newer than the build, a failed migration or backup, a path that cannot hold
  // the database, a database another process holds for longer than the wait
  "newer_schema",
  "migration_failed",
  "backup_failed",
  "store_unavailable",
  "store_busy",
  // refresh
  "refresh_failed",
  // Slack arguments
  "bad_arguments",
  // Slack connection: refused credentials or address, Slack not answering, a method rate limited
  "slack_refused",
  "slack_unreachable",
  "slack_rate_limited",
  // sandbox: a Web API call Slack would refuse; a page request that cannot be read; the app not
  // acknowledging a delivered request; the sandbox unable to start
  "sandbox_slack_refused",
  "sandbox_bad_request",
  "sandbox_delivery_failed",
  "sandbox_start_failed",
  // rituals
  "schedule_invalid",
  "ritual_invalid",
  "ritual_not_found",
  "ritual_exists",
  "ritual_forbidden",
  "slack_post_failed",
  // action items
  "action_invalid",
  "action_not_found",
  // charts and decks
  "chart_input",
  "deck_figures_missing",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "AppError";
  }
}

/** The code of an error, when it is one of ours. */
export function errorCode(error: unknown): ErrorCode | null {
  return error instanceof AppError ? error.code : null;
}

/** Codes of mistakes fixed by changing a setting or the install: command line and start-up exit 2. */
const SETTING_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  "config_invalid",
  "store_unavailable",
  "newer_schema",
]);

export function isSettingError(error: unknown): boolean {
  const code = errorCode(error);
  return code !== null && SETTING_CODES.has(code);
}
