import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/store/db";
import { SCHEMA_VERSION } from "../../src/store/migrations";
import { csv, REPS_CSV, runRituals, tempDir } from "../ingest/helpers";

/** What a user sees when DATABASE_PATH cannot hold the database: the path, the reason, exit code 2. */

async function importWith(dbPath: string) {
  const reps = csv(tempDir(), "reps.csv", REPS_CSV);
  return runRituals(["import", "reps", reps], { DATABASE_PATH: dbPath });
}

describe("opening the database", () => {
  it("a folder that cannot be created (under /proc) is an error naming it, not an endless loop", async () => {
    const result = await importWith("/proc/nope/x.db");
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      "rituals import: cannot use /proc/nope/x.db: the folder /proc/nope is missing and cannot be created (the file system does not allow a new folder there); set DATABASE_PATH to a path this user may create files in",
    );
  }, 60_000);

  it("a path that is a folder, or under a file, says so", async () => {
    const dir = tempDir();
    const folder = await importWith(dir);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain(
      `cannot open the database ${dir}: ${dir} is a folder, not a database file; set DATABASE_PATH to a file in it, such as ${path.join(dir, "rituals.db")}`,
    );
    const file = path.join(dir, "notes.txt");
    fs.writeFileSync(file, "hello\n");
    const under = await importWith(path.join(file, "x.db"));
    expect(under.code).toBe(2);
    expect(under.stderr).toContain(`${file} is a file, not a folder`);
    const notDb = await importWith(file);
    expect(notDb.code).toBe(2);
    expect(notDb.stderr).toContain(`${file} is not a Revenue Rituals database`);
    expect(fs.readFileSync(file, "utf8")).toBe("hello\n");
  }, 60_000);

  it("creates missing folders of the path", async () => {
    const dbPath = path.join(tempDir(), "a", "b", "r.db");
    const result = await importWith(dbPath);
    expect(result.code).toBe(0);
    expect(fs.existsSync(dbPath)).toBe(true);
  }, 60_000);

  it("a database from a newer version is refused before anything is written: the file is byte-identical", async () => {
    const file = path.join(tempDir(), "future.db");
    const db = openDatabase(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.pragma("journal_mode = DELETE"); // as a newer build might leave it
    db.close();
    const before = fs.readFileSync(file);
    const result = await importWith(file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `is at schema version ${SCHEMA_VERSION + 1}, newer than this build knows`,
    );
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  }, 60_000);

  it("npm start says the same in one line and exits 2", async () => {
    const dir = tempDir();
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(
        path.resolve("node_modules/.bin/tsx"),
        ["src/main.ts"],
        { env: { PATH: process.env.PATH ?? "", DATABASE_PATH: dir }, timeout: 60_000 },
        (error, _stdout, stderr) => resolve({ code: error === null ? 0 : (error.code as number), stderr }),
      );
    });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split("\n")).toEqual([
      `Revenue Rituals: cannot open the database ${dir}: ${dir} is a folder, not a database file; set DATABASE_PATH to a file in it, such as ${path.join(dir, "rituals.db")}`,
    ]);
  }, 60_000);

  it("a backup to a folder that cannot be created fails at once with the reason", async () => {
    const dir = tempDir();
    const dbPath = path.join(dir, "r.db");
    openDatabase(dbPath).close();
    const result = await runRituals(["backup", "/proc/nope/x.db"], { DATABASE_PATH: dbPath });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "backup to /proc/nope/x.db failed: cannot use /proc/nope/x.db: the folder /proc/nope is missing and cannot be created",
    );
  }, 60_000);
});
