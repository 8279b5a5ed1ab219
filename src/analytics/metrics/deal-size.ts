/** Average deal size (metrics.md, "Deals"): the mean amount of won deals, to the cent. */
import type { Deal } from "../../domain/crm";

/** Won amount / won deals, rounded to the cent; null with no won deal. */
export function averageDealSizeCents(wonCents: number, won: number): number | null {
  return won > 0 ? Math.round(wonCents / won) : null;
}

/** Mean amount of won deals, rounded to the cent; null with no won deal. */
export function averageDealSize(closed: readonly Deal[]): number | null {
  let n = 0;
  let sum = 0;
  for (const d of closed) {
    if (d.isWon) {
      n++;
      sum += d.amountCents;
    }
  }
  return averageDealSizeCents(sum, n);
}
