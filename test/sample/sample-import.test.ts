import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { generateSample } from "../../data/sample/generate";
import { importCsv } from "../../src/ingest/import-csv";
import { type Db, openDatabase } from "../../src/store/db";
import { storeOverview } from "../../src/store/overview-repository";
import { tempDir } from "./load-sample";

let db: Db | undefined;
afterEach(() => db?.close());

describe("the default sample imports cleanly", () => {
  it("imports every file with zero problems and the stored counts match the files", async () => {
    const dir = tempDir("rituals-sample-import");
    const sample = await generateSample({ outDir: dir, month: "2026-11", today: "2026-11-25" });
    db = openDatabase(path.join(dir, "rituals.db"));
    const now = new Date("2026-11-25T08:00:00Z");
    for (const file of sample.files) {
      // importCsv throws ImportRejectedError listing the problems if any row is bad.
      const summary = await importCsv(db, { kind: file.kind, file: file.file, now });
      expect(summary.rows, file.kind).toBe(file.rows);
      expect(summary.inserted, file.kind).toBe(file.rows);
      // Deals and contracts name only accounts that accounts.csv defined.
      if (file.kind !== "accounts") expect(summary.newAccounts, `${file.kind} created accounts`).toBe(0);
    }
    const rows = Object.fromEntries(sample.files.map((f) => [f.kind, f.rows]));
    const overview = storeOverview(db);
    expect(overview.reps).toBe(rows.reps);
    expect(overview.accounts).toBe(rows.accounts);
    expect(overview.opportunities).toBe(20_000);
    expect(overview.teams).toBe(7);
  });
});
