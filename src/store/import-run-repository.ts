import type { Db } from "./db";

/** The import_runs ledger: every import, accepted or not, leaves one row. */

export interface ImportRunCounts {
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface ImportRunRecord extends ImportRunCounts {
  id: number;
  kind: string;
  fileName: string;
  fileHash: string;
  startedAt: string;
  finishedAt: string | null;
  outcome: "running" | "ok" | "rejected" | "failed";
  message: string | null;
}

/** Opens a run (outcome 'running'); call inside the import's transaction so a rollback removes it. */
export function startImportRun(db: Db, kind: string, fileName: string, startedAt: string): number {
  const info = db
    .prepare(
      "INSERT INTO import_runs (kind, file_name, file_hash, started_at, outcome) VALUES (?, ?, '', ?, 'running')",
    )
    .run(kind, fileName, startedAt);
  return Number(info.lastInsertRowid);
}

export function finishImportRun(
  db: Db,
  id: number,
  fileHash: string,
  counts: ImportRunCounts,
  finishedAt: string,
  message: string | null = null,
): void {
  db.prepare(
    `UPDATE import_runs SET file_hash = ?, rows = ?, inserted = ?, updated = ?, unchanged = ?, finished_at = ?,
            outcome = 'ok', message = ? WHERE id = ?`,
  ).run(fileHash, counts.rows, counts.inserted, counts.updated, counts.unchanged, finishedAt, message, id);
}

/** Records a run that wrote nothing: rejected (bad rows) or failed (could not run). */
export function recordUnsuccessfulRun(
  db: Db,
  run: {
    kind: string;
    fileName: string;
    fileHash: string;
    rows: number;
    startedAt: string;
    finishedAt: string;
    outcome: "rejected" | "failed";
    message: string;
  },
): number {
  const info = db
    .prepare(
      `INSERT INTO import_runs (kind, file_name, file_hash, rows, started_at, finished_at, outcome, message)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      run.kind,
      run.fileName,
      run.fileHash,
      run.rows,
      run.startedAt,
      run.finishedAt,
      run.outcome,
      run.message,
    );
  return Number(info.lastInsertRowid);
}

export function listImportRuns(db: Db): ImportRunRecord[] {
  return db
    .prepare(
      `SELECT id, kind, file_name AS fileName, file_hash AS fileHash, rows, inserted, updated, unchanged,
              started_at AS startedAt, finished_at AS finishedAt, outcome, message
         FROM import_runs ORDER BY id`,
    )
    .all() as ImportRunRecord[];
}
