/** PNG facts for tests, and the folder where tests leave their images to be looked at. */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the IHDR chunk; throws when the bytes are not a PNG. */
export function pngSize(png: Buffer): { width: number; height: number } {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error("not a PNG: bad signature");
  if (png.toString("latin1", 12, 16) !== "IHDR") throw new Error("not a PNG: first chunk is not IHDR");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/**
 * Git-ignored folder of the images and decks the tests made, overwritten on every run, so a
 * person can open them; the tests' only files that outlive them, on purpose.
 */
export const OUTPUT_DIR = path.resolve(import.meta.dirname, "../../test-output/charts");

export function keep(name: string, bytes: Buffer | string): void {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  writeFileSync(path.join(OUTPUT_DIR, name), bytes);
}
