import type { Logger } from "@slack/bolt";
import { AppError } from "../errors";

/** A Web API method Slack has asked us to leave alone for a while (429 + Retry-After). */
export class SlackRateLimitedError extends AppError {
  constructor(
    readonly method: string,
    readonly retryAfterMs: number,
    purpose: string,
  ) {
    super(
      "slack_rate_limited",
      `${method} (${purpose}) is rate limited by Slack for ${Math.ceil(retryAfterMs / 1000)} s more`,
    );
    this.name = "SlackRateLimitedError";
  }
}

export interface MethodRateLimitOptions {
  logger: Logger;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** waits up to this long are waited out; a longer one fails the call at once */
  maxWaitMs?: number;
  /** how many 429 answers to one call are waited out before it fails */
  retries?: number;
}

/** The seconds to wait from a Web API client's rate-limited error; null for any other error. */
function retryAfterMsOf(error: unknown): number | null {
  const e = error as { code?: unknown; retryAfter?: unknown };
  if (e?.code !== "slack_webapi_rate_limited_error") return null;
  return typeof e.retryAfter === "number" && e.retryAfter > 0 ? e.retryAfter * 1000 : 1000;
}

/**
 * Slack rate-limits each Web API method on its own, so a 429 holds back only calls of that
 * method. The Web API client itself would pause its whole queue for the Retry-After (every
 * method, everyone's answers); with rejectRateLimitedCalls it throws instead and this decides:
 * a short wait is waited out, a long one fails the call at once (the caller answers without it)
 * and every call of that method until it passes fails as fast, without asking Slack again.
 */
export class MethodRateLimits {
  private readonly blockedUntil = new Map<string, number>();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly maxWaitMs: number;
  private readonly retries: number;

  constructor(private readonly options: MethodRateLimitOptions) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.maxWaitMs = options.maxWaitMs ?? 5000;
    this.retries = options.retries ?? 2;
  }

  async call<T>(method: string, purpose: string, call: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const wait = (this.blockedUntil.get(method) ?? 0) - this.now();
      if (wait > this.maxWaitMs) throw new SlackRateLimitedError(method, wait, purpose);
      if (wait > 0) await this.sleep(wait);
      try {
        return await call();
      } catch (error) {
        const retryAfterMs = retryAfterMsOf(error);
        if (retryAfterMs === null) throw error;
        this.blockedUntil.set(
          method,
          Math.max(this.blockedUntil.get(method) ?? 0, this.now() + retryAfterMs),
        );
        this.options.logger.warn(
          `${method} (${purpose}): HTTP 429 from Slack, Retry-After ${Math.ceil(retryAfterMs / 1000)} s`,
        );
        if (attempt >= this.retries || retryAfterMs > this.maxWaitMs) {
          throw new SlackRateLimitedError(method, retryAfterMs, purpose);
        }
      }
    }
  }
}
