import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach } from "vitest";
import type { Clock } from "../../src/rituals/clock";
import { type Db, openDatabase } from "../../src/store/db";

const dirs: string[] = [];
const dbs: Db[] = [];

afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh migrated database file in its own temp dir, closed and removed after the test. */
export function ritualsDb(): { db: Db; file: string; open: () => Db } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rituals-rituals-"));
  dirs.push(dir);
  const file = path.join(dir, "rituals.db");
  const open = () => {
    const db = openDatabase(file);
    dbs.push(db);
    return db;
  };
  return { db: open(), file, open };
}

/** A clock tests move by hand; sleeping advances it at once, so retries and pacing cost no real time. */
export class ManualClock implements Clock {
  private ms: number;
  readonly sleeps: number[] = [];
  constructor(start: string | Date) {
    this.ms = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.ms);
  }
  set(at: string | Date): void {
    this.ms = new Date(at).getTime();
  }
  advance(ms: number): void {
    this.ms += ms;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.ms += Math.max(0, ms);
    // Let other queued work run, as a real wait would.
    await new Promise((resolve) => setImmediate(resolve));
  }
}
