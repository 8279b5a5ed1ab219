/**
 * Test builders for analytics: a Dataset from a partial one, small record builders with
 * defaults, and the Prepared indexes for a given "today". Extend additively.
 */
import { analysisContext, type Settings } from "../../src/analytics/prepare/context";
import { type Prepared, prepare } from "../../src/analytics/prepare/prepare";
import type {
  Account,
  CloseDateChange,
  Contract,
  Dataset,
  Deal,
  Quota,
  Rep,
  StageChange,
} from "../../src/domain/crm";
import type { Db } from "../../src/store/db";

export function dataset(partial: Partial<Dataset> = {}): Dataset {
  return {
    reps: [],
    accounts: [],
    contracts: [],
    deals: [],
    stageHistory: [],
    closeDateHistory: [],
    quotas: [],
    submissions: [],
    snapshots: [],
    importId: 1,
    ...partial,
  };
}

/** Prepared for `today` (YYYY-MM-DD): asOf is noon UTC that day, time zone UTC, fiscal year from January. */
export function prepared(
  ds: Dataset,
  today: string,
  options: { fiscalStartMonth?: number; settings?: Partial<Settings>; currency?: string } = {},
): Prepared {
  const ctx = analysisContext(new Date(`${today}T12:00:00Z`), {
    timeZone: "UTC",
    fiscalStartMonth: options.fiscalStartMonth ?? 1,
    currency: options.currency ?? "USD",
    settings: options.settings,
  });
  return prepare(ds, ctx);
}

export function rep(partial: Partial<Rep> & { id: number; name: string }): Rep {
  return {
    email: null,
    team: null,
    region: null,
    segment: null,
    manager: null,
    hireDate: null,
    slackUserId: null,
    ...partial,
  };
}

let dealCounter = 0;

/**
 * A deal with defaults: open "Discovery" deal, $1,000, created 2026-01-01, closing 2026-06-30.
 * Passing stage "Closed Won"/"Closed Lost" sets isClosed/isWon unless given.
 */
export function deal(partial: Partial<Deal> & { ownerId: number }): Deal {
  dealCounter++;
  const stage = partial.stage ?? "Discovery";
  const won = /won$/i.test(stage);
  const closed = won || /lost$/i.test(stage);
  return {
    id: partial.id ?? `D${String(dealCounter).padStart(5, "0")}`,
    name: `Deal ${dealCounter}`,
    accountId: null,
    stage,
    amountCents: 100_000,
    probability: null,
    product: null,
    createdDate: "2026-01-01",
    closeDate: "2026-06-30",
    nextStep: null,
    lastActivityDate: null,
    isClosed: closed,
    isWon: won,
    ...partial,
  };
}

export function quota(repId: number, period: string, amountCents: number): Quota {
  return { repId, period, amountCents };
}

export function account(partial: Partial<Account> & { id: number; name: string }): Account {
  return { externalId: null, segment: null, region: null, industry: null, ...partial };
}

export function contract(partial: Partial<Contract> & { id: string; accountId: number }): Contract {
  return { product: null, valueCents: 100_000, startDate: "2025-01-01", endDate: "2025-12-31", ...partial };
}

/** Stage history rows for one deal: [stage, enteredAt] pairs, oldest first. */
export function stageChanges(opportunityId: string, steps: [string, string][]): StageChange[] {
  return steps.map(([stage, enteredAt]) => ({ opportunityId, stage, enteredAt }));
}

/** Close-date history rows for one deal: [closeDate, changedAt] pairs, oldest first. */
export function closeDateChanges(opportunityId: string, steps: [string, string][]): CloseDateChange[] {
  return steps.map(([closeDate, changedAt]) => ({ opportunityId, closeDate, changedAt }));
}

/**
 * Writes a Dataset into a migrated database (test fixtures only; the product writes through
 * src/store/). Teams are created from the reps' team names. Returns the import run id.
 */
export function seedDatabase(db: Db, ds: Dataset): number {
  const importId = Number(
    db
      .prepare(
        `INSERT INTO import_runs (kind, file_name, file_hash, started_at, finished_at, outcome)
         VALUES ('fixture', 'fixture.csv', 'x', '2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z', 'ok')`,
      )
      .run().lastInsertRowid,
  );
  const teamId = new Map<string, number>();
  for (const r of ds.reps) {
    if (r.team && !teamId.has(r.team)) {
      teamId.set(
        r.team,
        Number(db.prepare("INSERT INTO teams (name) VALUES (?)").run(r.team).lastInsertRowid),
      );
    }
    db.prepare(
      `INSERT INTO reps (id, name, email, team_id, region, segment, manager, hire_date, import_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      r.id,
      r.name,
      r.email,
      r.team ? teamId.get(r.team) : null,
      r.region,
      r.segment,
      r.manager,
      r.hireDate,
      importId,
    );
  }
  for (const a of ds.accounts) {
    db.prepare(
      "INSERT INTO accounts (id, external_id, name, segment, region, industry) VALUES (?, ?, ?, ?, ?, ?)",
    ).run(a.id, a.externalId, a.name, a.segment, a.region, a.industry);
  }
  const insertDeal = db.prepare(
    `INSERT INTO opportunities (id, name, account_id, owner_id, stage, amount_cents, probability, product, created_date,
       close_date, next_step, last_activity_date, is_closed, is_won, import_id, changed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '2026-01-01T00:00:00Z')`,
  );
  for (const d of ds.deals) {
    insertDeal.run(
      d.id,
      d.name,
      d.accountId,
      d.ownerId,
      d.stage,
      d.amountCents,
      d.probability,
      d.product,
      d.createdDate,
      d.closeDate,
      d.nextStep,
      d.lastActivityDate,
      d.isClosed ? 1 : 0,
      d.isWon ? 1 : 0,
      importId,
    );
  }
  for (const h of ds.stageHistory) {
    db.prepare("INSERT INTO stage_history (opportunity_id, stage, entered_at) VALUES (?, ?, ?)").run(
      h.opportunityId,
      h.stage,
      h.enteredAt,
    );
  }
  for (const h of ds.closeDateHistory) {
    db.prepare(
      "INSERT INTO close_date_history (opportunity_id, close_date, changed_at) VALUES (?, ?, ?)",
    ).run(h.opportunityId, h.closeDate, h.changedAt);
  }
  for (const q of ds.quotas) {
    db.prepare("INSERT INTO quotas (rep_id, period, amount_cents) VALUES (?, ?, ?)").run(
      q.repId,
      q.period,
      q.amountCents,
    );
  }
  return importId;
}
