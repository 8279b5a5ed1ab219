import type { Notifier, OutgoingMessage, Poster, PostMetadata } from "../../src/rituals/poster";
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

  async post(channel: string, message: OutgoingMessage, metadata: PostMetadata): Promise<string> {
    const at = this.clock.now();
    this.postCalls.push({ channel, at });
    const behaviour = this.behaviours.shift() ?? "ok";
    if (behaviour instanceof PostError) throw behaviour;
    if (behaviour === "hang") return new Promise<string>(() => {});
    this.seq++;
    const ts = `${Math.floor(at.getTime() / 1000)}.${String(this.seq).padStart(6, "0")}`;
    const key = metadata.event_payload.occurrence_key;
    this.messages.push({ channel, text: message.text, blocks: message.blocks ?? [], key, ts, at });
    if (behaviour === "accept-then-hang") return new Promise<string>(() => {});
    return ts;
  }

  async findPosted(channel: string, key: string, since: Date): Promise<string | null> {
    this.findCalls.push({ channel, key, since });
    if (this.findFailure) throw this.findFailure;
    return this.messages.find((m) => m.channel === channel && m.key === key && m.at >= since)?.ts ?? null;
  }
}

export class FakeNotifier implements Notifier {
  readonly sent: { userId: string | null; channel: string; text: string }[] = [];
  failWith: Error | null = null;
  async notify(to: { userId: string | null; channel: string }, text: string): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.sent.push({ ...to, text });
  }
}
