import { describe, expect, it } from "vitest";
import { type ImportKind, ImportRejectedError, importCsv } from "../../src/ingest/import-csv";
import { formatProblem } from "../../src/ingest/problems";
import { listImportRuns } from "../../src/store/import-run-repository";
import { crmSnapshot, csv, OPPS_HEADER, seededDb } from "./helpers";

const GOOD = "G-1,Good,Acme,Ana Ruiz,Proposal,100,,,2026-01-01,2026-02-01,,,,";

/** One good row and one bad row: the import must be refused and nothing but its run recorded. */
const CASES: {
  name: string;
  kind: ImportKind;
  lines: string[];
  line: number;
  field: string;
  reason: RegExp;
}[] = [
  {
    name: "missing required field",
    kind: "opportunities",
    lines: [OPPS_HEADER, GOOD, "B-1,,,Ana Ruiz,,100,,,2026-01-01,2026-02-01,,,,"],
    line: 3,
    field: "stage",
    reason: /is required/,
  },
  {
    name: "bad date",
    kind: "opportunities",
    lines: [OPPS_HEADER, GOOD, "B-1,,,Ana Ruiz,Proposal,100,,,2026-02-30,2026-03-01,,,,"],
    line: 3,
    field: "created_date",
    reason: /not a date/,
  },
  {
    name: "negative amount",
    kind: "opportunities",
    lines: [OPPS_HEADER, GOOD, "B-1,,,Ana Ruiz,Proposal,(200),,,2026-01-01,2026-03-01,,,,"],
    line: 3,
    field: "amount",
    reason: /negative/,
  },
  {
    name: "amount that is not money",
    kind: "opportunities",
    lines: [OPPS_HEADER, GOOD, "B-1,,,Ana Ruiz,Proposal,about 5k,,,2026-01-01,2026-03-01,,,,"],
    line: 3,
    field: "amount",
    reason: /not an amount/,
  },
  {
    name: "unknown owner",
    kind: "opportunities",
    lines: [OPPS_HEADER, GOOD, "B-1,,,Zed Nobody,Proposal,100,,,2026-01-01,2026-03-01,,,,"],
    line: 3,
    field: "owner",
    reason: /not a known rep/,
  },
  {
    name: "duplicate id within the file",
    kind: "opportunities",
    lines: [OPPS_HEADER, GOOD, GOOD.replace("Good", "Again")],
    line: 3,
    field: "id",
    reason: /more than once/,
  },
  {
    name: "is_won without closed",
    kind: "opportunities",
    lines: [OPPS_HEADER, GOOD, "B-1,,,Ana Ruiz,Proposal,100,,,2026-01-01,2026-03-01,,,false,true"],
    line: 3,
    field: "is_won",
    reason: /is_closed is false/,
  },
  {
    name: "probability over 100",
    kind: "opportunities",
    lines: [OPPS_HEADER, GOOD, "B-1,,,Ana Ruiz,Proposal,100,150,,2026-01-01,2026-03-01,,,,"],
    line: 3,
    field: "probability",
    reason: /over 100/,
  },
  {
    name: "row with too many fields",
    kind: "opportunities",
    lines: [OPPS_HEADER, GOOD, `${GOOD},extra`],
    line: 3,
    field: "(row)",
    reason: /15 fields but the header has 14/,
  },
  {
    name: "bad period",
    kind: "quotas",
    lines: ["owner,period,amount", "Ana Ruiz,2026-03,1000", "Ben Okafor,2026-13,1000"],
    line: 3,
    field: "period",
    reason: /not a period/,
  },
  {
    name: "unknown quota owner",
    kind: "quotas",
    lines: ["owner,period,amount", "Ana Ruiz,2026-Q1,1000", "Nobody,2026-Q1,1000"],
    line: 3,
    field: "owner",
    reason: /not a known rep/,
  },
  {
    name: "unknown opportunity in stage history",
    kind: "stage-history",
    lines: ["opportunity_id,changed_at,stage,close_date", "NOPE,2026-01-01,Proposal,"],
    line: 2,
    field: "opportunity_id",
    reason: /not a known opportunity/,
  },
  {
    name: "stage history row with neither stage nor close date",
    kind: "stage-history",
    lines: ["opportunity_id,changed_at,stage,close_date", "X,2026-01-01,,"],
    line: 2,
    field: "stage",
    reason: /needs a stage or a close date/,
  },
  {
    name: "contract ending before it starts",
    kind: "contracts",
    lines: ["id,account,product,value,start_date,end_date", "C-1,Acme,Core,1000,2026-06-01,2026-01-01"],
    line: 2,
    field: "end_date",
    reason: /before start_date/,
  },
  {
    name: "forecast scope that is not a scope",
    kind: "forecasts",
    lines: ["submitted_by,scope,period,amount,submitted_at", "Maya,planet:Mars,2026-Q1,1000,2026-01-02"],
    line: 2,
    field: "scope",
    reason: /not a scope/,
  },
  {
    name: "forecast for an unknown rep",
    kind: "forecasts",
    lines: ["submitted_by,scope,period,amount,submitted_at", "Maya,rep:Nobody,2026-Q1,1000,2026-01-02"],
    line: 2,
    field: "scope",
    reason: /rep that is not known/,
  },
  {
    name: "rep with a bad email",
    kind: "reps",
    lines: ["name,email,team", "Dee,dee-at-example,East"],
    line: 2,
    field: "email",
    reason: /not an email/,
  },
  {
    name: "duplicate account name",
    kind: "accounts",
    lines: ["id,name", "A1,Acme", "A2,ACME"],
    line: 3,
    field: "name",
    reason: /more than once/,
  },
];

