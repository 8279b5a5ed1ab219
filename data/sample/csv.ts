/** RFC 4180 output: a field is quoted when it holds a comma, quote, line break or edge whitespace. */
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: readonly (string | number | boolean | null | undefined)[]): string {
  return `${values.map(csvField).join(",")}\n`;
}

/** Integer cents as a plain decimal with two places: 1250000 → "12500.00". */
export function centsToDecimal(cents: number): string {
  const whole = Math.trunc(cents / 100);
  const part = Math.abs(cents % 100);
  return `${whole}.${String(part).padStart(2, "0")}`;
}
