import type { Db } from "./db";

/**
 * What follows an occurrence's message (its thread messages, its uploaded files), one row per part
 * once it is out, so whoever finishes the occurrence after a crash does only what is left.
 */

export interface OccurrencePart {
  part: string;
  state: "started" | "done";
  ts: string | null;
  fileIds: string[];
  at: string;
}

type Row = Omit<OccurrencePart, "fileIds"> & { fileIds: string | null };

export function listParts(db: Db, occurrenceId: number): Map<string, OccurrencePart> {
  const rows = db
    .prepare(
      "SELECT part, state, ts, file_ids AS fileIds, at FROM occurrence_parts WHERE occurrence_id = ? ORDER BY part",
    )
    .all(occurrenceId) as Row[];
  return new Map(
    rows.map((r) => [r.part, { ...r, fileIds: r.fileIds ? (JSON.parse(r.fileIds) as string[]) : [] }]),
  );
}

/** Records a part's state (a later state overwrites an earlier one). */
export function recordPart(
  db: Db,
  occurrenceId: number,
  part: string,
  state: OccurrencePart["state"],
  at: Date,
  detail: { ts?: string | null; fileIds?: readonly string[] } = {},
): void {
  db.prepare(
    `INSERT INTO occurrence_parts (occurrence_id, part, state, ts, file_ids, at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (occurrence_id, part) DO UPDATE SET state = excluded.state, ts = excluded.ts,
       file_ids = excluded.file_ids, at = excluded.at`,
  ).run(
    occurrenceId,
    part,
    state,
    detail.ts ?? null,
    detail.fileIds ? JSON.stringify(detail.fileIds) : null,
    at.toISOString(),
  );
}
