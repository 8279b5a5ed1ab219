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

const versionStatements = new WeakMap<Db, { get: () => unknown }>();

/**
 * SQLite's data_version: changes when another connection (an import, a refresh or `rituals link`
 * run from the command line) commits to the database. This connection's own writes do not move it.
 */
export function externalDataVersion(db: Db): number {
  let s = versionStatements.get(db);
  if (!s) {
    s = db.prepare("PRAGMA data_version").pluck();
    versionStatements.set(db, s);
  }
  return s.get() as number;
}

let current: { db: Db; marker: string } | null = null;

/**
 * Changes whenever stored data may have changed: a new analysis row here, or any commit elsewhere.
 * Read once per synchronous run: a slash command checks it for the person and for the answer in the
 * same run, and each read is two SQLite statements on the hot path. (Own writes are followed by an
 * explicit cache clear, never by a read in the same run.)
 */
export function storeMarker(db: Db): string {
  if (current?.db === db) return current.marker;
  const marker = `${latestAnalysisRowId(db)}:${externalDataVersion(db)}`;
  current = { db, marker };
  queueMicrotask(() => {
    current = null;
  });
  return marker;
}
