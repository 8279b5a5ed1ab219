import type { Statement } from "better-sqlite3";
import type { Db } from "./db";

/**
 * CRM writes for the CSV import. Every statement is prepared once per import and run inside the
 * import's single transaction. Updates skip rows whose values are already stored (`WHERE ... IS NOT`
 * every value), so a re-import rewrites nothing and the history triggers only fire on real changes;
 * updated deals carry changed_at = import time, which the triggers record as the time of the change.
 */

export type WriteOutcome = "inserted" | "updated" | "unchanged";

/** A deal as the import read it; owner and account ids are passed beside it. */
export interface OpportunityValues {
  id: string;
  name: string | null;
  stage: string;
  amountCents: number;
  probability: number | null;
  product: string | null;
  createdDate: string;
  closeDate: string;
  nextStep: string | null;
  lastActivityDate: string | null;
  isClosed: boolean;
  isWon: boolean;
}

export interface RepValues {
  name: string;
  email: string | null;
  teamId: number | null;
  region: string | null;
  segment: string | null;
  manager: string | null;
  hireDate: string | null;
}

export interface AccountValues {
  externalId: string | null;
  name: string;
  segment: string | null;
  region: string | null;
  industry: string | null;
}

export interface RepIndex {
  /** lower-cased name → id */
  byName: Map<string, number>;
  /** lower-cased email → id */
  byEmail: Map<string, number>;
  nameById: Map<number, string>;
}

export interface AccountIndex {
  byExternalId: Map<string, number>;
  /** lower-cased name → id */
  byName: Map<string, number>;
}

/** An opportunity's columns besides its id, in the order the import writes and the refresh reads them. */
export const OPPORTUNITY_COLUMNS = [
  "name",
  "account_id",
  "owner_id",
  "stage",
  "amount_cents",
  "probability",
  "product",
  "created_date",
  "close_date",
  "next_step",
  "last_activity_date",
  "is_closed",
  "is_won",
];

/** "a IS NOT @a OR b IS NOT @b": true when any stored value differs from the row's. */
const differs = (columns: string[]) => columns.map((c) => `${c} IS NOT @${c}`).join(" OR ");
const assign = (columns: string[]) => columns.map((c) => `${c} = @${c}`).join(", ");

/**
 * Insert-or-update by key in two statements. (`INSERT ... ON CONFLICT DO UPDATE ... WHERE` measured
 * 4× slower here than `ON CONFLICT DO NOTHING` followed by a conditional UPDATE, with heavy system
 * time, so a 1M-row import missed its budget.) The UPDATE only touches rows whose values differ.
 */
function keyedWriter(
  db: Db,
  table: string,
  keys: string[],
  values: string[],
  stamp: string[],
): (row: Record<string, unknown>) => WriteOutcome {
  const all = [...keys, ...values, ...stamp];
  const insert = db.prepare(
    `INSERT INTO ${table} (${all.join(", ")}) VALUES (${all.map((c) => `@${c}`).join(", ")})
     ON CONFLICT(${keys.join(", ")}) DO NOTHING`,
  );
  const update = db.prepare(
    `UPDATE ${table} SET ${assign([...values, ...stamp])}
      WHERE ${keys.map((k) => `${k} = @${k}`).join(" AND ")} AND (${differs(values)})`,
  );
  return (row) => {
    if (insert.run(row).changes > 0) return "inserted";
    return update.run(row).changes > 0 ? "updated" : "unchanged";
  };
}

export class CrmRepository {
  constructor(
    private readonly db: Db,
    private readonly importId: number,
    /** ISO instant of the import; becomes changed_at and so the time history records */
    private readonly changedAt: string,
  ) {}

  countOpportunities(): number {
    return this.db.prepare("SELECT count(*) FROM opportunities").pluck().get() as number;
  }

  repIndex(): RepIndex {
    const index: RepIndex = { byName: new Map(), byEmail: new Map(), nameById: new Map() };
    const rows = this.db.prepare("SELECT id, name, email FROM reps").all() as {
      id: number;
      name: string;
      email: string | null;
    }[];
    for (const r of rows) {
      index.byName.set(r.name.toLowerCase(), r.id);
      if (r.email) index.byEmail.set(r.email.toLowerCase(), r.id);
      index.nameById.set(r.id, r.name);
    }
    return index;
  }

  accountIndex(): AccountIndex {
    const index: AccountIndex = { byExternalId: new Map(), byName: new Map() };
    const rows = this.db.prepare("SELECT id, external_id, name FROM accounts").all() as {
      id: number;
      external_id: string | null;
      name: string;
    }[];
    for (const a of rows) {
      if (a.external_id !== null) index.byExternalId.set(a.external_id, a.id);
      index.byName.set(a.name.toLowerCase(), a.id);
    }
    return index;
  }

  /** lower-cased team name → id */
  teamIndex(): Map<string, number> {
    const rows = this.db.prepare("SELECT id, name FROM teams").all() as { id: number; name: string }[];
    return new Map(rows.map((t) => [t.name.toLowerCase(), t.id]));
  }

