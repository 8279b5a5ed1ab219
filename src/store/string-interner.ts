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

/**
 * One shared string per distinct "YYYY-MM-DD" date or "YYYY-MM-DDTHH:MM:SSZ" instant, found by the
 * number its digits spell rather than by hashing the string in a Map. At 1M deals there are about
 * 1.4M distinct history instants among 5.9M rows, and a Map that size cost ~0.7 µs a lookup in
 * cache misses and string comparisons; a number compared in a typed array costs a fraction of it.
 * The table is direct-mapped: a slot holds the latest value that fell in it, so an occasional
 * repeat goes unshared (costing memory, never correctness: the digits spell the whole string).
 * Values of any other shape go to a plain StringInterner.
 */
export class IsoStringInterner {
  private keys = new Float64Array(1 << 12).fill(-1);
  private values: string[] = new Array<string>(1 << 12).fill("");
  private bits = 12;
  private misses = 0;
  private readonly others = new StringInterner();

  constructor(
    /** the table stops growing at 2^maxBits slots */
    private readonly maxBits = 22,
  ) {}

  intern(value: string): string {
    const key = isoKey(value);
    if (key < 0) return this.others.intern(value);
    const slot = this.slotOf(key);
    if (this.keys[slot] === key) return this.values[slot] as string;
    const shared = key % 2 === 1 ? flatCopy(value, 0) : value;
    this.keys[slot] = key;
    this.values[slot] = shared;
    // many misses for the table's size: double it (up to maxBits), keeping what it holds
    if (++this.misses > this.keys.length && this.bits < this.maxBits) this.grow();
    return shared;
  }

  internNullable(value: string | null): string | null {
    return value === null ? null : this.intern(value);
  }

  private slotOf(key: number): number {
    return isoSlot(key, this.keys.length - 1);
  }

  private grow(): void {
    const keys = this.keys;
    const values = this.values;
    this.bits++;
    this.keys = new Float64Array(keys.length * 2).fill(-1);
    this.values = new Array<string>(keys.length * 2).fill("");
    this.misses = 0;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as number;
      if (key < 0) continue;
      const slot = this.slotOf(key);
      this.keys[slot] = key;
      this.values[slot] = values[i] as string;
    }
  }
}

/**
 * The slot of an isoKey in a table of mask + 1 slots. Nearby dates and instants take nearby slots
 * (consecutive days, or minutes, take consecutive slots), rather than scattered ones: history rows
 * come by deal and deals in about the order they were created, so the instants being looked up at
 * any time span a few months, and their slots stay in the processor's cache instead of costing a
 * miss in a 64 MB table each.
 */
function isoSlot(key: number, mask: number): number {
  const k = Math.floor(key / 2);
  const date = key % 2 === 1 ? Math.floor(k / 1_000_000) : k;
  const day = (Math.floor(date / 10_000) * 12 + (Math.floor(date / 100) % 100)) * 31 + (date % 100);
  if (key % 2 === 0) return day & mask;
  const time = k - date * 1_000_000;
  const minute = (day * 24 + Math.floor(time / 10_000)) * 60 + (Math.floor(time / 100) % 100);
  // seconds move a value far off, so instants on whole minutes stay consecutive
  return (minute + (time % 100) * 40_503) & mask;
}

/**
 * Numbers distinct "YYYY-MM-DD" dates and "YYYY-MM-DDTHH:MM:SSZ" instants (and any other string)
 * as they are met: `indexOf` gives a value's index in `values`, a new one for a value not seen.
 * Found like IsoStringInterner (a direct-mapped table of the digits' number, no Map of a million
 * strings), so an occasional repeat that lost its slot is numbered again: two indexes holding equal
 * strings, costing a string, never correctness.
 */
export class IsoStringTable {
  readonly values: string[] = [];
  private keys = new Float64Array(1 << 12).fill(-1);
  private indexes = new Int32Array(1 << 12);
  private bits = 12;
  private misses = 0;
  private readonly others = new Map<string, number>();

  constructor(
    /** the table stops growing at 2^maxBits slots */
    private readonly maxBits = 22,
  ) {}

  indexOf(value: string): number {
    return this.indexOfSpan(value, 0, value.length);
  }

