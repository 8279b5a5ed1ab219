import type { AnalysisName } from "../domain/analyses/catalog";
import type { ForecastSnapshot } from "../domain/crm";
import type { Db } from "./db";

/** One stored analysis document with everything needed to trace its numbers. */
export interface StoredAnalysis<T = unknown> {
  id: number;
  name: AnalysisName;
  scope: string;
  period: string;
  asOf: string;
  importId: number | null;
  definitionVersion: number;
  refreshId: number;
  isDefault: boolean;
  computedAt: string;
  payload: T;
}

export interface NewAnalysis {
  name: AnalysisName;
  scope: string;
  period: string;
  isDefault: boolean;
  definitionVersion: number;
  /** JSON text of the payload, already validated */
  payloadJson: string;
}

export interface RefreshRecord {
  id: number;
  asOf: string;
  importId: number | null;
  startedAt: string;
  finishedAt: string | null;
  outcome: "running" | "ok" | "failed";
  message: string | null;
}

interface AnalysisRow {
  id: number;
  name: AnalysisName;
  scope: string;
  period: string;
  as_of: string;
  import_id: number | null;
  definition_version: number;
  refresh_id: number;
  is_default: number;
  computed_at: string;
  payload: string;
}

function fromRow<T>(row: AnalysisRow): StoredAnalysis<T> {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    period: row.period,
    asOf: row.as_of,
    importId: row.import_id,
    definitionVersion: row.definition_version,
    refreshId: row.refresh_id,
    isDefault: row.is_default === 1,
    computedAt: row.computed_at,
    payload: JSON.parse(row.payload) as T,
  };
}

/**
 * Stores one refresh's documents and snapshots in a single transaction: readers see the whole
 * refresh or none of it. Returns the refresh id.
 */
export function saveRefresh(
  db: Db,
  refresh: { asOf: string; importId: number | null; startedAt: string; finishedAt: string },
  analyses: readonly NewAnalysis[],
  snapshots: readonly ForecastSnapshot[],
): number {
  const insertRun = db.prepare(
    `INSERT INTO refresh_runs (as_of, import_id, started_at, finished_at, outcome) VALUES (?, ?, ?, ?, 'ok')`,
  );
  const insertAnalysis = db.prepare(
    `INSERT INTO analyses (name, scope, period, as_of, import_id, definition_version, refresh_id, is_default, computed_at, payload)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const upsertSnapshot = db.prepare(
    `INSERT INTO forecast_snapshots (taken_on, period, scope, method, amount_cents, as_of, refresh_id)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (taken_on, period, scope, method) DO UPDATE SET
       amount_cents = excluded.amount_cents, as_of = excluded.as_of, refresh_id = excluded.refresh_id`,
  );
  const run = db.transaction(() => {
    const refreshId = Number(
      insertRun.run(refresh.asOf, refresh.importId, refresh.startedAt, refresh.finishedAt).lastInsertRowid,
    );
    for (const a of analyses) {
      insertAnalysis.run(
        a.name,
        a.scope,
        a.period,
        refresh.asOf,
        refresh.importId,
        a.definitionVersion,
        refreshId,
        a.isDefault ? 1 : 0,
        refresh.finishedAt,
        a.payloadJson,
      );
    }
    for (const s of snapshots) {
      upsertSnapshot.run(s.takenOn, s.period, s.scope, s.method, s.amountCents, refresh.asOf, refreshId);
    }
    return refreshId;
  });
  return run();
}

/** Records a refresh that failed, so the failure is visible; stores no analysis. */
export function recordFailedRefresh(
  db: Db,
  refresh: { asOf: string; importId: number | null; startedAt: string; finishedAt: string; message: string },
): number {
  return Number(
    db
      .prepare(
        `INSERT INTO refresh_runs (as_of, import_id, started_at, finished_at, outcome, message)
         VALUES (?, ?, ?, ?, 'failed', ?)`,
      )
      .run(refresh.asOf, refresh.importId, refresh.startedAt, refresh.finishedAt, refresh.message)
      .lastInsertRowid,
  );
}

/** The newest successful refresh, or null before the first one. */
export function latestRefresh(db: Db): RefreshRecord | null {
  const row = db
    .prepare(
      `SELECT id, as_of AS asOf, import_id AS importId, started_at AS startedAt, finished_at AS finishedAt,
              outcome, message FROM refresh_runs WHERE outcome = 'ok' ORDER BY id DESC LIMIT 1`,
    )
    .get() as RefreshRecord | undefined;
  return row ?? null;
}

/**
 * The latest stored result of an analysis for a scope (matched case-insensitively) and period;
 * without a period, the latest default-period result. Null when none is stored.
 */
export function readLatestAnalysis<T = unknown>(
  db: Db,
  name: AnalysisName,
  scope: string,
  period?: string,
): StoredAnalysis<T> | null {
  const row = (
    period === undefined
      ? db
          .prepare(
            `SELECT * FROM analyses WHERE name = ? AND scope = ? COLLATE NOCASE AND is_default = 1
             ORDER BY id DESC LIMIT 1`,
          )
          .get(name, scope)
      : db
          .prepare(
            `SELECT * FROM analyses WHERE name = ? AND scope = ? COLLATE NOCASE AND period = ? COLLATE NOCASE
             ORDER BY id DESC LIMIT 1`,
          )
          .get(name, scope, period)
  ) as AnalysisRow | undefined;
  return row ? fromRow<T>(row) : null;
}

/** The scopes and periods stored for an analysis by the latest refresh: for "what exists" messages. */
export function listStoredKeys(db: Db, name: AnalysisName): { scopes: string[]; periods: string[] } {
  const latest = db.prepare("SELECT max(refresh_id) AS id FROM analyses WHERE name = ?").get(name) as {
    id: number | null;
  };
  if (latest.id === null) return { scopes: [], periods: [] };
  const scopes = db
    .prepare("SELECT DISTINCT scope FROM analyses WHERE name = ? AND refresh_id = ? ORDER BY scope")
    .pluck()
    .all(name, latest.id) as string[];
  const periods = db
    .prepare("SELECT DISTINCT period FROM analyses WHERE name = ? AND refresh_id = ? ORDER BY period")
    .pluck()
    .all(name, latest.id) as string[];
  return { scopes, periods };
}
