/**
 * The deck's slide primitives on top of pptxgenjs: a 16:9 slide with its title, kicker line and
 * trace footer; tables that continue over as many slides as their rows need (never cut); key-figure
 * tiles; bullet text; chart images with their alt text. Every deck is built through these, so all
 * decks share one look, and the output is made byte-stable (see stablePptx).
 */
import PptxGenJS from "pptxgenjs";
import type { RenderedChart } from "../render";
import { stablePptx } from "./stable-pptx";

/** LAYOUT_WIDE: 13.33 × 7.5 inches */
export const SLIDE = { w: 13.333, h: 7.5, margin: 0.5 } as const;
export const BODY = { x: SLIDE.margin, y: 1.55, w: SLIDE.w - 2 * SLIDE.margin, h: 5.35 } as const;

/** Fonts every viewer has or maps to a metric twin (PowerPoint, Keynote, Google Slides, LibreOffice). */
const FACE = "Arial";
const INK = "1F2328";
const MUTED = "57606A";
const ACCENT = "0072B2";
const RULE = "D0D7DE";
const HEADER_FILL = "EAF2F8";
const STRIPE_FILL = "F6F8FA";
/** inches of padding inside each table cell */
const CELL_MARGIN = 0.06;

/** Smallest text size on any slide: a table read from the back of a room, or on a laptop shared in a call. */
export const MIN_FONT = 12;

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export type Align = "left" | "right" | "center";

export interface Column {
  header: string;
  /** inches */
  w: number;
  align?: Align;
}

export interface Tile {
  label: string;
  value: string;
  note?: string;
}

/** Inches a table row takes once its cells wrap: the tallest cell's lines, with the cell margins. */
export function rowHeight(row: readonly string[], columns: readonly Column[], fontSize: number): number {
  // Arial's average advance in running text is about 0.47 em; 0.5 errs towards more lines, never fewer
  const charWidth = (0.5 * fontSize) / 72;
  const lineHeight = (1.2 * fontSize) / 72;
  const lines = row.map((text, i) => {
    const width = (columns[i]?.w ?? 1) - 2 * CELL_MARGIN;
    const perLine = Math.max(1, Math.floor(width / charWidth));
    return text.split("\n").reduce((n, paragraph) => n + wrappedLines(paragraph, perLine), 0);
  });
  return Math.max(1, ...lines) * lineHeight + 2 * CELL_MARGIN;
}

/** Points of space after each paragraph of a text box. */
const PARAGRAPH_AFTER = 6;
/** Inches a text box keeps free inside its edges (pptxgenjs' default inset), each side. */
const TEXT_INSET = 0.1;
/** Inches a bullet's hanging indent takes (18 pt). */
const BULLET_INDENT = 0.25;

/**
 * The largest whole point size from `fontSize` down to MIN_FONT at which the lines, wrapped at the
 * box's width, fit its height (MIN_FONT when none does: text is never made smaller than that).
 */
export function fittedFontSize(
  lines: readonly string[],
  box: Box,
  fontSize: number,
  bullets: boolean,
): number {
  const width = box.w - 2 * TEXT_INSET - (bullets ? BULLET_INDENT : 0);
  for (let size = Math.max(fontSize, MIN_FONT); size > MIN_FONT; size--) {
    const perLine = Math.max(1, Math.floor(width / ((0.5 * size) / 72)));
    const rows = lines.reduce(
      (n, line) => n + line.split("\n").reduce((m, p) => m + wrappedLines(p, perLine), 0),
      0,
    );
    const height = (rows * 1.2 * size + lines.length * PARAGRAPH_AFTER) / 72 + 2 * TEXT_INSET;
    if (height <= box.h) return size;
  }
  return MIN_FONT;
}

function wrappedLines(text: string, perLine: number): number {
  let lines = 1;
  let used = 0;
  for (const word of text.split(" ")) {
    const need = used === 0 ? word.length : used + 1 + word.length;
    if (need <= perLine) used = need;
    else {
      lines += used === 0 ? 0 : 1;
      used = word.length;
      while (used > perLine) {
        lines += 1;
        used -= perLine;
      }
    }
  }
  return lines;
}

