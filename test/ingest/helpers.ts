import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach } from "vitest";
import { importCsv } from "../../src/ingest/import-csv";
import { type Db, openDatabase } from "../../src/store/db";

const dirs: string[] = [];
const dbs: Db[] = [];

afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory under the OS temp dir, removed after the test. */
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rituals-import-"));
  dirs.push(dir);
  return dir;
}

/** A fresh migrated database file in its own temp dir. */
export function tempDb(): { db: Db; dir: string; file: string } {
  const dir = tempDir();
  const file = path.join(dir, "rituals.db");
  const db = openDatabase(file);
  dbs.push(db);
  return { db, dir, file };
}

/** Writes a CSV file from lines joined with "\n" (plus a final newline). */
export function csv(dir: string, name: string, lines: string[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

const TABLES = [
  "teams",
  "reps",
  "accounts",
  "contracts",
  "opportunities",
  "stage_history",
  "close_date_history",
  "quotas",
  "forecast_submissions",
];

/** Every CRM table's rows (import_runs aside), to compare before and after an import. */
export function crmSnapshot(db: Db): Record<string, unknown[]> {
  return Object.fromEntries(TABLES.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()]));
}

export const REPS_CSV = [
  "name,email,team,region,segment,manager,hire_date",
  "Ana Ruiz,ana@example.com,East,NA,Enterprise,Maya Chen,2023-02-01",
  "Ben Okafor,ben@example.com,East,NA,Mid-Market,Maya Chen,2024-06-15",
  "Cleo Park,cleo@example.com,West,EMEA,SMB,Omar Ali,",
];

export const OPPS_HEADER =
  "id,name,account,owner,stage,amount,probability,product,created_date,close_date,next_step,last_activity_date,is_closed,is_won";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Runs `node bin/rituals.js ARGS` as a user would, with DATABASE_PATH set; resolves with its exit. */
export function runRituals(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(ROOT, "bin", "rituals.js"), ...args],
      { cwd: ROOT, env: { ...process.env, ...env }, timeout: 120_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : null;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** A database holding the reps and one opportunity, so a refused import has data to leave alone. */
export async function seededDb(): Promise<{ db: Db; dir: string; file: string }> {
  const env = tempDb();
  await importCsv(env.db, { kind: "reps", file: csv(env.dir, "reps.csv", REPS_CSV) });
  await importCsv(env.db, {
    kind: "opportunities",
    file: csv(env.dir, "seed.csv", [
      OPPS_HEADER,
      "X,Seed,Acme,Ana Ruiz,Proposal,100,,,2026-01-01,2026-02-01,,,,",
    ]),
  });
  return env;
}
