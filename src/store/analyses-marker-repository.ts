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

/** Changes whenever stored data may have changed: a new analysis row here, or any commit elsewhere. */
export function storeMarker(db: Db): string {
  return `${latestAnalysisRowId(db)}:${externalDataVersion(db)}`;
}
