import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { AppError } from "../errors";
import { migrations, SCHEMA_VERSION } from "./migrations";

export type Db = Database.Database;

export class StoreError extends AppError {
  constructor(
    override readonly code: "newer_schema" | "migration_failed" | "backup_failed",
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

/** Opens (creating if needed) the database with WAL, foreign keys and a busy timeout, then migrates it. */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("foreign_keys = ON");
    db.pragma("busy_timeout = 5000");
    db.pragma("synchronous = NORMAL");
    if (options.migrate !== false) migrate(db, options.targetVersion ?? SCHEMA_VERSION);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma("user_version", { simple: true }) as number;
}

/** Applies each pending migration in its own transaction, recording it in user_version. */
export function migrate(db: Db, target = SCHEMA_VERSION): void {
  const current = schemaVersion(db);
  if (current > SCHEMA_VERSION) {
    throw new StoreError(
      "newer_schema",
      `database ${db.name} is at schema version ${current}, newer than this build knows (${SCHEMA_VERSION}); upgrade Revenue Rituals or use a backup made by this version`,
    );
  }
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
  fs.mkdirSync(path.dirname(path.resolve(destination)), { recursive: true });
  try {
    await db.backup(destination);
  } catch (error) {
    throw new StoreError("backup_failed", `backup to ${destination} failed: ${(error as Error).message}`);
  }
}
