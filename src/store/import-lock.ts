import fs from "node:fs";
import path from "node:path";
import { type Db, StoreError } from "./db";

/**
 * Who holds the database for an import. An import writes in one transaction that stays open while
 * its file streams in, so a second import (or any writer) waits for it; SQLite can only say
 * "database is locked". The holder leaves a note beside the database (`<db>-import`, like SQLite's
 * own -wal and -shm) while it holds the write lock, so the one that gave up waiting can say whose
 * import it was and since when.
 */

export interface ImportHolder {
  kind: string;
  file: string;
  /** ISO instant the import started */
  startedAt: string;
  pid: number;
}

function notePath(db: Db): string | null {
  // resolved, so imports started from different folders with a relative DATABASE_PATH agree
  return db.memory ? null : `${path.resolve(db.name)}-import`;
}

/**
 * Begins the write transaction `BEGIN IMMEDIATE`, waiting up to `waitMs` for another writer, and
 * leaves the note; returns what removes it. A StoreError "store_busy" says who held it.
 */
export function beginImport(
  db: Db,
  holder: Omit<ImportHolder, "pid">,
  wait: { ms: number; timeZone: string; now: Date },
): () => void {
  const previous = db.pragma("busy_timeout", { simple: true }) as number;
  db.pragma(`busy_timeout = ${Math.max(0, Math.round(wait.ms))}`);
  try {
    db.exec("BEGIN IMMEDIATE");
  } catch (error) {
    if ((error as { code?: unknown }).code !== "SQLITE_BUSY") throw error;
    throw new StoreError("store_busy", busyMessage(readHolder(db), wait));
  } finally {
    db.pragma(`busy_timeout = ${previous}`);
  }
  const note = notePath(db);
  if (note === null) return () => {};
  const text = JSON.stringify({ ...holder, pid: process.pid } satisfies ImportHolder);
  try {
    fs.writeFileSync(note, text);
  } catch {
    return () => {}; // the note only improves a message; the import needs none
  }
  return () => {
    try {
      if (fs.readFileSync(note, "utf8") === text) fs.unlinkSync(note);
    } catch {
      // already gone
    }
  };
}

/** The import holding the database, when its note is there and its process still runs. */
export function readHolder(db: Db): ImportHolder | null {
  const note = notePath(db);
  if (note === null) return null;
  let holder: ImportHolder;
  try {
    holder = JSON.parse(fs.readFileSync(note, "utf8")) as ImportHolder;
  } catch {
    return null;
  }
  try {
    process.kill(holder.pid, 0); // signal 0: only asks whether the process exists
  } catch (error) {
    if ((error as { code?: unknown }).code !== "EPERM") return null; // a note left by a killed import
  }
  return holder;
}

function busyMessage(holder: ImportHolder | null, wait: { ms: number; timeZone: string; now: Date }): string {
  const waited = `${Math.round(wait.ms / 1000)} s`;
  if (holder === null) {
    return `the database is busy: another process (the bot's refresh, a backup?) held it for the ${waited} this import waited; nothing was written; try again, or wait longer with --wait SECONDS`;
  }
  return `another import (${holder.kind}, started ${clock(holder.startedAt, wait.timeZone, wait.now)}) holds the database; waited ${waited}, nothing was written; try again when it is done, or wait longer with --wait SECONDS`;
}

/** "12:04:11" in the zone, with the date before it when that is not today there. */
function clock(iso: string, timeZone: string, now: Date): string {
  const instant = new Date(iso);
  if (Number.isNaN(instant.getTime())) return iso;
  const parts = (d: Date) =>
    new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    })
      .format(d)
      .split(", ");
  const [date, time] = parts(instant) as [string, string];
  const [today] = parts(now) as [string, string];
  return date === today ? time : `${date} ${time}`;
}
