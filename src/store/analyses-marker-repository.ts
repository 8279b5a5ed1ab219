import type { Db } from "./db";

const statements = new WeakMap<Db, { maxId: { get: () => unknown } }>();

/**
 * The id of the newest stored analysis row: it changes whenever a refresh stores anything (or rows
 * are removed), so readers can keep parsed documents until it moves. O(1): the rowid's max.
 */
export function latestAnalysisRowId(db: Db): number {
  let s = statements.get(db);
  if (!s) {
    s = { maxId: db.prepare("SELECT coalesce(max(id), 0) FROM analyses").pluck() };
    statements.set(db, s);
  }
  return s.maxId.get() as number;
}
