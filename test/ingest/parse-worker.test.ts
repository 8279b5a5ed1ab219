import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type ImportOptions, ImportRejectedError, importCsv } from "../../src/ingest/import-csv";
import { listImportRuns } from "../../src/store/import-run-repository";
import { crmSnapshot, csv, OPPS_HEADER, REPS_CSV, tempDb, tempDir } from "./helpers";

const NOW = new Date("2026-03-01T10:00:00Z");

/** Runs the same imports into two fresh databases, inline and through the parse worker. */
async function both(steps: (dir: string) => Omit<ImportOptions, "parseInWorker">[]) {
  const results = [];
  const dir = tempDir(); // one set of files, so problems and runs name the same paths
  const plan = steps(dir);
  for (const parseInWorker of [false, true]) {
    const { db } = tempDb();
    await importCsv(db, { kind: "reps", file: csv(dir, "reps.csv", REPS_CSV), now: NOW });
    const outcomes: unknown[] = [];
    for (const step of plan) {
      try {
        const { durationMs: _, ...summary } = await importCsv(db, { ...step, parseInWorker });
        outcomes.push(summary);
      } catch (error) {
        if (!(error instanceof ImportRejectedError)) throw error;
        outcomes.push({ problems: error.problems, total: error.total, message: error.message });
      }
    }
    const runs = listImportRuns(db).map(({ startedAt: _s, finishedAt: _f, ...run }) => run);
    results.push({ outcomes, runs, tables: crmSnapshot(db) });
  }
  const [inline, worker] = results;
  expect(worker).toEqual(inline);
  return inline as NonNullable<typeof inline>;
}

const row = (i: number, extra: Partial<Record<string, string>> = {}) => {
  const v = {
    id: `OPP-${String(i).padStart(6, "0")}`,
    name: `Deal ${i}`,
    account: `Account ${i % 7}`,
    owner: ["Ana Ruiz", "Ben Okafor", "cleo@example.com"][i % 3] as string,
    stage: i % 5 === 0 ? "Closed Won" : "Proposal",
    amount: `${i * 10}.50`,
    probability: String(i % 101),
    product: i % 2 ? "Core" : "",
    created: "2026-01-01",
    close: "2026-02-01",
    next: i % 3 ? "" : '"call, then ""demo"""',
    activity: "",
    closed: "",
    won: "",
    ...extra,
  };
  return Object.values(v).join(",");
};

describe("parsing in a worker thread", () => {
  it("stores the same rows and reports the same summary as inline, also on a re-import", async () => {
    const result = await both((dir) => {
      const rows = Array.from({ length: 9000 }, (_, i) => row(i + 1));
      const changed = rows.map((r, i) => (i % 1000 === 0 ? row(i + 1, { stage: "Negotiation" }) : r));
      return [
        { kind: "opportunities", file: csv(dir, "a.csv", [OPPS_HEADER, ...rows]), now: NOW },
        { kind: "opportunities", file: csv(dir, "b.csv", [OPPS_HEADER, ...changed]), now: NOW },
      ];
    });
    expect(result.outcomes).toMatchObject([
      { rows: 9000, inserted: 9000 },
      { rows: 9000, updated: 9, unchanged: 8991 },
    ]);
  });

  it("reports the same problems, in the same order, for bad rows spread over batches", async () => {
    const result = await both((dir) => {
      const rows = Array.from({ length: 12000 }, (_, i) => row(i + 1));
      rows[3] = row(4, { amount: "-5" });
      rows[10] = row(11, { owner: "  Zed Nobody " });
      rows[11] = ` ${row(3)}`; // duplicate id, quoted as written
      rows[5000] = row(5001, { created: "2026-02-30", close: "soon" });
      rows[7000] = "too,few,fields";
      rows[11999] = row(12000, { closed: "false", won: "true" });
      const lines = [OPPS_HEADER, ...rows];
      lines.splice(6000, 0, ""); // a blank line shifts the line numbers after it
      return [{ kind: "opportunities", file: csv(dir, "bad.csv", lines), now: NOW }];
    });
    const [rejected] = result.outcomes as { problems: { line: number; field: string }[]; total: number }[];
    expect(rejected?.problems.map((p) => `${p.line} ${p.field}`)).toEqual([
      "5 amount",
      "12 owner",
      "13 id",
      "5002 created_date",
      "5002 close_date",
      "7003 (row)",
      "12002 is_won",
    ]);
    expect(result.tables.opportunities).toEqual([]);
  });

  it("reports a missing column, an empty file and a never-closed quote as inline does", async () => {
    await both((dir) => [
      { kind: "opportunities", file: csv(dir, "nohead.csv", ["id,name", "1,x"]), now: NOW },
      { kind: "opportunities", file: csv(dir, "empty.csv", []), now: NOW },
      {
        kind: "opportunities",
        file: csv(dir, "quote.csv", [OPPS_HEADER, row(1), '"never closed,']),
        now: NOW,
      },
    ]);
  });

  it("reads another encoding and refuses bytes that are not UTF-8 at the same line as inline", async () => {
    const text = `${OPPS_HEADER}\r${row(1, { name: "M\u00fcller \u20ac" })}\r${row(2)}\r`;
    const cp1252 = Buffer.from([...text].map((c) => (c === "\u20ac" ? 0x80 : c.charCodeAt(0))));
    const result = await both((dir) => {
      const file = path.join(dir, "cp1252.csv");
      fs.writeFileSync(file, cp1252);
      return [
        { kind: "opportunities", file, now: NOW },
        { kind: "opportunities", file, encoding: "windows-1252", now: NOW },
      ];
    });
    expect(result.outcomes[0]).toMatchObject({ total: 1, problems: [{ line: 2, field: "(file)" }] });
    expect(result.outcomes[1]).toMatchObject({ rows: 2, inserted: 2 });
    expect(result.tables.opportunities).toContainEqual(expect.objectContaining({ name: "Müller €" }));
  });
});
