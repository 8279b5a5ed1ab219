/** Which deals a figure counts (metrics.md, "Deals"). */
import type { Deal } from "../../domain/crm";

/** Deals closed in [from, to] (dates inclusive). */
export function closedBetween(deals: readonly Deal[], from: string, to: string): Deal[] {
  return deals.filter((d) => d.isClosed && d.closeDate >= from && d.closeDate <= to);
}
