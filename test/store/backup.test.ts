import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli";
import { importCsv } from "../../src/ingest/import-csv";
import { backupDatabase, openDatabase } from "../../src/store/db";
import { crmSnapshot, csv, OPPS_HEADER, REPS_CSV, tempDb, tempDir } from "../ingest/helpers";

async function seeded() {
  const env = tempDb();
  await importCsv(env.db, { kind: "reps", file: csv(env.dir, "reps.csv", REPS_CSV) });
  await importCsv(env.db, {
    kind: "opportunities",
    file: csv(env.dir, "o.csv", [OPPS_HEADER, "O-1,,Acme,Ana Ruiz,Proposal,100,,,2026-01-01,2026-02-01,,,,"]),
  });
  return env;
}

describe("backup and restore", () => {
  it("backupDatabase copies a live database; the copy opens with the same data", async () => {
    const { db, dir } = await seeded();
    const copyFile = path.join(dir, "backups", "copy.db");
    await backupDatabase(db, copyFile);
    // a write after the backup is not in the copy
    db.prepare("DELETE FROM opportunities").run();
    const copy = openDatabase(copyFile);
    expect(copy.prepare("SELECT id FROM opportunities").pluck().all()).toEqual(["O-1"]);
    expect(copy.prepare("SELECT count(*) FROM reps").pluck().get()).toBe(3);
    copy.close();
  });

  it("rituals backup FILE writes a copy; restoring it (copy back) brings the data back", async () => {
    const { db, dir, file } = await seeded();
    const expected = crmSnapshot(db);
    const backup = path.join(dir, "backup.db");
    const out: string[] = [];
    const code = await main(["backup", backup], {
      env: { DATABASE_PATH: file },
      out: (l) => out.push(l),
      err: () => {},
    });
    expect(code).toBe(0);
    expect(out[0]).toMatch(/^backed up .* to .*backup\.db \(\d[\d,]* bytes\)$/);
    // lose the data, then restore by copying the backup over the database file
    db.exec("DELETE FROM opportunities; DELETE FROM stage_history;");
    db.close();
    for (const f of [`${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
    fs.copyFileSync(backup, file);
    const restored = openDatabase(file);
    expect(crmSnapshot(restored)).toEqual(expected);
    restored.close();
  });

  it("rituals backup without a FILE is a usage error; without a database it says so", async () => {
    const dir = tempDir();
    const err: string[] = [];
    const env = { DATABASE_PATH: path.join(dir, "none.db") };
    expect(await main(["backup"], { env, out: () => {}, err: (l) => err.push(l) })).toBe(2);
    expect(
      await main(["backup", path.join(dir, "b.db")], { env, out: () => {}, err: (l) => err.push(l) }),
    ).toBe(1);
    expect(err.at(-1)).toMatch(/no database at .*none\.db/);
    expect(fs.existsSync(path.join(dir, "none.db"))).toBe(false);
  });
});