  /** Whether any deal is or was in the stage (asked once per distinct stage of a file). */
  stageKnown(): (stage: string) => boolean {
    const statement = this.db
      .prepare(
        `SELECT EXISTS (SELECT 1 FROM opportunities WHERE stage = @stage)
             OR EXISTS (SELECT 1 FROM stage_history WHERE stage = @stage)`,
      )
      .pluck();
    return (stage) => statement.get({ stage }) === 1;
  }

  /**
   * The hot path of a 1M-row import, so positional parameters and raw rows. A row is either inserted
   * or its stored values are read and compared in JS, and only a row that differs is updated (cheaper
   * than an UPDATE ... WHERE IS NOT per row). Each row first tries what the previous row turned out
   * to need: the INSERT after a new deal, the read after a stored one (`bulk`, a load into an empty
   * or small table, starts with the INSERT). Exports list new and known deals in runs, so a
   * re-import of a known file no longer pays a failed INSERT per row, nor a fresh load a failed read;
   * a wrong guess only costs the other statement, never a different result.
   */
  opportunityWriter(
    bulk: boolean,
  ): (v: OpportunityValues, ownerId: number, accountId: number | null) => WriteOutcome {
    const { importId, changedAt } = this;
    let insertFirst = bulk;
    // The import's id and instant are the same on every row, so they are written into the statement
    // as literals rather than bound (converted and copied) a million times.
    const stamp = `${Number(importId)}, '${changedAt.replaceAll("'", "''")}'`;
    const insert = this.db.prepare(
      `INSERT INTO opportunities (id, ${OPPORTUNITY_COLUMNS.join(", ")}, import_id, changed_at)
       VALUES (${["id", ...OPPORTUNITY_COLUMNS].map(() => "?").join(", ")}, ${stamp})
       ON CONFLICT(id) DO NOTHING`,
    );
    const select = this.db
      .prepare(`SELECT ${OPPORTUNITY_COLUMNS.join(", ")} FROM opportunities WHERE id = ?`)
      .raw();
    // An UPDATE sets only the columns whose values changed, one statement per set of columns: SQLite
    // rewrites every index on a column named in SET (value changed or not), so setting all of them
    // moved each updated deal's owner, account and close-date index entries for nothing.
    const updates = new Map<number, Statement>();
    const updateOf = (changed: number): Statement => {
      let statement = updates.get(changed);
      if (statement === undefined) {
        const set = OPPORTUNITY_COLUMNS.filter((_, i) => changed & (1 << i)).map((c) => `${c} = ?`);
        statement = this.db.prepare(
          `UPDATE opportunities SET ${set.join(", ")}, import_id = ?, changed_at = ? WHERE id = ?`,
        );
        updates.set(changed, statement);
      }
      return statement;
    };
    return (v, ownerId, accountId) => {
      const closed = v.isClosed ? 1 : 0;
      const won = v.isWon ? 1 : 0;
      let stored = insertFirst ? undefined : (select.get(v.id) as unknown[] | undefined);
      if (stored === undefined) {
        // biome-ignore format: one row's values, in column order
        const inserted = insert.run(v.id, v.name, accountId, ownerId, v.stage, v.amountCents, v.probability,
          v.product, v.createdDate, v.closeDate, v.nextStep, v.lastActivityDate, closed, won);
        insertFirst = inserted.changes > 0;
        if (insertFirst) return "inserted";
        stored = select.get(v.id) as unknown[];
      }
      insertFirst = false;
      // biome-ignore format: one row's values, in column order
      const values = [v.name, accountId, ownerId, v.stage, v.amountCents, v.probability, v.product, v.createdDate,
        v.closeDate, v.nextStep, v.lastActivityDate, closed, won];
      let changed = 0;
      for (let i = 0; i < values.length; i++) if (stored[i] !== values[i]) changed |= 1 << i;
      if (changed === 0) return "unchanged";
      const params: unknown[] = [];
      for (let i = 0; i < values.length; i++) if (changed & (1 << i)) params.push(values[i]);
      params.push(importId, changedAt, v.id);
      updateOf(changed).run(params);
      return "updated";
    };
  }

  accountWriter(): {
    create: (v: AccountValues) => number;
    update: (id: number, v: AccountValues) => boolean;
  } {
    const insert = this.db.prepare(
      `INSERT INTO accounts (external_id, name, segment, region, industry, import_id)
       VALUES (@externalId, @name, @segment, @region, @industry, @importId)`,
    );
    const update = this.db.prepare(
      `UPDATE accounts SET external_id = @externalId, name = @name, segment = @segment, region = @region,
              industry = @industry, import_id = @importId
        WHERE id = @id AND (external_id IS NOT @externalId OR name IS NOT @name OR segment IS NOT @segment
                            OR region IS NOT @region OR industry IS NOT @industry)`,
    );
    const { importId } = this;
    return {
      create: (v) => Number(insert.run({ ...v, importId }).lastInsertRowid),
      update: (id, v) => update.run({ ...v, importId, id }).changes > 0,
    };
  }