/** Rows cut into slides: at most `perSlide` each, and no more than `height` inches with the header. */
function pageRows(
  rows: readonly (readonly string[])[],
  columns: readonly Column[],
  fontSize: number,
  height: number,
  perSlide: number,
): (readonly string[])[][] {
  const header = rowHeight(
    columns.map((c) => c.header),
    columns,
    fontSize,
  );
  const pages: (readonly string[])[][] = [[]];
  let used = header;
  for (const row of rows) {
    const h = rowHeight(row, columns, fontSize);
    const page = pages[pages.length - 1] ?? [];
    if (page.length > 0 && (page.length >= perSlide || used + h > height)) {
      pages.push([row]);
      used = header + h;
    } else {
      page.push(row);
      used += h;
    }
  }
  return pages;
}

export class DeckWriter {
  private readonly pptx = new PptxGenJS();

  constructor(private readonly meta: { title: string; subject: string; footer: string }) {
    this.pptx.layout = "LAYOUT_WIDE";
    this.pptx.title = meta.title;
    this.pptx.subject = meta.subject;
    this.pptx.author = "Revenue Rituals";
    this.pptx.company = "Revenue Rituals";
    this.pptx.theme = { headFontFace: FACE, bodyFontFace: FACE };
  }

  titleSlide(title: string, lines: readonly string[]): void {
    const slide = this.pptx.addSlide();
    slide.background = { color: "FFFFFF" };
    slide.addShape("rect", {
      x: 0,
      y: 0,
      w: 0.28,
      h: SLIDE.h,
      fill: { color: ACCENT },
      line: { color: ACCENT },
    });
    slide.addText(title, {
      x: 1,
      y: 2.2,
      w: 11.3,
      h: 1.4,
      fontFace: FACE,
      fontSize: 40,
      bold: true,
      color: INK,
    });
    slide.addText(
      lines.map((text) => ({ text, options: { breakLine: true } })),
      { x: 1, y: 3.7, w: 11.3, h: 1.8, fontFace: FACE, fontSize: 20, color: MUTED, valign: "top" },
    );
  }

  /** A content slide with its title and, under it, one line saying what to read from it. */
  slide(title: string, kicker?: string): PptxGenJS.Slide {
    const slide = this.pptx.addSlide();
    slide.addText(title, {
      x: SLIDE.margin,
      y: 0.3,
      w: BODY.w,
      h: 0.75,
      fontFace: FACE,
      fontSize: 28,
      bold: true,
      color: INK,
      fit: "shrink",
    });
    if (kicker)
      slide.addText(kicker, {
        x: SLIDE.margin,
        y: 1.0,
        w: BODY.w,
        h: 0.45,
        fontFace: FACE,
        fontSize: 16,
        color: MUTED,
      });
    slide.addShape("line", { x: SLIDE.margin, y: 7.0, w: BODY.w, h: 0, line: { color: RULE, width: 0.75 } });
    slide.addText(this.meta.footer, {
      x: SLIDE.margin,
      y: 7.02,
      w: BODY.w - 1,
      h: 0.38,
      fontFace: FACE,
      fontSize: 10,
      color: MUTED,
    });
    slide.slideNumber = {
      x: SLIDE.w - SLIDE.margin - 0.8,
      y: 7.02,
      w: 0.8,
      h: 0.38,
      fontFace: FACE,
      fontSize: 10,
      color: MUTED,
      align: "right",
    };
    return slide;
  }

  /**
   * A table over as many slides as its rows need: at most `perSlide` rows each and no more than
   * fit the slide's height once their text wraps, the header repeated and the title numbered
   * "(2 of 3)". `empty` is written instead when there are no rows.
   */
  pagedTable(
    title: string,
    kicker: string,
    columns: readonly Column[],
    rows: readonly (readonly string[])[],
    options: { perSlide: number; empty: string; fontSize?: number; box?: Box },
  ): void {
    const box = options.box ?? BODY;
    const size = Math.max(options.fontSize ?? 14, MIN_FONT);
    const pages = pageRows(rows, columns, size, box.h, options.perSlide);
    pages.forEach((chunk, page) => {
      const slide = this.slide(
        pages.length > 1 ? `${title} (${page + 1} of ${pages.length})` : title,
        kicker,
      );
      if (chunk.length === 0) this.text(slide, [options.empty], box, 18);
      else this.table(slide, columns, chunk, box, size);
    });
  }

