/** Sales cycle (metrics.md, "Deals"): days from created to close of won deals. */
import type { Deal } from "../../domain/crm";
import { daysBetween } from "../../domain/period";
import { median } from "./quantiles";

/** Days from created to close of one deal, never negative. */
export function cycleDays(d: Deal): number {
  return Math.max(0, daysBetween(d.createdDate, d.closeDate));
}

export interface SalesCycle {
  /** median days created → close of won deals; null with none */
  medianDays: number | null;
  meanDays: number | null;
  deals: number;
}

export function salesCycle(closed: readonly Deal[]): SalesCycle {
  const days = closed.filter((d) => d.isWon).map(cycleDays);
  return {
    medianDays: median(days),
    meanDays: days.length ? days.reduce((a, b) => a + b, 0) / days.length : null,
    deals: days.length,
  };
}
