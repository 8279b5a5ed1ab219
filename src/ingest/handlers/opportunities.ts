import { IdSet } from "../id-set";
import type { RowOf } from "../row-schemas";
import { accountResolver, type HandlerContext, newCounts, newStageTracker, type RowHandler } from "./types";

/** Opportunities: owner must be a known rep (name or email); unknown accounts are created. */
export function opportunitiesHandler(ctx: HandlerContext): RowHandler<RowOf<"opportunities">> {
  const { repo } = ctx;
  const reps = repo.repIndex();
  const accounts = accountResolver(ctx);
  const stages = newStageTracker(ctx);
  // A load at least as big as the table builds its indexes once at the end instead of row by row.
  const restoreIndexes =
    ctx.expectedRows > Math.max(20_000, repo.countOpportunities())
      ? repo.suspendIndexes("opportunities")
      : null;
  const write = repo.opportunityWriter(restoreIndexes !== null);
  const seenIds = new IdSet();

  const counts = newCounts();
  return {
    accept(row, line) {
      const ownerKey = row.owner.toLowerCase();
      const ownerId = reps.byName.get(ownerKey) ?? reps.byEmail.get(ownerKey);
      if (ownerId === undefined)
        ctx.report(line, "owner", "is not a known rep (import reps first, by name or email)");
      if (!seenIds.add(row.id)) ctx.report(line, "id", "appears more than once in this file");
      stages.see(row.stage);
      const accountId = row.account === null ? null : accounts.resolve(row.account);
      if (ownerId === undefined || !ctx.writing()) return;
      counts[write(row, ownerId, accountId)]++;
    },
    finish: () => {
      restoreIndexes?.();
      return { ...counts, newStages: stages.list(), newAccounts: accounts.created() };
    },
  };
}
