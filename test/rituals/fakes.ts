import type { Notifier, OutgoingMessage, Poster, PostMetadata, UploadFile } from "../../src/rituals/poster";
import { PostError } from "../../src/rituals/poster";
import type { ManualClock } from "./helpers";

/** What the fake poster does on one post call. */
export type PostBehaviour =
  | "ok"
  /** the process dies before Slack gets the call: never returns, nothing posted */
  | "hang"
  /** Slack accepts the post, then the process dies before it learns the ts */
  | "accept-then-hang"
  | PostError;

export interface PostedMessage {
  channel: string;
  text: string;
  blocks: unknown[];
  key: string;
  ts: string;
  at: Date;
  /** the parent's ts, for a reply in a thread */
  threadTs?: string;
  /** file ids shared in it (a files message of a thread) */
  fileIds?: string[];
}

/** A Slack stand-in at the Poster level: records posts, answers findPosted from them. */
export class FakePoster implements Poster {
  readonly messages: PostedMessage[] = [];
  readonly postCalls: { channel: string; at: Date }[] = [];
  readonly findCalls: { channel: string; key: string; since: Date }[] = [];
  private readonly behaviours: PostBehaviour[] = [];
  findFailure: PostError | null = null;
  private seq = 0;

  constructor(private readonly clock: ManualClock) {}

  /** The next post calls behave so, in order; after them, posts succeed. */
  nextPosts(...behaviours: PostBehaviour[]): this {
    this.behaviours.push(...behaviours);
    return this;
  }

  /** files uploaded (not necessarily shared), by id */
  readonly uploads = new Map<string, UploadFile>();
  private readonly shareBehaviours: PostBehaviour[] = [];

  /** The next shareFiles calls behave so, in order. */
  nextShares(...behaviours: PostBehaviour[]): this {
    this.shareBehaviours.push(...behaviours);
    return this;
  }

  /** The replies posted in a thread, in order. */
  repliesTo(threadTs: string): PostedMessage[] {
    return this.messages.filter((m) => m.threadTs === threadTs);
  }

  async post(
    channel: string,
    message: OutgoingMessage,
    metadata: PostMetadata,
    threadTs?: string,
  ): Promise<string> {
    const at = this.clock.now();
    this.postCalls.push({ channel, at });
    const behaviour = this.behaviours.shift() ?? "ok";
    if (behaviour instanceof PostError) throw behaviour;
    if (behaviour === "hang") return new Promise<string>(() => {});
    this.seq++;
    const ts = `${Math.floor(at.getTime() / 1000)}.${String(this.seq).padStart(6, "0")}`;
    const key = metadata.event_payload.occurrence_key;
    this.messages.push({
      channel,
      text: message.text,
      blocks: message.blocks ?? [],
      key,
      ts,
      at,
      ...(threadTs ? { threadTs } : {}),
    });
    if (behaviour === "accept-then-hang") return new Promise<string>(() => {});
    return ts;
  }

  async findPosted(channel: string, key: string, since: Date): Promise<string | null> {
    this.findCalls.push({ channel, key, since });
    if (this.findFailure) throw this.findFailure;
    return (
      this.messages.find((m) => m.channel === channel && !m.threadTs && m.key === key && m.at >= since)?.ts ??
      null
    );
  }

  async findInThread(channel: string, threadTs: string, key: string): Promise<string | null> {
    this.findCalls.push({ channel, key, since: new Date(0) });
    if (this.findFailure) throw this.findFailure;
    return (
      this.messages.find((m) => m.channel === channel && m.threadTs === threadTs && m.key === key)?.ts ?? null
    );
  }

  async uploadFiles(files: readonly UploadFile[]): Promise<string[]> {
    return files.map((f) => {
      const id = `F${String(this.uploads.size + 1).padStart(8, "0")}`;
      this.uploads.set(id, f);
      return id;
    });
  }

  async shareFiles(
    channel: string,
    threadTs: string,
    files: readonly { id: string; title: string }[],
  ): Promise<void> {
    const at = this.clock.now();
    const behaviour = this.shareBehaviours.shift() ?? "ok";
    if (behaviour instanceof PostError) throw behaviour;
    if (behaviour === "hang") return new Promise<void>(() => {});
    this.seq++;
    const ts = `${Math.floor(at.getTime() / 1000)}.${String(this.seq).padStart(6, "0")}`;
    const fileIds = files.map((f) => f.id);
    this.messages.push({ channel, text: "", blocks: [], key: "", ts, at, threadTs, fileIds });
    if (behaviour === "accept-then-hang") return new Promise<void>(() => {});
  }

  async findFilesInThread(channel: string, threadTs: string, fileIds: readonly string[]): Promise<boolean> {
    const shared = new Set(
      this.messages
        .filter((m) => m.channel === channel && m.threadTs === threadTs)
        .flatMap((m) => m.fileIds ?? []),
    );
    return fileIds.every((id) => shared.has(id));
  }
}

export class FakeNotifier implements Notifier {
  readonly sent: { userId: string | null; channel: string; text: string }[] = [];
  failWith: Error | null = null;
  /** errors thrown by the next calls, one each, before failWith is considered */
  failNext: Error[] = [];
  async notify(to: { userId: string | null; channel: string }, text: string): Promise<void> {
    const next = this.failNext.shift();
    if (next) throw next;
    if (this.failWith) throw this.failWith;
    this.sent.push({ ...to, text });
  }
}
