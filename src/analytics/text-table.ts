/**
 * A small plain-text table for `renderText`: columns padded to their widest cell, numbers
 * right-aligned. Used by every analysis that prints rows in `rituals analyze`; ratios are
 * formatted by metrics/percent.ts.
 */
import { formatMoney } from "../domain/money";

export type Cell = string | number | null | undefined;
export type Align = "left" | "right";

export interface TableOptions {
  /** per-column alignment; default: right for columns whose body cells are all numbers, else left */
  align?: readonly Align[];
  /** text for null/undefined cells; default "—" */
  empty?: string;
  /** indent every line by this many spaces */
  indent?: number;
  /** print "(none)" under the rule when there are no body rows; default true */
  none?: boolean;
}

/** Renders a header row, a rule, and the body rows. An empty body prints "(none)" under the rule. */
export function renderTable(
  headers: readonly string[],
  rows: readonly (readonly Cell[])[],
  options: TableOptions = {},
): string {
  const empty = options.empty ?? "—";
  const text = (c: Cell) => (c === null || c === undefined ? empty : String(c));
  const body = rows.map((r) => headers.map((_, i) => text(r[i])));
  const widths = headers.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] as string).length)));
  const align = headers.map(
    (_, i) =>
      options.align?.[i] ??
      (rows.length > 0 && rows.every((r) => typeof r[i] === "number" || r[i] === null || r[i] === undefined)
        ? "right"
        : "left"),
  );
  const pad = " ".repeat(options.indent ?? 0);
  const line = (cells: readonly string[]) =>
    pad +
    cells
      .map((c, i) => (align[i] === "right" ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number)))
      .join("  ")
      .trimEnd();
  const out = [line(headers), pad + widths.map((w) => "-".repeat(w)).join("  ")];
  if (body.length === 0 && options.none !== false) out.push(`${pad}(none)`);
  else for (const r of body) out.push(line(r));
  return out.join("\n");
}

/** A table of figures: the first column left-aligned, every other right-aligned, missing cells blank. */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return renderTable(header, rows, {
    align: header.map((_, i) => (i === 0 ? "left" : "right")),
    empty: "",
    none: false,
  });
}

/** Label/value pairs, labels padded: "Bookings    $1,200". */
export function renderPairs(
  pairs: readonly (readonly [string, Cell])[],
  options: { empty?: string; indent?: number } = {},
): string {
  const empty = options.empty ?? "—";
  const width = Math.max(0, ...pairs.map(([k]) => k.length));
  const pad = " ".repeat(options.indent ?? 0);
  return pairs
    .map(([k, v]) =>
      `${pad}${k.padEnd(width)}  ${v === null || v === undefined ? empty : String(v)}`.trimEnd(),
    )
    .join("\n");
}

/** 3.04 → "3.0x" */
export function multiple(ratio: number | null | undefined, digits = 1): string | null {
  return ratio === null || ratio === undefined ? null : `${ratio.toFixed(digits)}x`;
}

/** Integer cents → "$1,240" in the currency; null stays null. */
export function money(cents: number | null | undefined, currency = "USD"): string | null {
  return cents === null || cents === undefined ? null : formatMoney(cents, currency);
}
