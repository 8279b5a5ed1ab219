/** Ratios as text for `rituals analyze`: 0.873 → "87.3%". null stays null, so a table prints its empty mark. */
export function percent(ratio: number | null | undefined, digits = 1): string | null {
  return ratio === null || ratio === undefined ? null : `${(ratio * 100).toFixed(digits)}%`;
}

/** A change or bias with its sign: 0.052 → "+5.2%", −0.03 → "-3.0%"; null stays null. */
export function signedPercent(ratio: number | null | undefined): string | null {
  return ratio === null || ratio === undefined ? null : `${ratio > 0 ? "+" : ""}${(ratio * 100).toFixed(1)}%`;
}
