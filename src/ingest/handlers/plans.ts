import type { RowOf } from "../row-schemas";
import { type HandlerContext, newCounts, type RowHandler } from "./types";

/** Quotas: one amount per rep and period, upserted; the owner is a rep's name or email. */
export function quotasHandler(ctx: HandlerContext): RowHandler<RowOf<"quotas">> {
  const reps = ctx.repo.repIndex();
  const write = ctx.repo.quotaWriter();
  const seen = new Set<string>();
  const counts = newCounts();
  return {
    accept(row, line) {
      const key = row.owner.toLowerCase();
      const repId = reps.byName.get(key) ?? reps.byEmail.get(key);
      if (repId === undefined) {
        ctx.report(line, "owner", "is not a known rep (import reps first, by name or email)");
        return;
      }
      if (seen.has(`${repId}|${row.period}`))
        ctx.report(line, "period", "appears twice for this rep in this file");
      seen.add(`${repId}|${row.period}`);
      if (!ctx.writing()) return;
      counts[write(repId, row.period, row.amountCents)]++;
    },
    finish: () => ({ ...counts, newStages: [], newAccounts: 0 }),
  };
}

/**
 * Forecast submissions, upserted by (submitted_by, scope, period, submitted_at). A rep or team scope
 * must name a known rep or team; rep scopes are stored with the rep's name as the store spells it.
 */
export function forecastsHandler(ctx: HandlerContext): RowHandler<RowOf<"forecasts">> {
  const reps = ctx.repo.repIndex();
  const teams = ctx.repo.teamIndex();
  const write = ctx.repo.forecastWriter();
  const seen = new Set<string>();
  const counts = newCounts();
  return {
    accept(row, line) {
      let scope = row.scope;
      if (scope.startsWith("rep:")) {
        const key = scope.slice(4).toLowerCase();
        const repId = reps.byName.get(key) ?? reps.byEmail.get(key);
        if (repId === undefined) ctx.report(line, "scope", "names a rep that is not known");
        else scope = `rep:${reps.nameById.get(repId)}`;
      } else if (scope.startsWith("team:") && !teams.has(scope.slice(5).toLowerCase())) {
        ctx.report(line, "scope", "names a team that is not known (teams come from the reps import)");
      }
      const key = [row.submittedBy.toLowerCase(), scope, row.period, row.submittedAt].join("|");
      if (seen.has(key))
        ctx.report(line, "submitted_at", "repeats an earlier row's submitter, scope and period");
      seen.add(key);
      if (!ctx.writing()) return;
      counts[write({ ...row, scope })]++;
    },
    finish: () => ({ ...counts, newStages: [], newAccounts: 0 }),
  };
}