  table(
    slide: PptxGenJS.Slide,
    columns: readonly Column[],
    rows: readonly (readonly string[])[],
    box: Box,
    fontSize = 14,
  ): void {
    const size = Math.max(fontSize, MIN_FONT);
    const cell = (text: string, column: Column | undefined, extra: PptxGenJS.TableCellProps = {}) => ({
      text,
      options: { align: column?.align ?? "left", ...extra },
    });
    const header = columns.map((c) =>
      cell(c.header, c, { bold: true, fill: { color: HEADER_FILL }, color: INK }),
    );
    const body = rows.map((r, i) =>
      r.map((text, j) => cell(text, columns[j], i % 2 === 1 ? { fill: { color: STRIPE_FILL } } : {})),
    );
    slide.addTable([header, ...body], {
      x: box.x,
      y: box.y,
      w: columns.reduce((s, c) => s + c.w, 0),
      colW: columns.map((c) => c.w),
      fontFace: FACE,
      fontSize: size,
      color: INK,
      valign: "middle",
      margin: CELL_MARGIN,
      border: { type: "solid", pt: 0.5, color: RULE },
      autoPage: false,
    });
  }

  /** Key figures as a row of tiles: the label small, the figure large, an optional note under it. */
  tiles(slide: PptxGenJS.Slide, tiles: readonly Tile[], box: Box): void {
    const gap = 0.2;
    const w = (box.w - gap * (tiles.length - 1)) / tiles.length;
    tiles.forEach((t, i) => {
      const x = box.x + i * (w + gap);
      slide.addShape("rect", {
        x,
        y: box.y,
        w,
        h: box.h,
        fill: { color: STRIPE_FILL },
        line: { color: RULE, width: 0.75 },
      });
      slide.addText(
        [
          { text: t.label, options: { fontSize: 13, color: MUTED, breakLine: true } },
          { text: t.value, options: { fontSize: 24, bold: true, color: INK, breakLine: true } },
          ...(t.note ? [{ text: t.note, options: { fontSize: 12, color: MUTED } }] : []),
        ],
        {
          x: x + 0.1,
          y: box.y + 0.05,
          w: w - 0.2,
          h: box.h - 0.1,
          fontFace: FACE,
          valign: "middle",
          fit: "shrink",
        },
      );
    });
  }

  /**
   * Bullet or plain text in a box, at the largest size up to `fontSize` (and not below MIN_FONT)
   * its wrapped lines fit at: PowerPoint does not shrink text on open, so the size is chosen here.
   */
  text(slide: PptxGenJS.Slide, lines: readonly string[], box: Box, fontSize = 16, bullets = false): void {
    slide.addText(
      lines.map((text) => ({
        text,
        options: { breakLine: true, ...(bullets ? { bullet: { indent: 18 } } : {}) },
      })),
      {
        ...box,
        fontFace: FACE,
        fontSize: fittedFontSize(lines, box, fontSize, bullets),
        color: INK,
        valign: "top",
        paraSpaceAfter: PARAGRAPH_AFTER,
        fit: "shrink",
      },
    );
  }

  /** A chart at its own 16:9 proportions, as wide as `w` allows. */
  chart(slide: PptxGenJS.Slide, chart: RenderedChart, at: { x: number; y: number; w: number }): void {
    slide.addImage({
      data: `image/png;base64,${chart.png.toString("base64")}`,
      x: at.x,
      y: at.y,
      w: at.w,
      h: (at.w * chart.height) / chart.width,
      altText: chart.alt,
    });
  }

  /** The .pptx bytes, dated `createdAt` (ISO instant) instead of the clock. */
  async toBuffer(createdAt: string): Promise<Buffer> {
    const bytes = (await this.pptx.write({ outputType: "nodebuffer", compression: true })) as Buffer;
    return stablePptx(bytes, createdAt);
  }
}
