/**
 * One shared string per distinct value while loading the CRM model. Stage names, dates, products
 * and often deal names repeat across a million rows; sharing them keeps the refresh's heap small and
 * lets each freshly read copy die young, which is what keeps garbage collection cheap at 1M deals.
 *
 * A column whose values turn out to be mostly distinct (free text, timestamps with seconds) stops
 * being interned after a window with too few repeats, so it never costs a map of every row.
 */
export class StringInterner {
  private readonly shared = new Map<string, string>();
  private enabled = true;
  private windowLookups = 0;
  private windowHits = 0;

  constructor(
    /** lookups per window before the hit rate is judged */
    private readonly window = 65_536,
    /** below this share of repeats in a window, interning stops for good */
    private readonly minHitRate = 0.2,
  ) {}

  intern(value: string): string {
    if (!this.enabled) return value;
    const found = this.shared.get(value);
    if (found !== undefined) this.windowHits++;
    else this.shared.set(value, value);
    if (++this.windowLookups === this.window) this.judgeWindow();
    return found ?? value;
  }

  internNullable(value: string | null): string | null {
    return value === null ? null : this.intern(value);
  }

  private judgeWindow(): void {
    if (this.windowHits < this.window * this.minHitRate) {
      this.enabled = false;
      this.shared.clear();
    }
    this.windowLookups = 0;
    this.windowHits = 0;
  }

  /** whether values are still being shared (false once a window showed too few repeats) */
  get sharing(): boolean {
    return this.enabled;
  }
}
