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

/** What mulberry32 adds to its state at every step. */
export const MULBERRY32_STEP = 0x6d2b79f5;

/**
 * The state mulberry32 has `steps` steps after `state`: the state only ever advances by a constant,
 * so any draw's numbers can be found directly, in any order, without stepping through the ones
 * before it.
 */
export function mulberry32StateAfter(state: number, steps: number): number {
  return (state + Math.imul(steps, MULBERRY32_STEP)) | 0;
}

/** mulberry32's output for the state a step has just reached: a uniform unsigned 32-bit integer. */
export function mulberry32Output(state: number): number {
  let t = Math.imul(state ^ (state >>> 15), state | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}

/**
 * Box–Muller: two standard normals from two 32-bit uniforms, the first (cos) into out[at] and the
 * second (sin) into out[at + 1]. What Mulberry32.nextGaussian returns for its next two calls when
 * its next two numbers are `first` and `second`.
 */
export function boxMullerInto(first: number, second: number, out: Float64Array, at: number): void {
  const u = 1 - first / 4294967296; // (0, 1], so log(u) is finite
  const v = second / 4294967296;
  const r = Math.sqrt(-2 * Math.log(u));
  out[at] = r * Math.cos(2 * Math.PI * v);
  out[at + 1] = r * Math.sin(2 * Math.PI * v);
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
    this.state = (this.state + MULBERRY32_STEP) | 0;
    return mulberry32Output(this.state);
  }

  /** A uniform number in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  private spare = false;
  private readonly pair = new Float64Array(2);

  /** A standard normal draw (Box–Muller, both values of each pair used). */
  nextGaussian(): number {
    if (this.spare) {
      this.spare = false;
      return this.pair[1] as number;
    }
    const first = this.nextUint32();
    boxMullerInto(first, this.nextUint32(), this.pair, 0);
    this.spare = true;
    return this.pair[0] as number;
  }
}
