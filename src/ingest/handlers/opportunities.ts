import type { RowOf } from "../row-schemas";
import { accountResolver, type HandlerContext, newCounts, type RowHandler } from "./types";

/** Opportunities: owner must be a known rep (name or email); unknown accounts are created. */
export function opportunitiesHandler(ctx: HandlerContext): RowHandler<RowOf<"opportunities">> {
  const { repo } = ctx;
  const reps = repo.repIndex();
  const accounts = accountResolver(ctx);
  const knownStages = repo.knownStages();
  const newStages = new Set<string>();
  const seenIds = new Set<string>();
  const write = repo.opportunityWriter();
  const counts = newCounts();
  return {
    accept(row, line) {
      const ownerKey = row.owner.toLowerCase();
      const ownerId = reps.byName.get(ownerKey) ?? reps.byEmail.get(ownerKey);
      if (ownerId === undefined)
        ctx.report(line, "owner", "is not a known rep (import reps first, by name or email)");
      if (seenIds.has(row.id)) ctx.report(line, "id", "appears more than once in this file");
      seenIds.add(row.id);
      if (!knownStages.has(row.stage)) newStages.add(row.stage);
      const accountId = row.account === null ? null : accounts.resolve(row.account);
      if (ownerId === undefined || !ctx.writing()) return;
      counts[
        write({
          id: row.id,
          name: row.name,
          accountId,
          ownerId,
          stage: row.stage,
          amountCents: row.amount,
          probability: row.probability,
          product: row.product,
          createdDate: row.created_date,
          closeDate: row.close_date,
          nextStep: row.next_step,
          lastActivityDate: row.last_activity_date,
          isClosed: row.isClosed,
          isWon: row.isWon,
        })
      ]++;
    },
    finish: () => ({ ...counts, newStages: [...newStages], newAccounts: accounts.created() }),
  };
}
