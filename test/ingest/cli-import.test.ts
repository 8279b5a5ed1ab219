import path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli";
import { openDatabase } from "../../src/store/db";
import { csv, OPPS_HEADER, REPS_CSV, tempDir } from "./helpers";

async function rituals(args: string[], dbFile: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, {
    env: { DATABASE_PATH: dbFile },
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    now: () => new Date("2026-03-01T09:00:00Z"),
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("rituals import", () => {
  it("imports and prints counts, new accounts and new stages", async () => {
    const dir = tempDir();
    const db = path.join(dir, "r.db");
    const reps = await rituals(["import", "reps", csv(dir, "reps.csv", REPS_CSV)], db);
    expect(reps.code).toBe(0);
    expect(reps.out).toMatch(
      /^3 reps imported from .*reps\.csv \(import #1\): 3 new, 0 updated, 0 unchanged$/,
    );
    const file = csv(dir, "opps.csv", [
      OPPS_HEADER,
      "O-1,,Acme,Ana Ruiz,Discovery,100,,,2026-01-01,2026-02-01,,,,",
      "O-2,,Acme,Ana Ruiz,Closed Won,100,,,2026-01-01,2026-02-01,,,,",
    ]);
    const first = await rituals(["import", "opportunities", file], db);
    expect(first).toEqual({
      code: 0,
      out: `2 opportunities imported from ${file} (import #2): 2 new, 0 updated, 0 unchanged; 1 new account created; 2 new stages seen: Discovery, Closed Won`,
      err: "",
    });
    const again = await rituals(["import", "opportunities", file], db);
    expect(again.out).toBe(
      `2 opportunities imported from ${file} (import #3): 0 new, 0 updated, 2 unchanged`,
    );
  });

  it("passes --preset, --map, --date-format and --decimal-comma through", async () => {
    const dir = tempDir();
    const db = path.join(dir, "r.db");
    await rituals(["import", "reps", csv(dir, "reps.csv", REPS_CSV)], db);
    const file = csv(dir, "sf.csv", [
      "Opportunity ID,Owner Name,Stage,Amount,Created Date,Close Date",
      '006,Ana Ruiz,Proposal,"1.500,25",05.01.2026,31.03.2026',
    ]);
    const result = await rituals(
      ["import", "opportunities", file, "--preset", "salesforce", "--map", "Owner Name=owner"].concat([
        "--date-format",
        "DD.MM.YYYY",
        "--decimal-comma",
      ]),
      db,
    );
    expect(result.code).toBe(0);
    const store = openDatabase(db);
    expect(store.prepare("SELECT amount_cents, created_date FROM opportunities").get()).toEqual({
      amount_cents: 150_025,
      created_date: "2026-01-05",
    });
    store.close();
  });

  it('lists problems as file:line: field "value": why, exits 1 and writes nothing', async () => {
    const dir = tempDir();
    const db = path.join(dir, "r.db");
    await rituals(["import", "reps", csv(dir, "reps.csv", REPS_CSV)], db);
    const bad = Array.from(
      { length: 25 },
      (_, i) => `B-${i},,,Ana Ruiz,Proposal,-${i + 1},,,2026-01-01,2026-02-01,,,,`,
    );
    const file = csv(dir, "bad.csv", [OPPS_HEADER, ...bad]);
    const result = await rituals(["import", "opportunities", file], db);
    expect(result.code).toBe(1);
    const lines = result.err.split("\n");
    expect(lines).toHaveLength(21);
    expect(lines[0]).toBe(`${file}:2: amount "-1": must not be negative`);
    expect(lines[20]).toBe("… and 5 more problems; nothing was written");
    const store = openDatabase(db);
    expect(store.prepare("SELECT count(*) FROM opportunities").pluck().get()).toBe(0);
    expect(store.prepare("SELECT outcome FROM import_runs ORDER BY id DESC").pluck().get()).toBe("rejected");
    store.close();
  });

  it("bad usage exits 2 with the usage text", async () => {
    const dir = tempDir();
    const db = path.join(dir, "r.db");
    for (const args of [
      ["import"],
      ["import", "widgets", "x.csv"],
      ["import", "reps", "x.csv", "--preset", "pipedrive"],
      ["import", "reps", "x.csv", "--map", "nofield"],
      ["import", "reps", csv(dir, "r.csv", REPS_CSV), "--map", "name=colour"],
      ["import", "reps", "x.csv", "--date-format", "MM/DD"],
    ]) {
      const result = await rituals(args, db);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.err).toContain("usage: rituals import");
    }
  });

  it("a file that does not exist fails with its name and is recorded as failed", async () => {
    const dir = tempDir();
    const db = path.join(dir, "r.db");
    const result = await rituals(["import", "reps", path.join(dir, "missing.csv")], db);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/missing\.csv/);
    const store = openDatabase(db);
    expect(store.prepare("SELECT outcome FROM import_runs").pluck().all()).toEqual(["failed"]);
    store.close();
  });
});
