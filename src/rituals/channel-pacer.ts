import type { Clock } from "./clock";

/**
 * One queue per channel, and about one post per second in each (Slack's chat.postMessage limit
 * per channel). Tasks for a channel run one after another; `pace` waits until a second has passed
 * since the channel's previous post was answered (counting from the answer, not the request, keeps
 * arrivals at Slack a second apart however long a request was in flight). Different channels run
 * side by side.
 */
export class ChannelPacer {
  private readonly lastPost = new Map<string, number>();
  private readonly tails = new Map<string, Promise<unknown>>();

  constructor(
    private readonly clock: Clock,
    private readonly gapMs = 1000,
  ) {}

  /** Runs `task` after the channel's earlier tasks have settled. */
  run<T>(channel: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(channel) ?? Promise.resolve();
    const next = previous.then(task, task);
    const tail = next.catch(() => undefined);
    this.tails.set(channel, tail);
    void tail.then(() => {
      if (this.tails.get(channel) === tail) this.tails.delete(channel);
    });
    return next;
  }

  /** Marks the channel's post as answered now (or failed): the next one waits a gap from here. */
  answered(channel: string): void {
    this.lastPost.set(channel, this.clock.now().getTime());
  }

  /** Waits for the channel's turn to post, then marks it as posting now. */
  async pace(channel: string): Promise<void> {
    const last = this.lastPost.get(channel);
    if (last !== undefined) {
      for (let wait = last + this.gapMs - this.clock.now().getTime(); wait > 0; ) {
        await this.clock.sleep(wait);
        wait = last + this.gapMs - this.clock.now().getTime();
      }
    }
    this.lastPost.set(channel, this.clock.now().getTime());
  }
}
