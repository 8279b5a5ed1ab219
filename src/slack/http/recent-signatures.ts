/**
 * The signatures of the signed requests answered within Slack's 5-minute window, so the same
 * request sent again (a replay) is refused instead of answered twice. Only requests whose
 * signature checked out are remembered, so only Slack's own traffic can fill it; kept by the
 * request's timestamp, a whole second expires at once when it leaves the window.
 */
export class RecentSignatures {
  private readonly bySecond = new Map<number, Set<string>>();
  private size = 0;
  private prunedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly windowSeconds: number,
    /** a bound far above one workspace's traffic; past it the oldest second is forgotten early */
    private readonly maxRemembered = 500_000,
  ) {}

  /** True when this signature was already seen within the window; remembers it otherwise. */
  seenBefore(signature: string, timestampSeconds: number, nowSeconds: number): boolean {
    this.prune(nowSeconds);
    // 128 bits of the HMAC are as unique as all 256, in half the memory.
    const key = signature.slice(0, 35);
    let second = this.bySecond.get(timestampSeconds);
    if (second?.has(key)) return true;
    if (!second) {
      second = new Set();
      this.bySecond.set(timestampSeconds, second);
    }
    second.add(key);
    this.size += 1;
    if (this.size > this.maxRemembered) this.forgetOldest();
    return false;
  }

  /** At most once a second: a request's timestamp outside the window is refused before it gets here. */
  private prune(nowSeconds: number): void {
    if (nowSeconds === this.prunedAt) return;
    this.prunedAt = nowSeconds;
    for (const [second, signatures] of this.bySecond) {
      if (second >= nowSeconds - this.windowSeconds) continue;
      this.size -= signatures.size;
      this.bySecond.delete(second);
    }
  }

  private forgetOldest(): void {
    const oldest = Math.min(...this.bySecond.keys());
    this.size -= this.bySecond.get(oldest)?.size ?? 0;
    this.bySecond.delete(oldest);
  }
}
