import { describe, expect, it } from "vitest";
import { main } from "../../src/cli";
import { type ImportKind, ImportRejectedError, importCsv } from "../../src/ingest/import-csv";
import { formatProblem } from "../../src/ingest/problems";
import { listImportRuns } from "../../src/store/import-run-repository";
import { crmSnapshot, csv, OPPS_HEADER, REPS_CSV, seededDb } from "./helpers";

/** Each kind's file as the generic format writes it: a header, one good row, one row with a required cell empty. */
const FILES: Record<ImportKind, { header: string; good: string; blank: string; blankField: string }> = {
  opportunities: {
    header: OPPS_HEADER,
    good: "G-1,Good,Acme,Ana Ruiz,Proposal,100,,,2026-01-01,2026-02-01,,,,",
    blank: "G-2,Blank,Acme,,Proposal,100,,,2026-01-01,2026-02-01,,,,",
    blankField: "owner",
  },
  "stage-history": {
    header: "opportunity_id,changed_at,stage,close_date",
    good: "X,2026-01-05T10:00:00Z,Discovery,2026-02-01",
    blank: ",2026-01-06T10:00:00Z,Proposal,",
    blankField: "opportunity_id",
  },
  accounts: {
    header: "id,name,segment,region,industry",
    good: "A1,Acme,Enterprise,NA,Retail",
    blank: ",Globex,SMB,EMEA,",
    blankField: "id",
  },
  contracts: {
    header: "id,account,product,value,start_date,end_date",
    good: "C1,Acme,Core,1200.00,2026-01-01,2026-12-31",
    blank: "C2,Acme,Core,1200.00,,2026-12-31",
    blankField: "start_date",
  },
  reps: {
    header: REPS_CSV[0] as string,
    good: "Dee Lowe,dee@example.com,East,NA,SMB,Maya Chen,2025-01-06",
    blank: "Eli Moss,eli@example.com,,NA,SMB,Maya Chen,2025-01-06",
    blankField: "team",
  },
  quotas: {
    header: "owner,period,amount",
    good: "Ana Ruiz,2026-01,1000.00",
    blank: "Ben Okafor,,1000.00",
    blankField: "period",
  },
  forecasts: {
    header: "submitted_by,scope,period,amount,submitted_at",
    good: "Maya Chen,company,2026-Q1,1000.00,2026-01-02T10:00:00Z",
    blank: "Maya Chen,company,2026-Q1,1000.00,",
    blankField: "submitted_at",
  },
};

/** Another kind's file given as this kind: what it lacks and which kind the refusal says it looks like. */
const MISTAKES: { kind: ImportKind; fileOf: ImportKind; missing: string[] }[] = [
  { kind: "accounts", fileOf: "reps", missing: ["id"] },
  { kind: "reps", fileOf: "accounts", missing: ["team"] },
  {
    kind: "opportunities",
    fileOf: "contracts",
    missing: ["owner", "stage", "amount", "created_date", "close_date"],
  },
  { kind: "stage-history", fileOf: "opportunities", missing: ["opportunity_id", "changed_at"] },
  { kind: "contracts", fileOf: "opportunities", missing: ["value", "start_date", "end_date"] },
  { kind: "quotas", fileOf: "forecasts", missing: ["owner"] },
  { kind: "forecasts", fileOf: "quotas", missing: ["submitted_by", "scope", "submitted_at"] },
];

async function refusal(promise: Promise<unknown>): Promise<ImportRejectedError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportRejectedError);
  return error as ImportRejectedError;
}

describe("a header without the kind's required columns is refused, naming what is missing", () => {
  it.each(MISTAKES)("$fileOf file imported as $kind", async ({ kind, fileOf, missing }) => {
    const { db, dir } = await seededDb();
    const before = crmSnapshot(db);
    const other = FILES[fileOf];
    const file = csv(dir, `${fileOf}.csv`, [other.header, other.good]);
    const error = await refusal(importCsv(db, { kind, file }));
    expect(error.total).toBe(1);
    const problem = error.problems[0];
    expect(problem).toMatchObject({ file, line: 1, field: "(header)" });
    const reason = problem?.reason ?? "";
    // what is missing, what the kind needs, the columns the file has, and what it looks like
    expect(reason).toContain(
      `${missing.map((m) => `"${m}"`).join(", ")} ${missing.length === 1 ? "is" : "are"} missing`,
    );
    expect(reason).toContain(
      `this one has ${other.header
        .split(",")
        .map((h) => `"${h}"`)
        .join(", ")}`,
    );
    expect(reason).toContain(`This looks like ${/^[aeiou]/.test(fileOf) ? "an" : "a"} ${fileOf} file`);
    expect(reason).toContain(`rituals import ${fileOf}`);
    expect(crmSnapshot(db)).toEqual(before);
    expect(listImportRuns(db).at(-1)).toMatchObject({ kind, outcome: "rejected", inserted: 0 });
  });

  it("a header like no kind's says how to map its columns instead", async () => {
    const { db, dir } = await seededDb();
    const file = csv(dir, "odd.csv", ["colour,size", "red,9"]);
    const error = await refusal(importCsv(db, { kind: "quotas", file }));
    expect(formatProblem(error.problems[0] as never)).toBe(
      `${file}:1: (header) "": required columns "owner", "period", "amount" are missing: a quotas file needs ` +
        `"owner", "period", "amount", and this one has "colour", "size". Rename the columns, or pass --map "Your header=field"`,
    );
  });

  it("rituals import accounts reps.csv stores no account and says it is a reps file", async () => {
    const { db, dir, file: dbFile } = await seededDb();
    const before = crmSnapshot(db);
    const reps = csv(dir, "reps.csv", REPS_CSV);
    const err: string[] = [];
    const code = await main(["import", "accounts", reps], {
      env: { DATABASE_PATH: dbFile },
      out: () => {},
      err: (l) => err.push(l),
      now: () => new Date("2026-03-01T09:00:00Z"),
    });
    expect(code).toBe(1);
    expect(err.join("\n")).toContain(`${reps}:1: (header) "": required column "id" is missing`);
    expect(err.join("\n")).toContain("This looks like a reps file: import it with `rituals import reps`");
    expect(crmSnapshot(db)).toEqual(before);
  });
});

describe("a required cell left empty is refused at its file:line, and nothing is written", () => {
  it.each(Object.entries(FILES) as [ImportKind, (typeof FILES)[ImportKind]][])(
    "%s",
    async (kind, { header, good, blank, blankField }) => {
      const { db, dir } = await seededDb();
      const before = crmSnapshot(db);
      const file = csv(dir, `${kind}.csv`, [header, good, blank]);
      const error = await refusal(importCsv(db, { kind, file }));
      expect(error.problems.map((p) => formatProblem(p))).toEqual([
        `${file}:3: ${blankField} "": is required`,
      ]);
      expect(crmSnapshot(db)).toEqual(before);
      // the same file with the row filled in is imported: the refusal was the empty cell
      const fixed = csv(dir, `${kind}-ok.csv`, [header, good]);
      expect((await importCsv(db, { kind, file: fixed })).rows).toBe(1);
    },
  );
});
