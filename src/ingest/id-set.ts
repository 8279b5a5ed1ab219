/**
 * A set of strings for the ids a large import has seen, held compactly: the characters live in one
 * growing Uint16Array and an open-addressing table of Int32 slots points at them. A JS Set of 1M
 * ids kept ~80 MB of small strings alive (and made every major GC walk them); this holds the same
 * in ~2 bytes a character plus 12 bytes an id.
 *
 * While ids arrive in strictly increasing order (CRMs usually export sorted by id), each is new by
 * construction, so they are only appended and the hash table is not built: its random probes
 * (cache misses in an 8 MB table) were ~0.3 s of a 1M-row import. The first id out of order builds
 * the table from everything stored so far and the set works by hashing from then on.
 */
export class IdSet {
  private chars = new Uint16Array(1 << 16);
  private used = 0;
  /** start of entry i's characters; entry i ends where entry i+1 starts (or at `used`) */
  private starts = new Int32Array(1 << 12);
  private count = 0;
  /** entry index + 1 per slot, 0 = empty */
  private slots = new Int32Array(1 << 13);
  /** whether every id so far was greater than the one before (then `slots` is not maintained) */
  private ascending = true;
  private last = "";

  get size(): number {
    return this.count;
  }

  /** Adds the id; false when it was already there. */
  add(id: string): boolean {
    if (this.ascending) {
      if (this.count === 0 || id > this.last) {
        this.store(id);
        this.last = id;
        return true;
      }
      this.buildTable();
    }
    const length = id.length;
    let hash = 0x811c9dc5;
    for (let i = 0; i < length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (;;) {
      const entry = this.slots[slot] as number;
      if (entry === 0) break;
      if (this.equals(entry - 1, id)) return false;
      slot = (slot + 1) & mask;
    }
    this.store(id);
    this.slots[slot] = this.count;
    if (this.count * 2 > this.slots.length) this.rehash();
    return true;
  }

  has(id: string): boolean {
    if (this.ascending) this.buildTable();
    let hash = 0x811c9dc5;
    for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot] as number;
      if (entry === 0) return false;
      if (this.equals(entry - 1, id)) return true;
    }
  }

  private end(index: number): number {
    return index + 1 < this.count ? (this.starts[index + 1] as number) : this.used;
  }

  private equals(index: number, id: string): boolean {
    const start = this.starts[index] as number;
    if (this.end(index) - start !== id.length) return false;
    for (let i = 0; i < id.length; i++) if (this.chars[start + i] !== id.charCodeAt(i)) return false;
    return true;
  }

  private store(id: string): void {
    if (this.used + id.length > this.chars.length) {
      const grown = new Uint16Array(Math.max(this.chars.length * 2, this.used + id.length));
      grown.set(this.chars);
      this.chars = grown;
    }
    if (this.count === this.starts.length) {
      const grown = new Int32Array(this.starts.length * 2);
      grown.set(this.starts);
      this.starts = grown;
    }
    this.starts[this.count] = this.used;
    for (let i = 0; i < id.length; i++) this.chars[this.used + i] = id.charCodeAt(i);
    this.used += id.length;
    this.count++;
  }

  /** Leaves ascending mode: indexes every stored id in a table at most half full. */
  private buildTable(): void {
    this.ascending = false;
    this.last = "";
    let size = this.slots.length;
    while (this.count * 2 > size) size *= 2;
    this.rehash(size);
  }

  private rehash(size = this.slots.length * 2): void {
    const slots = new Int32Array(size);
    const mask = slots.length - 1;
    for (let index = 0; index < this.count; index++) {
      const start = this.starts[index] as number;
      const end = this.end(index);
      let hash = 0x811c9dc5;
      for (let i = start; i < end; i++) hash = Math.imul(hash ^ (this.chars[i] as number), 0x01000193);
      let slot = hash & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = index + 1;
    }
    this.slots = slots;
  }
}
