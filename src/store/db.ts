import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { AppError } from "../errors";
import { migrations, SCHEMA_VERSION } from "./migrations";

export type Db = Database.Database;

export class StoreError extends AppError {
  constructor(
    override readonly code:
      | "newer_schema"
      | "migration_failed"
      | "backup_failed"
      | "store_unavailable"
      | "store_busy",
    message: string,
  ) {
    super(code, message);
    this.name = "StoreError";
  }
}

export interface OpenOptions {
  /** Skip migrations: open exactly as found (used by tests of old versions). */
  migrate?: boolean;
  /** Apply migrations only up to this version. */
  targetVersion?: number;
}

/**
 * Opens (creating it and its folder if needed) the database with WAL, foreign keys and a busy
 * timeout, then migrates it. A path that cannot hold a database (a folder, no permission, a folder
 * that cannot be created) is a StoreError "store_unavailable" naming the path and why; a database
 * from a newer version is refused before anything is written to it.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (file !== ":memory:") ensureFolder(path.dirname(path.resolve(file)), file);
  let db: Db;
  try {
    db = new Database(file);
  } catch (error) {
    throw cannotOpen(file, error);
  }
  try {
    // Read-only checks first: a file this build must not touch is left byte-identical.
    const version = readVersion(db, file);
    if (options.migrate !== false && version > SCHEMA_VERSION) throw newerSchema(file, version);
    db.pragma("journal_mode = WAL");
    db.pragma("foreign_keys = ON");
    db.pragma("busy_timeout = 5000");
    db.pragma("synchronous = NORMAL");
    if (options.migrate !== false) migrate(db, options.targetVersion ?? SCHEMA_VERSION);
    return db;
  } catch (error) {
    db.close();
    throw sqliteCode(error) === "SQLITE_READONLY"
      ? new StoreError(
          "store_unavailable",
          `cannot write to the database ${file}: ${reasonOfReadOnly(file)}; set DATABASE_PATH to a file this user may write`,
        )
      : error;
  }
}

function readVersion(db: Db, file: string): number {
  try {
    return schemaVersion(db);
  } catch (error) {
    if (sqliteCode(error) === "SQLITE_NOTADB") {
      throw new StoreError(
        "store_unavailable",
        `${file} is not a Revenue Rituals database (not an SQLite file): set DATABASE_PATH to the database, or to a new file`,
      );
    }
    throw error;
  }
}

function newerSchema(file: string, version: number): StoreError {
  return new StoreError(
    "newer_schema",
    `database ${file} is at schema version ${version}, newer than this build knows (${SCHEMA_VERSION}); upgrade Revenue Rituals or use a backup made by this version`,
  );
}

const sqliteCode = (error: unknown) => (error as { code?: unknown }).code;

/**
 * Makes sure `folder` exists, creating the missing folders one level at a time from the nearest one
 * that exists: mkdirSync's recursive mode never returns under /proc (it retries the parent forever).
 */
function ensureFolder(
  folder: string,
  file: string,
  fix = "set DATABASE_PATH to a path this user may create files in",
): void {
  const missing: string[] = [];
  let at = folder;
  for (;;) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(at);
    } catch (error) {
      if (sqliteCode(error) !== "ENOENT")
        throw unavailable(file, `cannot look at the folder ${at}`, error, fix);
      missing.push(at);
      const up = path.dirname(at);
      if (up === at) throw unavailable(file, `no folder of ${folder} exists`, error, fix);
      at = up;
      continue;
    }
    if (!stat.isDirectory()) {
      throw new StoreError("store_unavailable", `cannot use ${file}: ${at} is a file, not a folder; ${fix}`);
    }
    break;
  }
  for (const dir of missing.reverse()) {
    try {
      fs.mkdirSync(dir);
    } catch (error) {
      if (sqliteCode(error) === "EEXIST" && fs.statSync(dir).isDirectory()) continue; // made meanwhile
      throw unavailable(file, `the folder ${dir} is missing and cannot be created`, error, fix);
    }
  }
}

const REASONS: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "the file system is read-only",
  ENOENT: "the file system does not allow a new folder there",
  ENOSPC: "the disk is full",
  ENOTDIR: "a part of the path is a file, not a folder",
};

function unavailable(file: string, what: string, error: unknown, fix: string): StoreError {
  const code = String(sqliteCode(error) ?? "");
  const why = REASONS[code] ?? (error as Error).message;
  return new StoreError("store_unavailable", `cannot use ${file}: ${what} (${why}); ${fix}`);
}

/** SQLite says only "unable to open database file": find out why. */
function cannotOpen(file: string, error: unknown): unknown {
  if (sqliteCode(error) !== "SQLITE_CANTOPEN") return error;
  const folder = path.dirname(path.resolve(file));
  let why = (error as Error).message;
  if (isFolder(file))
    why = `${file} is a folder, not a database file; set DATABASE_PATH to a file in it, such as ${path.join(file, "rituals.db")}`;
  else if (!canAccess(folder, fs.constants.W_OK | fs.constants.X_OK))
    why = `no permission to create files in the folder ${folder}; set DATABASE_PATH to a path this user may write`;
  else if (fs.existsSync(file) && !canAccess(file, fs.constants.R_OK | fs.constants.W_OK))
    why = `no permission to read and write ${file}; set DATABASE_PATH to a file this user may write`;
  return new StoreError("store_unavailable", `cannot open the database ${file}: ${why}`);
}

function reasonOfReadOnly(file: string): string {
  const folder = path.dirname(path.resolve(file));
  if (!canAccess(file, fs.constants.W_OK)) return "the file is read-only for this user";
  if (!canAccess(folder, fs.constants.W_OK))
    return `the folder ${folder} is read-only for this user (SQLite keeps its -wal and -shm files beside the database)`;
  return "SQLite opened it read-only";
}

function isFolder(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function canAccess(p: string, mode: number): boolean {
  try {
    fs.accessSync(p, mode);
    return true;
  } catch {
    return false;
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma("user_version", { simple: true }) as number;
}

/** Applies each pending migration in its own transaction, recording it in user_version. */
export function migrate(db: Db, target = SCHEMA_VERSION): void {
  const current = schemaVersion(db);
  if (current > SCHEMA_VERSION) throw newerSchema(db.name, current);
  for (let version = current + 1; version <= target; version++) {
    const sql = migrations[version - 1];
    if (sql === undefined) break;
    const apply = db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version}`);
    });
    try {
      apply();
    } catch (error) {
      throw new StoreError(
        "migration_failed",
        `migration ${version} failed on ${db.name}: ${(error as Error).message}; the database is left at version ${version - 1}`,
      );
    }
  }
}

/** A consistent online copy through SQLite's backup API; safe while the bot is writing. */
export async function backupDatabase(db: Db, destination: string): Promise<void> {
  try {
    ensureFolder(
      path.dirname(path.resolve(destination)),
      destination,
      "choose a FILE in a folder this user may write",
    );
  } catch (error) {
    throw new StoreError("backup_failed", `backup to ${destination} failed: ${(error as Error).message}`);
  }
  try {
    await db.backup(destination);
  } catch (error) {
    throw new StoreError("backup_failed", `backup to ${destination} failed: ${(error as Error).message}`);
  }
}
