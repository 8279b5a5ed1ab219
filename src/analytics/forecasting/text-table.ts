/** Plain-text tables for `rituals analyze`: left-aligned first column, right-aligned figures. */
export function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number)))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

export function percent(ratio: number | null, digits = 1): string {
  return ratio === null ? "n/a" : `${(ratio * 100).toFixed(digits)}%`;
}

export function signedPercent(ratio: number | null): string {
  return ratio === null ? "n/a" : `${ratio > 0 ? "+" : ""}${(ratio * 100).toFixed(1)}%`;
}