describe("a file with a bad row is refused and writes nothing", () => {
  it.each(CASES)("$name", async ({ kind, lines, line, field, reason }) => {
    const { db, dir } = await seededDb();
    const before = crmSnapshot(db);
    const runsBefore = listImportRuns(db).length;
    const file = csv(dir, "bad.csv", lines);
    const error = await importCsv(db, { kind, file }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportRejectedError);
    const rejected = error as ImportRejectedError;
    expect(rejected.total).toBe(1);
    expect(rejected.problems[0]).toMatchObject({ file, line, field });
    expect(rejected.problems[0]?.reason).toMatch(reason);
    expect(crmSnapshot(db)).toEqual(before);
    const runs = listImportRuns(db);
    expect(runs).toHaveLength(runsBefore + 1);
    expect(runs.at(-1)).toMatchObject({ kind, outcome: "rejected", inserted: 0, updated: 0 });
    expect(runs.at(-1)?.message).toContain("nothing was written");
  });

  it('quotes the cell as written in file:line: field "value": why', async () => {
    const { db, dir } = await seededDb();
    const file = csv(dir, "bad.csv", [
      OPPS_HEADER,
      "B-1,,,Ana Ruiz,Proposal,100,,,31/02/2026,2026-03-01,,,,",
    ]);
    const error = (await importCsv(db, { kind: "opportunities", file }).catch(
      (e) => e,
    )) as ImportRejectedError;
    expect(formatProblem(error.problems[0] as never)).toBe(
      `${file}:2: created_date "31/02/2026": is not a date (expected YYYY-MM-DD)`,
    );
  });

  it("reports every problem of a row: an unreadable date and a negative amount together", async () => {
    const { db, dir } = await seededDb();
    const before = crmSnapshot(db);
    const file = csv(dir, "bad.csv", [OPPS_HEADER, "B-1,,,Ana Ruiz,Proposal,-5,,,2026-01-01,soon,,,,"]);
    const error = (await importCsv(db, { kind: "opportunities", file }).catch(
      (e) => e,
    )) as ImportRejectedError;
    expect(error.problems.map(formatProblem as never)).toEqual([
      `${file}:2: close_date "soon": is not a date (expected YYYY-MM-DD)`,
      `${file}:2: amount "-5": must not be negative`,
    ]);
    expect(crmSnapshot(db)).toEqual(before);
  });

  it("keeps the first 20 problems and counts the rest", async () => {
    const { db, dir } = await seededDb();
    const bad = Array.from(
      { length: 50 },
      (_, i) => `B-${i},,,Nobody,Proposal,100,,,2026-01-01,2026-03-01,,,,`,
    );
    const error = (await importCsv(db, {
      kind: "opportunities",
      file: csv(dir, "bad.csv", [OPPS_HEADER, GOOD, ...bad]),
    }).catch((e) => e)) as ImportRejectedError;
    expect(error.total).toBe(50);
    expect(error.problems).toHaveLength(20);
    expect(error.problems.map((p) => p.line)).toEqual(Array.from({ length: 20 }, (_, i) => i + 3));
    expect(error.message).toContain("… and 30 more problems; nothing was written");
  });

  it("a missing required column is one problem naming the file and the column", async () => {
    const { db, dir } = await seededDb();
    const file = csv(dir, "nocol.csv", [
      "id,owner,stage,amount,created_date",
      "Z,Ana Ruiz,Proposal,1,2026-01-01",
    ]);
    const error = (await importCsv(db, { kind: "opportunities", file }).catch(
      (e) => e,
    )) as ImportRejectedError;
    expect(error.total).toBe(1);
    expect(error.problems[0]).toMatchObject({ file, line: 1, field: "(header)" });
    expect(error.problems[0]?.reason).toMatch(
      /^required column "close_date" is missing: an opportunities file needs/,
    );
    // the rejected run still carries the whole file's hash
    expect(listImportRuns(db).at(-1)?.fileHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("an unterminated quote is reported at the line it starts on", async () => {
    const { db, dir } = await seededDb();
    const file = csv(dir, "q.csv", [OPPS_HEADER, GOOD, 'B-1,"never closed,Acme,Ana Ruiz']);
    const error = (await importCsv(db, { kind: "opportunities", file }).catch(
      (e) => e,
    )) as ImportRejectedError;
    expect(error.problems[0]).toMatchObject({ line: 3, field: "(file)" });
    expect(error.problems[0]?.reason).toMatch(/never closed/);
  });

  it("an empty file is refused", async () => {
    const { db, dir } = await seededDb();
    const file = csv(dir, "empty.csv", []);
    const error = (await importCsv(db, { kind: "reps", file }).catch((e) => e)) as ImportRejectedError;
    expect(error.problems[0]?.reason).toMatch(/empty/);
  });
});
