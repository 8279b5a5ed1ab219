import { IdSet } from "../id-set";
import type { RowOf } from "../row-schemas";
import {
  accountResolver,
  detached,
  type HandlerContext,
  newCounts,
  newStageTracker,
  type RowHandler,
} from "./types";

/** Opportunities: owner must be a known rep (name or email); unknown accounts are created. */
export function opportunitiesHandler(ctx: HandlerContext): RowHandler<RowOf<"opportunities">> {
  const { repo } = ctx;
  const reps = repo.repIndex();
  const accounts = accountResolver(ctx);
  const stages = newStageTracker(ctx);
  // A load at least as big as the table tries the INSERT first instead of reading each stored row.
  // The table has no secondary index (migration 9 dropped the owner, close-date and account ones:
  // no query used them, and keeping them current row by row was half of a 1M-row load's time;
  // dropping them for the load and rebuilding them after it had measured slower still, each build
  // re-reading the uncommitted table from the write-ahead log), so a row costs the table's b-tree
  // and its primary key's, both appended to when a file lists its deals in id order.
  const bulk = ctx.expectedRows > Math.max(20_000, repo.countOpportunities());
  const write = repo.opportunityWriter(bulk);
  const seenIds = new IdSet();
  const owners = new Map<string, number>();

  const counts = newCounts();
  return {
    accept(row, line) {
      // Owners repeat on every row: look each distinct cell text up once (no lower-cased copy per row).
      let ownerId = owners.get(row.owner);
      if (ownerId === undefined) {
        const ownerKey = row.owner.toLowerCase();
        ownerId = reps.byName.get(ownerKey) ?? reps.byEmail.get(ownerKey);
        if (ownerId !== undefined) owners.set(detached(row.owner), ownerId);
      }
      if (ownerId === undefined)
        ctx.report(line, "owner", "is not a known rep (import reps first, by name or email)");
      if (!seenIds.add(row.id)) ctx.report(line, "id", "appears more than once in this file");
      stages.see(row.stage);
      const accountId = row.account === null ? null : accounts.resolve(row.account);
      if (ownerId === undefined || !ctx.writing()) return;
      counts[write(row, ownerId, accountId)]++;
    },
    finish: () => {
      return { ...counts, newStages: stages.list(), newAccounts: accounts.created() };
    },
  };
}
