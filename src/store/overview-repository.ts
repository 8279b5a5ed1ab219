import type { Db } from "./db";

/** What the store holds, in a few counts: for the start-up summary and for "is there any data yet?". */
export interface StoreOverview {
  reps: number;
  teams: number;
  accounts: number;
  opportunities: number;
  openDeals: number;
  openPipelineCents: number;
  lastImport: { id: number; kind: string; fileName: string; finishedAt: string } | null;
}

export function countOpportunities(db: Db): number {
  return (db.prepare("SELECT count(*) AS n FROM opportunities").get() as { n: number }).n;
}

export function storeOverview(db: Db): StoreOverview {
  const count = (table: "reps" | "teams" | "accounts") =>
    (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const open = db
    .prepare(
      "SELECT count(*) AS n, coalesce(sum(amount_cents), 0) AS cents FROM opportunities WHERE is_closed = 0",
    )
    .get() as { n: number; cents: number };
  const last = db
    .prepare(
      `SELECT id, kind, file_name AS fileName, finished_at AS finishedAt FROM import_runs
       WHERE outcome = 'ok' ORDER BY id DESC LIMIT 1`,
    )
    .get() as StoreOverview["lastImport"] | undefined;
  return {
    reps: count("reps"),
    teams: count("teams"),
    accounts: count("accounts"),
    opportunities: countOpportunities(db),
    openDeals: open.n,
    openPipelineCents: open.cents,
    lastImport: last ?? null,
  };
}
