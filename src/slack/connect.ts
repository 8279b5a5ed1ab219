/**
 * Connecting to Slack at start: one auth.test, asked before the app is built so Bolt never asks
 * it on its own (a failure there was an unhandled rejection that printed the token in a stack
 * dump), and every way starting can fail put in one line that says what to fix.
 */
import { type Logger, LogLevel, webApi } from "@slack/bolt";
import type { Config } from "../config";
import { AppError } from "../errors";
import { redactSecrets } from "./redact";

/** Who the bot is, from auth.test: Bolt needs it to tell its own messages apart. */
export interface BotIdentity {
  botUserId: string;
  botId: string;
}

/** Starting failed: `exitCode` 2 when a setting must change, 1 when Slack or the network failed. */
export class SlackStartError extends AppError {
  constructor(
    code: "slack_refused" | "slack_unreachable",
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(code, message);
    this.name = "SlackStartError";
  }
}

export interface ConnectOptions {
  /** tries of auth.test when Slack does not answer (network failure, 5xx, 429) */
  attempts?: number;
  /** the wait before the second try, doubled for each next one */
  retryDelayMs?: number;
  /** one try's limit */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const SLACK_API = "https://slack.com/api/";

/** Slack's answers that mean the token itself is wrong, not that Slack is unwell. */
const TOKEN_REFUSED = new Set([
  "invalid_auth",
  "not_authed",
  "account_inactive",
  "token_revoked",
  "token_expired",
  "not_allowed_token_type",
  "no_permission",
  "missing_scope",
]);

const silent: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

type WebApiError = Error & {
  code?: string;
  data?: { error?: string };
  statusCode?: number;
  original?: { code?: string; message?: string };
};

/** Why a failed try is worth trying again, or null when only a changed setting can help. */
function transientReason(error: WebApiError): string | null {
  if (error.code === "slack_webapi_request_error")
    return error.original?.code ?? error.original?.message ?? "no answer";
  if (error.code === "slack_webapi_rate_limited_error") return "HTTP 429, rate limited";
  if (error.code === "slack_webapi_http_error" && (error.statusCode ?? 0) >= 500)
    return `HTTP ${error.statusCode}`;
  return null;
}

/**
 * What a failure at start means, in one line with what to do about it. `token` names the
 * setting whose token was in use: the bot token for auth.test, the app token when Socket Mode
 * opens its connection.
 */
export function startFailure(
  error: unknown,
  config: Config,
  token: "SLACK_BOT_TOKEN" | "SLACK_APP_TOKEN" = "SLACK_BOT_TOKEN",
): SlackStartError {
  if (error instanceof SlackStartError) return error;
  const e = error as WebApiError;
  const api = config.SLACK_API_URL ?? SLACK_API;
  if (e.code === "slack_webapi_platform_error" && TOKEN_REFUSED.has(e.data?.error ?? "")) {
    return new SlackStartError(
      "slack_refused",
      `Slack refused ${token} (${e.data?.error}): copy the token again from the Slack app's settings (OAuth & Permissions, or Basic Information for the app token), or reinstall the app`,
      2,
    );
  }
  if (e.code === "slack_webapi_http_error") {
    return new SlackStartError(
      "slack_refused",
      `Slack's Web API answered HTTP ${e.statusCode} at ${api}: check SLACK_API_URL (it ends in /api/, or leave it unset for Slack itself)`,
      2,
    );
  }
  const listen: Record<string, string> = {
    EADDRINUSE: `port ${config.PORT} on ${config.HOST} is already in use: set PORT to a free port`,
    EACCES: `not allowed to listen on ${config.HOST}:${config.PORT}: set PORT above 1023, or check HOST`,
    EADDRNOTAVAIL: `HOST ${config.HOST} is not an address of this machine: check HOST`,
  };
  if (e.code && listen[e.code]) return new SlackStartError("slack_refused", listen[e.code] as string, 2);
  const reason = transientReason(e) ?? redactSecrets(e.message ?? String(error));
  return new SlackStartError(
    "slack_unreachable",
    `Slack did not answer at ${api} (${reason}): check SLACK_API_URL / the network`,
    1,
  );
}

/**
 * Asks Slack who the bot is (auth.test), trying a few times while Slack does not answer; throws
 * a SlackStartError saying what failed and what to fix.
 */
export async function connectToSlack(config: Config, options: ConnectOptions = {}): Promise<BotIdentity> {
  const attempts = options.attempts ?? 3;
  const retryDelayMs = options.retryDelayMs ?? 1000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const client = new webApi.WebClient(config.SLACK_BOT_TOKEN, {
    ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
    // Retried here, quietly: the one line at the end says what happened.
    retryConfig: { retries: 0 },
    timeout: options.timeoutMs ?? 5000,
    rejectRateLimitedCalls: true,
    logger: silent,
  });
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await client.auth.test();
      return { botUserId: result.user_id ?? "", botId: result.bot_id ?? "" };
    } catch (error) {
      const reason = transientReason(error as WebApiError);
      if (reason === null) throw startFailure(error, config);
      if (attempt >= attempts) {
        const api = config.SLACK_API_URL ?? SLACK_API;
        throw new SlackStartError(
          "slack_unreachable",
          `Slack did not answer at ${api} (${reason}) after ${attempts} attempts: check SLACK_API_URL / the network`,
          1,
        );
      }
      await sleep(retryDelayMs * 2 ** (attempt - 1));
    }
  }
}
