import type { AccountValues, RepValues } from "../../store/crm-repository";
import type { RowOf } from "../row-schemas";
import { accountResolver, type HandlerContext, newCounts, type RowHandler } from "./types";

/** Accounts: matched by external id (id column) when given, else by name. */
export function accountsHandler(ctx: HandlerContext): RowHandler<RowOf<"accounts">> {
  const index = ctx.repo.accountIndex();
  const writer = ctx.repo.accountWriter();
  const seen = new Set<string>();
  const counts = { inserted: 0, updated: 0, unchanged: 0 };
  return {
    accept(row, line) {
      const nameKey = row.name.toLowerCase();
      const byName = index.byName.get(nameKey);
      let existing = row.externalId !== null ? index.byExternalId.get(row.externalId) : undefined;
      if (existing === undefined) existing = byName;
      if (row.externalId !== null && seen.has(`id:${row.externalId}`)) {
        ctx.report(line, "id", "appears more than once in this file");
      }
      if (seen.has(`name:${nameKey}`)) ctx.report(line, "name", "appears more than once in this file");
      seen.add(`id:${row.externalId}`).add(`name:${nameKey}`);
      if (byName !== undefined && existing !== byName) {
        ctx.report(line, "name", "is already the name of another account with a different id");
      }
      if (!ctx.writing()) return;
      const values: AccountValues = row;
      if (existing === undefined) {
        const id = writer.create(values);
        index.byName.set(nameKey, id);
        if (row.externalId !== null) index.byExternalId.set(row.externalId, id);
        counts.inserted++;
      } else {
        counts[writer.update(existing, values) ? "updated" : "unchanged"]++;
      }
    },
    finish: () => ({ ...counts, newStages: [], newAccounts: counts.inserted }),
  };
}

/** Reps: matched by email when given, else by name; teams are created from team names. */
export function repsHandler(ctx: HandlerContext): RowHandler<RowOf<"reps">> {
  const reps = ctx.repo.repIndex();
  const teams = ctx.repo.teamIndex();
  const writer = ctx.repo.repWriter();
  const seen = new Set<string>();
  const counts = { inserted: 0, updated: 0, unchanged: 0 };
  let placeholder = -1;
  const teamId = (name: string | null): number | null => {
    if (name === null) return null;
    const key = name.toLowerCase();
    let id = teams.get(key);
    if (id === undefined) {
      id = ctx.writing() ? ctx.repo.createTeam(name) : placeholder--;
      teams.set(key, id);
    }
    return id;
  };
  return {
    accept(row, line) {
      const nameKey = row.name.toLowerCase();
      const emailKey = row.email?.toLowerCase() ?? null;
      if (seen.has(`name:${nameKey}`)) ctx.report(line, "name", "appears more than once in this file");
      if (emailKey !== null && seen.has(`email:${emailKey}`)) {
        ctx.report(line, "email", "appears more than once in this file");
      }
      seen.add(`name:${nameKey}`);
      if (emailKey !== null) seen.add(`email:${emailKey}`);
      const byName = reps.byName.get(nameKey);
      const existing = (emailKey !== null ? reps.byEmail.get(emailKey) : undefined) ?? byName;
      if (byName !== undefined && existing !== byName) {
        ctx.report(line, "name", "is already the name of another rep with a different email");
      }
      const values: RepValues = {
        name: row.name,
        email: row.email,
        teamId: teamId(row.team),
        region: row.region,
        segment: row.segment,
        manager: row.manager,
        hireDate: row.hireDate,
      };
      if (!ctx.writing()) return;
      if (existing === undefined) {
        const id = writer.create(values);
        reps.byName.set(nameKey, id);
        if (emailKey !== null) reps.byEmail.set(emailKey, id);
        counts.inserted++;
      } else {
        counts[writer.update(existing, values) ? "updated" : "unchanged"]++;
      }
    },
    finish: () => ({ ...counts, newStages: [], newAccounts: 0 }),
  };
}

/** Contracts: upsert by id; the account is matched by external id or name and created when unknown. */
export function contractsHandler(ctx: HandlerContext): RowHandler<RowOf<"contracts">> {
  const accounts = accountResolver(ctx);
  const write = ctx.repo.contractWriter();
  const seen = new Set<string>();
  const counts = newCounts();
  return {
    accept(row, line) {
      if (seen.has(row.id)) ctx.report(line, "id", "appears more than once in this file");
      seen.add(row.id);
      const accountId = accounts.resolve(row.account);
      if (!ctx.writing()) return;
      counts[write({ ...row, accountId })]++;
    },
    finish: () => ({ ...counts, newStages: [], newAccounts: accounts.created() }),
  };
}