  /**
   * indexOf of the characters [start, end) of `text`, found without making a substring: a history
   * range's text is read in place, and only a value met for the first time is copied out of it.
   */
  indexOfSpan(text: string, start: number, end: number): number {
    const key = isoKeyAt(text, start, end);
    if (key < 0) {
      const value = start === 0 && end === text.length ? text : text.slice(start, end);
      let index = this.others.get(value);
      if (index === undefined) {
        index = this.values.push(value) - 1;
        this.others.set(value, index);
      }
      return index;
    }
    const slot = isoSlot(key, this.keys.length - 1);
    if (this.keys[slot] === key) return this.indexes[slot] as number;
    const index = this.values.push(key % 2 === 1 ? flatCopy(text, start) : text.slice(start, end)) - 1;
    this.keys[slot] = key;
    this.indexes[slot] = index;
    if (++this.misses > this.keys.length && this.bits < this.maxBits) this.grow();
    return index;
  }

  private grow(): void {
    const keys = this.keys;
    const indexes = this.indexes;
    this.bits++;
    this.keys = new Float64Array(keys.length * 2).fill(-1);
    this.indexes = new Int32Array(keys.length * 2);
    this.misses = 0;
    const mask = this.keys.length - 1;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as number;
      if (key < 0) continue;
      const slot = isoSlot(key, mask);
      this.keys[slot] = key;
      this.indexes[slot] = indexes[i] as number;
    }
  }
}

/**
 * A copy of the 20 characters of `s` from `at`, held in one piece. A string split out of a longer one (as
 * history rows are, see readTextRows) may be a view that keeps the whole longer string alive:
 * a shared instant kept as such a view would keep its 4,096 rows of text in memory.
 */
function flatCopy(s: string, at: number): string {
  // biome-ignore format: five characters a line
  return String.fromCharCode(
    s.charCodeAt(at), s.charCodeAt(at + 1), s.charCodeAt(at + 2), s.charCodeAt(at + 3), s.charCodeAt(at + 4),
    s.charCodeAt(at + 5), s.charCodeAt(at + 6), s.charCodeAt(at + 7), s.charCodeAt(at + 8), s.charCodeAt(at + 9),
    s.charCodeAt(at + 10), s.charCodeAt(at + 11), s.charCodeAt(at + 12), s.charCodeAt(at + 13), s.charCodeAt(at + 14),
    s.charCodeAt(at + 15), s.charCodeAt(at + 16), s.charCodeAt(at + 17), s.charCodeAt(at + 18), s.charCodeAt(at + 19),
  );
}

/** the digit at `at`, or a large negative number when it is not an ASCII digit */
function digit(s: string, at: number): number {
  const d = s.charCodeAt(at) - 48;
  return d >= 0 && d <= 9 ? d : -1e15;
}

/**
 * A number that identifies a "YYYY-MM-DD" (even) or "YYYY-MM-DDTHH:MM:SSZ" (odd) string among
 * strings of those shapes, or -1 for any other string. Exact: below 2^53, one number per string.
 */
export function isoKey(s: string): number {
  return isoKeyAt(s, 0, s.length);
}

/** isoKey of the characters [start, end) of `s`, read in place (no substring made). */
export function isoKeyAt(s: string, start: number, end: number): number {
  const n = end - start;
  if (n !== 10 && n !== 20) return -1;
  const o = start;
  if (s.charCodeAt(o + 4) !== 45 || s.charCodeAt(o + 7) !== 45) return -1; // "-"
  const date =
    digit(s, o) * 10_000_000 +
    digit(s, o + 1) * 1_000_000 +
    digit(s, o + 2) * 100_000 +
    digit(s, o + 3) * 10_000 +
    digit(s, o + 5) * 1_000 +
    digit(s, o + 6) * 100 +
    digit(s, o + 8) * 10 +
    digit(s, o + 9);
  if (date < 0) return -1;
  if (n === 10) return date * 2;
  // "T", ":", ":", "Z"
  if (
    s.charCodeAt(o + 10) !== 84 ||
    s.charCodeAt(o + 13) !== 58 ||
    s.charCodeAt(o + 16) !== 58 ||
    s.charCodeAt(o + 19) !== 90
  )
    return -1;
  const time =
    digit(s, o + 11) * 100_000 +
    digit(s, o + 12) * 10_000 +
    digit(s, o + 14) * 1_000 +
    digit(s, o + 15) * 100 +
    digit(s, o + 17) * 10 +
    digit(s, o + 18);
  if (time < 0) return -1;
  return (date * 1_000_000 + time) * 2 + 1;
}