  createTeam(name: string): number {
    return Number(this.db.prepare("INSERT INTO teams (name) VALUES (?)").run(name).lastInsertRowid);
  }

  repWriter(): { create: (v: RepValues) => number; update: (id: number, v: RepValues) => boolean } {
    const insert = this.db.prepare(
      `INSERT INTO reps (name, email, team_id, region, segment, manager, hire_date, import_id)
       VALUES (@name, @email, @teamId, @region, @segment, @manager, @hireDate, @importId)`,
    );
    const update = this.db.prepare(
      `UPDATE reps SET name = @name, email = @email, team_id = @teamId, region = @region, segment = @segment,
              manager = @manager, hire_date = @hireDate, import_id = @importId
        WHERE id = @id AND (name IS NOT @name OR email IS NOT @email OR team_id IS NOT @teamId
                            OR region IS NOT @region OR segment IS NOT @segment OR manager IS NOT @manager
                            OR hire_date IS NOT @hireDate)`,
    );
    const { importId } = this;
    return {
      create: (v) => Number(insert.run({ ...v, importId }).lastInsertRowid),
      update: (id, v) => update.run({ ...v, importId, id }).changes > 0,
    };
  }

  contractWriter(): (v: {
    id: string;
    accountId: number;
    product: string | null;
    valueCents: number;
    startDate: string;
    endDate: string;
  }) => WriteOutcome {
    const write = keyedWriter(
      this.db,
      "contracts",
      ["id"],
      ["account_id", "product", "value_cents", "start_date", "end_date"],
      ["import_id"],
    );
    const { importId } = this;
    return (v) =>
      write({
        id: v.id,
        account_id: v.accountId,
        product: v.product,
        value_cents: v.valueCents,
        start_date: v.startDate,
        end_date: v.endDate,
        import_id: importId,
      });
  }

  quotaWriter(): (repId: number, period: string, amountCents: number) => WriteOutcome {
    const write = keyedWriter(this.db, "quotas", ["rep_id", "period"], ["amount_cents"], ["import_id"]);
    const { importId } = this;
    return (repId, period, amountCents) =>
      write({ rep_id: repId, period, amount_cents: amountCents, import_id: importId });
  }

  forecastWriter(): (v: {
    submittedBy: string;
    scope: string;
    period: string;
    amountCents: number;
    submittedAt: string;
  }) => WriteOutcome {
    const write = keyedWriter(
      this.db,
      "forecast_submissions",
      ["submitted_by", "scope", "period", "submitted_at"],
      ["amount_cents"],
      ["import_id"],
    );
    const { importId } = this;
    return (v) =>
      write({
        submitted_by: v.submittedBy,
        scope: v.scope,
        period: v.period,
        submitted_at: v.submittedAt,
        amount_cents: v.amountCents,
        import_id: importId,
      });
  }

  /**
   * Stage and close-date snapshots ("as of t the deal was in stage S / closing on D"). An entry is
   * appended only when it differs from the deal's latest entry at or before t, so re-importing the
   * same snapshots appends nothing.
   */
  historyWriter(): {
    opportunityExists: (id: string) => boolean;
    stageAsOf: (id: string, stage: string, at: string) => boolean;
    closeDateAsOf: (id: string, closeDate: string, at: string) => boolean;
  } {
    const exists = this.db.prepare("SELECT 1 FROM opportunities WHERE id = ?").pluck();
    const previousStage = this.db
      .prepare(
        `SELECT stage FROM stage_history WHERE opportunity_id = ? AND entered_at <= ?
          ORDER BY entered_at DESC, id DESC LIMIT 1`,
      )
      .pluck();
    const insertStage = this.db.prepare(
      "INSERT OR IGNORE INTO stage_history (opportunity_id, stage, entered_at, import_id) VALUES (?, ?, ?, ?)",
    );
    const previousCloseDate = this.db
      .prepare(
        `SELECT close_date FROM close_date_history WHERE opportunity_id = ? AND changed_at <= ?
          ORDER BY changed_at DESC, id DESC LIMIT 1`,
      )
      .pluck();
    const insertCloseDate = this.db.prepare(
      `INSERT OR IGNORE INTO close_date_history (opportunity_id, close_date, changed_at, import_id)
       VALUES (?, ?, ?, ?)`,
    );
    const { importId } = this;
    return {
      opportunityExists: (id) => exists.get(id) !== undefined,
      stageAsOf: (id, stage, at) =>
        previousStage.get(id, at) !== stage && insertStage.run(id, stage, at, importId).changes > 0,
      closeDateAsOf: (id, closeDate, at) =>
        previousCloseDate.get(id, at) !== closeDate &&
        insertCloseDate.run(id, closeDate, at, importId).changes > 0,
    };
  }
}
