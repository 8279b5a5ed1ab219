/**
 * The one typeface every chart is drawn and measured with: Inter, shipped as TTF files by an npm
 * package, so a machine without any system font renders the same pixels. The renderer loads these
 * files only (system fonts off); layout measures text with the same files, so labels are placed
 * and truncated by their real width rather than a guess.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import opentype from "opentype.js";

export const FONT_FAMILY = "Inter";

const require = createRequire(import.meta.url);
const REGULAR_FILE = require.resolve("@expo-google-fonts/inter/400Regular/Inter_400Regular.ttf");
const BOLD_FILE = require.resolve("@expo-google-fonts/inter/700Bold/Inter_700Bold.ttf");

/** The TTF files handed to the rasteriser. */
export const FONT_FILES: readonly string[] = [REGULAR_FILE, BOLD_FILE];

let faces: { regular: opentype.Font; bold: opentype.Font } | null = null;

function loadFaces(): { regular: opentype.Font; bold: opentype.Font } {
  if (!faces) {
    const parse = (file: string) => {
      const bytes = readFileSync(file);
      return opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    };
    faces = { regular: parse(REGULAR_FILE), bold: parse(BOLD_FILE) };
  }
  return faces;
}

const widthCache = new Map<string, number>();

/** Advance width in pixels of one line of text at a font size, bold for weights ≥ 600. */
export function textWidth(text: string, fontSize: number, bold = false): number {
  const key = `${bold ? "b" : "r"}${fontSize}|${text}`;
  let width = widthCache.get(key);
  if (width === undefined) {
    const face = bold ? loadFaces().bold : loadFaces().regular;
    width = face.getAdvanceWidth(text, fontSize, { kerning: true });
    // the cache is bounded by the labels of a few charts; cleared wholesale if a caller floods it
    if (widthCache.size > 5000) widthCache.clear();
    widthCache.set(key, width);
  }
  return width;
}
