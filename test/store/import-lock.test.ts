import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/store/db";
import { csv, OPPS_HEADER, REPS_CSV, runRituals, tempDir } from "../ingest/helpers";

/** Two imports at once: the second waits, then says whose import holds the database. */

async function until(what: string, test: () => boolean): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (test()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe("an import while another holds the database", () => {
  it("waits, then names the other import and when it started; the first one still completes", async () => {
    const dir = tempDir();
    const dbFile = path.join(dir, "r.db");
    const env = { DATABASE_PATH: dbFile, WORKSPACE_TIMEZONE: "UTC" };
    // The first import reads a pipe, so it holds its transaction until the test closes the pipe.
    const fifo = path.join(dir, "reps.csv");
    execFileSync("mkfifo", [fifo]);
    const first = runRituals(["import", "reps", fifo], env);
    const writer = fs.createWriteStream(fifo);
    writer.write(`${REPS_CSV.slice(0, 2).join("\n")}\n`);
    const note = `${dbFile}-import`;
    await until("the first import to hold the database", () => fs.existsSync(note));
    const holder = JSON.parse(fs.readFileSync(note, "utf8")) as { startedAt: string; kind: string };
    expect(holder.kind).toBe("reps");

    const opps = csv(dir, "opps.csv", [
      OPPS_HEADER,
      "O-1,,,Ana Ruiz,Proposal,100,,,2026-01-01,2026-02-01,,,,",
    ]);
    const second = await runRituals(["import", "opportunities", opps, "--wait", "1"], env);
    expect(second.code).toBe(1);
    const started = holder.startedAt.slice(11, 19); // HH:MM:SS in UTC
    expect(second.stderr.trim()).toBe(
      `rituals import: another import (reps, started ${started}) holds the database; waited 1 s, nothing was written; try again when it is done, or wait longer with --wait SECONDS`,
    );
    expect(second.stderr).not.toContain("database is locked");

    writer.end(`${REPS_CSV.slice(2).join("\n")}\n`);
    const done = await first;
    expect(done.stderr).toBe("");
    expect(done.code).toBe(0);
    expect(fs.existsSync(note)).toBe(false);
    const db = openDatabase(dbFile);
    expect(db.prepare("SELECT count(*) FROM reps").pluck().get()).toBe(3);
    // the refused import left no run behind; the first one's run is there
    expect(db.prepare("SELECT kind, outcome FROM import_runs").all()).toEqual([
      { kind: "reps", outcome: "ok" },
    ]);
    db.close();
  }, 120_000);

  it("says the database is busy when a writer other than an import holds it", async () => {
    const dir = tempDir();
    const dbFile = path.join(dir, "r.db");
    const holder = openDatabase(dbFile);
    holder.exec("BEGIN IMMEDIATE");
    try {
      const reps = csv(dir, "reps.csv", REPS_CSV);
      const result = await runRituals(["import", "reps", reps, "--wait", "0.5"], { DATABASE_PATH: dbFile });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("rituals import: the database is busy: another process");
      expect(result.stderr).not.toContain("database is locked");
    } finally {
      holder.exec("ROLLBACK");
      holder.close();
    }
  }, 120_000);
});
