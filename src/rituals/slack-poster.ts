import { webApi } from "@slack/bolt";
import {
  type Notifier,
  OCCURRENCE_EVENT_TYPE,
  type OutgoingMessage,
  PostError,
  type Poster,
  type PostMetadata,
  type UploadFile,
} from "./poster";

/**
 * The Poster and Notifier over Slack's Web API. The client is built to leave every retry to the
 * scheduler (no retries of its own, 429s thrown rather than waited out), so a retry is always
 * preceded by the check for an already-landed post and the lease is renewed around each wait.
 * History reads need channels:history (public) and groups:history (private channels); the thread's
 * files need files:write.
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

  async post(
    channel: string,
    message: OutgoingMessage,
    metadata: PostMetadata,
    threadTs?: string,
  ): Promise<string> {
    try {
      const result = await this.client.chat.postMessage({
        channel,
        ...(threadTs ? { thread_ts: threadTs } : {}),
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

  /** The replies of a thread, with their metadata, page by page (conversations.replies). */
  private async *replies(
    channel: string,
    threadTs: string,
  ): AsyncGenerator<HistoryMessage & { files?: { id?: string }[] }> {
    let cursor: string | undefined;
    for (let page = 0; page < this.maxPages; page++) {
      let result: webApi.ConversationsRepliesResponse;
      try {
        result = await this.client.conversations.replies({
          channel,
          ts: threadTs,
          include_all_metadata: true,
          limit: 200,
          ...(cursor ? { cursor } : {}),
        });
      } catch (error) {
        throw toPostError(error);
      }
      for (const m of result.messages ?? []) yield m as HistoryMessage & { files?: { id?: string }[] };
      cursor = result.response_metadata?.next_cursor || undefined;
      if (!result.has_more || !cursor) return;
    }
  }

  async findInThread(channel: string, threadTs: string, key: string): Promise<string | null> {
    for await (const m of this.replies(channel, threadTs)) {
      const payload = m.metadata?.event_payload;
      if (m.metadata?.event_type === OCCURRENCE_EVENT_TYPE && payload?.occurrence_key === key && m.ts)
        return m.ts;
    }
    return null;
  }

  async uploadFiles(files: readonly UploadFile[]): Promise<string[]> {
    const ids: string[] = [];
    for (const file of files) {
      let reserved: webApi.FilesGetUploadURLExternalResponse;
      try {
        reserved = await this.client.files.getUploadURLExternal({
          filename: file.filename,
          length: file.bytes.length,
          ...(file.filename.endsWith(".png") ? { alt_txt: file.alt.slice(0, 1000) } : {}),
        });
      } catch (error) {
        throw toPostError(error);
      }
      if (!reserved.upload_url || !reserved.file_id)
        throw new PostError("permanent", "no upload_url in files.getUploadURLExternal's answer");
      let answer: Response;
      try {
        answer = await fetch(reserved.upload_url, {
          method: "POST",
          body: new Uint8Array(file.bytes),
          signal: AbortSignal.timeout(SCHEDULER_WEB_API_OPTIONS.timeout ?? 20_000),
        });
      } catch (error) {
        throw new PostError("transient", `upload failed: ${(error as Error).message}`);
      }
      if (!answer.ok) {
        const kind =
          answer.status === 429 ? "rate_limited" : answer.status >= 500 ? "transient" : "permanent";
        throw new PostError(kind, `upload HTTP ${answer.status}`, kind === "rate_limited" ? 1000 : null);
      }
      ids.push(reserved.file_id);
    }
    return ids;
  }

  async shareFiles(
    channel: string,
    threadTs: string,
    files: readonly { id: string; title: string }[],
  ): Promise<void> {
    try {
      await this.client.files.completeUploadExternal({
        files: files.map((f) => ({ id: f.id, title: f.title })) as [{ id: string; title: string }],
        channel_id: channel,
        thread_ts: threadTs,
      });
    } catch (error) {
      throw toPostError(error);
    }
  }

  async findFilesInThread(channel: string, threadTs: string, fileIds: readonly string[]): Promise<boolean> {
    const wanted = new Set(fileIds);
    for await (const m of this.replies(channel, threadTs))
      for (const f of m.files ?? []) if (f.id) wanted.delete(f.id);
    return wanted.size === 0;
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
