import type { Logger, RespondArguments } from "@slack/bolt";

/**
 * Posts a message to a command's or click's response_url; resolves true when Slack took it. Never
 * throws: a failure is logged with its status and purpose, and nothing else can reach the user.
 */
export type PostResponse = (
  responseUrl: string | undefined,
  message: RespondArguments,
  /** what the post is for, for the log: "/deal-risk", "the page_next button" */
  purpose: string,
) => Promise<boolean>;

export interface ResponseUrlOptions {
  logger: Logger;
  /** one attempt's limit; past it the post is given up, not retried (it may have landed) */
  timeoutMs?: number;
  attempts?: number;
  /** the first retry's delay, doubled for each next one; a Retry-After header replaces it */
  backoffMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** Slack accepts posts to a response_url for 30 minutes after the request that carried it. */
export const RESPONSE_URL_LIFE_MS = 30 * 60_000;

const DEFAULTS = { timeoutMs: 5000, attempts: 4, backoffMs: 500 };

type Attempt = { ok: true } | { ok: false; status: string; retryAfterMs: number | null; retry: boolean };

async function attempt(url: string, message: RespondArguments, timeoutMs: number): Promise<Attempt> {
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Drained so the connection is reused; Slack answers "ok" or a short error word.
    const text = (await res.text()).slice(0, 100);
    if (res.ok) return { ok: true };
    const seconds = Number(res.headers.get("retry-after"));
    return {
      ok: false,
      status: `HTTP ${res.status}${text ? ` (${text})` : ""}`,
      retryAfterMs: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : null,
      retry: res.status === 429 || res.status >= 500,
    };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string } };
    if (e.name === "TimeoutError")
      return { ok: false, status: `no answer within ${timeoutMs} ms`, retryAfterMs: null, retry: false };
    // Refused or reset before an answer: nothing was taken, so trying again cannot post twice.
    const code = e.cause?.code ?? e.message;
    return { ok: false, status: `network error ${code}`, retryAfterMs: null, retry: code === "ECONNREFUSED" };
  }
}

/**
 * The response_url poster every handler answers through: each attempt has a timeout (a hung
 * Slack would otherwise hold the answer for minutes), and 5xx and 429 answers are retried with
 * backoff (or after Retry-After) while the URL is still alive. The URL itself is never logged:
 * it lets anyone post in the conversation.
 */
export function responseUrlPoster(options: ResponseUrlOptions): PostResponse {
  const { logger } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  const attempts = options.attempts ?? DEFAULTS.attempts;
  const backoffMs = options.backoffMs ?? DEFAULTS.backoffMs;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  return async (responseUrl, message, purpose) => {
    if (!responseUrl) {
      logger.warn(`response_url post for ${purpose} skipped: the request carried no response_url`);
      return false;
    }
    const expires = now() + RESPONSE_URL_LIFE_MS;
    for (let n = 1; ; n++) {
      const result = await attempt(responseUrl, message, timeoutMs);
      if (result.ok) return true;
      const wait = result.retryAfterMs ?? backoffMs * 2 ** (n - 1);
      const tries = `${n} attempt${n === 1 ? "" : "s"}`;
      if (!result.retry || n >= attempts || now() + wait >= expires) {
        logger.error(`response_url post for ${purpose} failed: ${result.status} after ${tries}`);
        return false;
      }
      logger.warn(`response_url post for ${purpose}: ${result.status}, trying again in ${wait} ms`);
      await sleep(wait);
    }
  };
}
