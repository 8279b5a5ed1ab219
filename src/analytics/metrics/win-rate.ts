/**
 * Win rate (metrics.md, "Deals"): the one definition, by count and by value. Analyses that sum
 * counts per rep first call winRateByCount / winRateByValue on their sums.
 */
import type { Deal } from "../../domain/crm";

/** won / (won + lost); null when nothing closed */
export function winRateByCount(won: number, lost: number): number | null {
  return won + lost > 0 ? won / (won + lost) : null;
}

/** won amount / closed amount; null when nothing (or only zero amounts) closed */
export function winRateByValue(wonCents: number, closedCents: number): number | null {
  return closedCents > 0 ? wonCents / closedCents : null;
}

export interface WinRate {
  won: number;
  lost: number;
  /** won / (won + lost); null when nothing closed */
  byCount: number | null;
  /** won amount / closed amount; null when nothing closed */
  byValue: number | null;
}

export function winRate(closed: readonly Deal[]): WinRate {
  let won = 0;
  let lost = 0;
  let wonValue = 0;
  let closedValue = 0;
  for (const d of closed) {
    if (!d.isClosed) continue;
    closedValue += d.amountCents;
    if (d.isWon) {
      won++;
      wonValue += d.amountCents;
    } else lost++;
  }
  return { won, lost, byCount: winRateByCount(won, lost), byValue: winRateByValue(wonValue, closedValue) };
}
