import { webApi } from "@slack/bolt";
import {
  type Notifier,
  OCCURRENCE_EVENT_TYPE,
  type OutgoingMessage,
  PostError,
  type Poster,
  type PostMetadata,
} from "./poster";

/**
 * The Poster and Notifier over Slack's Web API. The client is built to leave every retry to the
 * scheduler (no retries of its own, 429s thrown rather than waited out), so a retry is always
 * preceded by the check for an already-landed post and the lease is renewed around each wait.
 * History reads need channels:history (public) and groups:history (private channels).
 */

/** Client options for the scheduler's own client: no hidden retries, a timeout well under the lease. */
export const SCHEDULER_WEB_API_OPTIONS: webApi.WebClientOptions = {
  retryConfig: { retries: 0 },
  rejectRateLimitedCalls: true,
  timeout: 20_000,
};

/** Platform errors worth retrying: Slack's own trouble, not the request's. */
const TRANSIENT_PLATFORM_ERRORS = new Set([
  "internal_error",
  "fatal_error",
  "service_unavailable",
  "request_timeout",
  "ratelimited",
]);

/** A WebClient failure as the scheduler's PostError. */
export function toPostError(error: unknown): PostError {
  if (error instanceof PostError) return error;
  const e = error as {
    code?: string;
    retryAfter?: number;
    statusCode?: number;
    data?: { error?: string };
    message?: string;
  };
  switch (e.code) {
    case webApi.ErrorCode.RateLimitedError:
      return new PostError("rate_limited", "ratelimited", Math.max(1, e.retryAfter ?? 1) * 1000);
    case webApi.ErrorCode.HTTPError: {
      const status = e.statusCode ?? 0;
      const kind =
        status === 429 ? "rate_limited" : status >= 500 || status === 408 ? "transient" : "permanent";
      return new PostError(kind, `HTTP ${status}`, kind === "rate_limited" ? 1000 : null);
    }
    case webApi.ErrorCode.PlatformError: {
      const code = e.data?.error ?? "unknown_error";
      return new PostError(TRANSIENT_PLATFORM_ERRORS.has(code) ? "transient" : "permanent", code);
    }
    case webApi.ErrorCode.RequestError:
      return new PostError("transient", `request failed: ${e.message ?? "no answer"}`);
    default:
      return new PostError("transient", e.message ?? String(error));
  }
}

interface HistoryMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
}

export class SlackPoster implements Poster, Notifier {
  /** how many history pages (of 200) findPosted reads at most */
  private readonly maxPages: number;

  constructor(
    private readonly client: webApi.WebClient,
    options: { maxPages?: number } = {},
  ) {
    this.maxPages = options.maxPages ?? 5;
  }

  async post(channel: string, message: OutgoingMessage, metadata: PostMetadata): Promise<string> {
    try {
      const result = await this.client.chat.postMessage({
        channel,
        text: message.text,
        ...(message.blocks ? { blocks: message.blocks as never } : {}),
        metadata,
        unfurl_links: false,
        unfurl_media: false,
      });
      if (!result.ts) throw new PostError("permanent", "no ts in chat.postMessage's answer");
      return result.ts;
    } catch (error) {
      throw toPostError(error);
    }
  }

  async findPosted(channel: string, key: string, since: Date): Promise<string | null> {
    let cursor: string | undefined;
    for (let page = 0; page < this.maxPages; page++) {
      let result: webApi.ConversationsHistoryResponse;
      try {
        result = await this.client.conversations.history({
          channel,
          oldest: (since.getTime() / 1000).toFixed(6),
          include_all_metadata: true,
          limit: 200,
          ...(cursor ? { cursor } : {}),
        });
      } catch (error) {
        throw toPostError(error);
      }
      for (const m of (result.messages ?? []) as HistoryMessage[]) {
        const payload = m.metadata?.event_payload;
        if (m.metadata?.event_type === OCCURRENCE_EVENT_TYPE && payload?.occurrence_key === key && m.ts)
          return m.ts;
      }
      cursor = result.response_metadata?.next_cursor || undefined;
      if (!result.has_more || !cursor) return null;
    }
    return null;
  }

  /** A DM to the user (posting to a user id opens the bot's DM), or into the channel without one. */
  async notify(to: { userId: string | null; channel: string }, text: string): Promise<void> {
    try {
      await this.client.chat.postMessage({
        channel: to.userId ?? to.channel,
        text,
        unfurl_links: false,
        unfurl_media: false,
      });
    } catch (error) {
      throw toPostError(error);
    }
  }
}
