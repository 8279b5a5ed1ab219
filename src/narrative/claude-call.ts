import Anthropic from "@anthropic-ai/sdk";

/**
 * One request to Claude for a piece of a pre-read, bounded by a deadline over the whole call
 * (retries included), and every way it can fail turned into a reason a facilitator understands.
 */
export interface ClaudeRequest {
  client: Anthropic;
  model: string;
  maxTokens: number;
  /** the whole call, the SDK's retries included */
  timeoutMs: number;
  /**
   * retries after a 429, 529 or 5xx, with the SDK's backoff: 2 means three attempts, enough to
   * ride out a blip while staying well inside the timeout
   */
  maxRetries?: number;
  system: string;
  user: string;
}

export type ClaudeFailureCode =
  | "timeout"
  | "overloaded"
  | "rate_limited"
  | "refused"
  | "cut_off"
  | "unauthorised"
  | "api_error"
  | "unreachable"
  | "empty";

export type ClaudeReply = { ok: true; text: string } | { ok: false; code: ClaudeFailureCode; reason: string };

export const DEFAULT_MAX_RETRIES = 2;

/** "20 s", "0.3 s" */
export function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(ms < 1000 ? 1 : 0))} s`;
}

export async function askClaude(request: ClaudeRequest): Promise<ClaudeReply> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, request.timeoutMs);
  try {
    const message = await request.client.messages.create(
      {
        model: request.model,
        max_tokens: request.maxTokens,
        system: request.system,
        messages: [{ role: "user", content: request.user }],
      },
      {
        signal: controller.signal,
        timeout: request.timeoutMs,
        maxRetries: request.maxRetries ?? DEFAULT_MAX_RETRIES,
      },
    );
    if (message.stop_reason === "refusal")
      return { ok: false, code: "refused", reason: "Claude declined to write it" };
    if (message.stop_reason === "max_tokens")
      return { ok: false, code: "cut_off", reason: "Claude's reply was cut off at the token limit" };
    const text = message.content
      .map((block) => (block.type === "text" ? block.text : ""))
      .join("")
      .trim();
    if (text === "") return { ok: false, code: "empty", reason: "Claude sent no text" };
    return { ok: true, text };
  } catch (error) {
    return failure(error, timedOut, request.timeoutMs);
  } finally {
    clearTimeout(timer);
  }
}

function failure(error: unknown, timedOut: boolean, timeoutMs: number): ClaudeReply & { ok: false } {
  if (timedOut || error instanceof Anthropic.APIConnectionTimeoutError)
    return { ok: false, code: "timeout", reason: `Claude timed out after ${seconds(timeoutMs)}` };
  if (error instanceof Anthropic.APIError && error.status === 529)
    return { ok: false, code: "overloaded", reason: "Claude overloaded (529)" };
  if (error instanceof Anthropic.RateLimitError)
    return { ok: false, code: "rate_limited", reason: "Claude rate limit reached (429)" };
  if (error instanceof Anthropic.AuthenticationError || error instanceof Anthropic.PermissionDeniedError)
    return { ok: false, code: "unauthorised", reason: `Claude refused the API key (${error.status})` };
  if (error instanceof Anthropic.APIConnectionError)
    return { ok: false, code: "unreachable", reason: "Claude could not be reached" };
  if (error instanceof Anthropic.APIError && typeof error.status === "number")
    return { ok: false, code: "api_error", reason: `Claude API error (${error.status})` };
  // the message may quote a request; only the error's class name is safe to record
  const name = error instanceof Error ? error.name : typeof error;
  return { ok: false, code: "api_error", reason: `Claude call failed (${name})` };
}
