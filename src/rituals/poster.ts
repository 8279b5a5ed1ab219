import { AppError } from "../errors";

/**
 * What the scheduler needs from Slack, injected so tests and the sandbox use a fake: post a
 * message carrying the occurrence key in its metadata, and find a message with that key in a
 * channel's recent history (after a crash, the way to tell that a post already went out).
 */

export const OCCURRENCE_EVENT_TYPE = "rituals_occurrence";

export interface PostMetadata {
  event_type: typeof OCCURRENCE_EVENT_TYPE;
  event_payload: { occurrence_key: string };
}

export interface OutgoingMessage {
  /** the notification and fallback text */
  text: string;
  blocks?: unknown[];
}

/** A file to upload into a thread (a chart, a deck). */
export interface UploadFile {
  filename: string;
  title: string;
  /** the image's alt text (for a deck: what it holds) */
  alt: string;
  bytes: Buffer;
}

export interface Poster {
  /** Posts (into the thread of `threadTs` when given) and returns the message ts; throws PostError when Slack refuses. */
  post(channel: string, message: OutgoingMessage, metadata: PostMetadata, threadTs?: string): Promise<string>;
  /** The ts of a message in `channel` since `since` whose metadata carries `key`, or null. */
  findPosted(channel: string, key: string, since: Date): Promise<string | null>;
  /** The ts of a reply in the thread of `threadTs` whose metadata carries `key`, or null. */
  findInThread(channel: string, threadTs: string, key: string): Promise<string | null>;
  /**
   * files.uploadV2's first half: reserves each file (files.getUploadURLExternal, with its alt
   * text) and sends its bytes; returns the file ids, not yet shared anywhere.
   */
  uploadFiles(files: readonly UploadFile[]): Promise<string[]>;
  /** The second half: shares uploaded files in one message of the thread (files.completeUploadExternal). */
  shareFiles(
    channel: string,
    threadTs: string,
    files: readonly { id: string; title: string }[],
  ): Promise<void>;
  /** Whether a reply in the thread of `threadTs` carries every one of `fileIds`. */
  findFilesInThread(channel: string, threadTs: string, fileIds: readonly string[]): Promise<boolean>;
}

/** Tells a person something went wrong (a missed or failed pre-read). */
export interface Notifier {
  /** to a user id by direct message; with no user, into the channel */
  notify(to: { userId: string | null; channel: string }, text: string): Promise<void>;
}

/**
 * Slack refused a call. "rate_limited" (429) is retried after Retry-After; "transient" (5xx,
 * network, timeout) is retried with backoff, and may have been posted after all; "permanent"
 * (channel_not_found, not_in_channel, invalid_blocks, …) is not retried.
 */
export class PostError extends AppError {
  constructor(
    readonly kind: "rate_limited" | "transient" | "permanent",
    /** Slack's error code or the HTTP/network failure, as recorded */
    readonly slackError: string,
    readonly retryAfterMs: number | null = null,
  ) {
    super("slack_post_failed", `Slack: ${slackError}`);
    this.name = "PostError";
  }
}

export function occurrenceMetadata(key: string): PostMetadata {
  return { event_type: OCCURRENCE_EVENT_TYPE, event_payload: { occurrence_key: key } };
}
