/**
 * Seeded pseudo-random numbers for the Monte Carlo forecast, so that a rerun on the same data
 * gives the same figures. Never Math.random.
 */

/** FNV-1a 32-bit hash of a string, for deriving one seed per scope and period. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The seed a stream uses: the configured seed mixed with the hash of what the stream is for. */
export function streamSeed(seed: number, label: string): number {
  return (Math.imul(seed >>> 0, 0x9e3779b1) ^ hashString(label)) >>> 0;
}

/** mulberry32: a small, fast 32-bit generator with a full 2^32 period. */
export class Mulberry32 {
  /** the generator's whole state; public so a hot loop can inline the step and hand the state back */
  state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A uniform unsigned 32-bit integer. */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A uniform number in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  private spare = Number.NaN;

  /** A standard normal draw (Box–Muller, both values of each pair used). */
  nextGaussian(): number {
    if (!Number.isNaN(this.spare)) {
      const z = this.spare;
      this.spare = Number.NaN;
      return z;
    }
    const u = 1 - this.next(); // (0, 1], so log(u) is finite
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
}
