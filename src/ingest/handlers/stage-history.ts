import type { RowOf } from "../row-schemas";
import { detached, type HandlerContext, type HandlerTotals, newStageTracker, type RowHandler } from "./types";

/**
 * Stage-history snapshots. A row counts as inserted when it appended a stage or close-date entry and
 * as unchanged when the history already said so. Rows are applied in file order; an export sorted by
 * deal and time (as CRMs write them) gives the cleanest history.
 */
export function stageHistoryHandler(ctx: HandlerContext): RowHandler<RowOf<"stage-history">> {
  const history = ctx.repo.historyWriter();
  const stages = newStageTracker(ctx);
  const known = new Set<string>();
  let appended = 0;
  return {
    accept(row, line) {
      const id = row.opportunityId;
      if (!known.has(id)) {
        if (!history.opportunityExists(id)) {
          ctx.report(line, "opportunity_id", "is not a known opportunity (import opportunities first)");
          return;
        }
        known.add(detached(id));
      }
      if (row.stage !== null) stages.see(row.stage);
      if (!ctx.writing()) return;
      const stageAdded = row.stage !== null && history.stageAsOf(id, row.stage, row.changedAt);
      const closeAdded = row.closeDate !== null && history.closeDateAsOf(id, row.closeDate, row.changedAt);
      if (stageAdded || closeAdded) appended++;
    },
    finish(rows): HandlerTotals {
      return {
        inserted: appended,
        updated: 0,
        unchanged: rows - appended,
        newStages: stages.list(),
        newAccounts: 0,
      };
    },
  };
}
