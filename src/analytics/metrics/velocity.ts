/**
 * Sales velocity (metrics.md, "Pipeline health"): open deals × win rate × average deal size /
 * sales cycle, in cents per day, rounded to the cent. Callers say why it is missing when an input is.
 */
export function salesVelocityCentsPerDay(
  openDeals: number,
  winRate: number,
  averageDealSizeCents: number,
  salesCycleDays: number,
): number {
  return Math.round((openDeals * winRate * averageDealSizeCents) / salesCycleDays);
}
