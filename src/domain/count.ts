/** "1 deal", "14 deals", "1,723 deals"; `plural` for irregular nouns ("opportunity" → "opportunities"). */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? noun : plural}`;
}

/** An enum value as words in text: "at_risk" → "at risk", "planned_quarter" → "planned quarter". */
export function words(value: string | null | undefined): string {
  return value ? value.replaceAll("_", " ") : "—";
}
