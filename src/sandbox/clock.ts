/**
 * The sandbox's clock: the one thing it injects into the app. It runs with real time from an
 * offset, and jumps forward (never back) when the page asks for the next scheduled post, so the
 * schedulers see that moment arrive as they would have a month later.
 */
export class SandboxClock {
  private offsetMs = 0;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly realNow: () => number = Date.now) {}

  now(): number {
    return this.realNow() + this.offsetMs;
  }

  /** `now` as a Date, for the app's deps. */
  readonly date = (): Date => new Date(this.now());

  /** Moves the clock forward to `atMs`; a moment already past leaves it where it is. */
  jumpTo(atMs: number): void {
    const ahead = atMs - this.now();
    if (ahead <= 0) return;
    this.offsetMs += ahead;
    for (const listener of this.listeners) listener();
  }

  onJump(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
