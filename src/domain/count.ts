/** "1 deal", "14 deals", "1,723 deals"; `plural` for irregular nouns ("opportunity" → "opportunities"). */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${num(n)} ${n === 1 ? noun : plural}`;
}

/** A whole number as text, with thousands separators: 1723 → "1,723". */
export function num(n: number): string {
  return n.toLocaleString("en-US");
}

/** An enum value as words in text: "at_risk" → "at risk", "planned_quarter" → "planned quarter". */
export function words(value: string | null | undefined): string {
  return value ? value.replaceAll("_", " ") : "—";
}
