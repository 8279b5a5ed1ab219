import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { DataQualityResult } from "../../src/domain/analyses/data-quality";
import { MAX_CELL } from "../../src/ingest/csv-reader";
import { type ImportRejectedError, importCsv } from "../../src/ingest/import-csv";
import { openDatabase } from "../../src/store/db";
import { csv, OPPS_HEADER, REPS_CSV, runRituals, tempDb, tempDir } from "./helpers";

/**
 * Files as spreadsheets and CRMs really write them: other encodings, other line endings, and the
 * mistakes that used to pass silently (a doubled column, a rounded amount) or with a wrong message.
 */

const NOW = new Date("2026-03-01T09:00:00Z");

/** Windows-1252 bytes of the text (every character here is in that code page). */
function cp1252(text: string): Buffer {
  const high: Record<string, number> = { "€": 0x80, "“": 0x93, "”": 0x94, "–": 0x96 };
  return Buffer.from([...text].map((c) => high[c] ?? (c.charCodeAt(0) <= 0xff ? c.charCodeAt(0) : 0x3f)));
}

const NAMES_1252 = "name,team\r\nJürgen Müller,Größe “Nord”\r\nZoë Ångström,€ – West\r\n";

function repNames(dbFile: string): { name: string; team: string | null }[] {
  const db = openDatabase(dbFile);
  try {
    return db
      .prepare(
        "SELECT r.name, t.name AS team FROM reps r LEFT JOIN teams t ON t.id = r.team_id ORDER BY r.id",
      )
      .all() as { name: string; team: string | null }[];
  } finally {
    db.close();
  }
}

async function rejection(promise: Promise<unknown>): Promise<ImportRejectedError> {
  try {
    await promise;
  } catch (error) {
    return error as ImportRejectedError;
  }
  throw new Error("the import was accepted");
}

describe("files in other encodings", () => {
  it("refuses Windows-1252 bytes as UTF-8 at their line with a hint, and reads them with --encoding", async () => {
    const dir = tempDir();
    const file = path.join(dir, "reps.csv");
    fs.writeFileSync(file, cp1252(NAMES_1252));
    const dbFile = path.join(dir, "r.db");

    const refused = await runRituals(["import", "reps", file], { DATABASE_PATH: dbFile });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${file}:2: (file) "": is not UTF-8: byte 0xFC after "J".`);
    expect(refused.stderr).toContain("--encoding windows-1252");
    expect(repNames(dbFile)).toEqual([]);

    for (const encoding of ["windows-1252", "latin1"]) {
      const read = await runRituals(["import", "reps", file, "--encoding", encoding], {
        DATABASE_PATH: dbFile,
      });
      expect(read.stderr).toBe("");
      expect(read.code).toBe(0);
      expect(repNames(dbFile)).toEqual([
        { name: "Jürgen Müller", team: "Größe “Nord”" },
        { name: "Zoë Ångström", team: "€ – West" },
      ]);
    }
  }, 120_000);

  it("reads UTF-16 with a byte-order mark (Excel's Unicode text, tab-separated) without being told, either byte order", async () => {
    const text = "name,team\r\nJürgen Müller,Größe\r\nZoë 😀,日本\r\n";
    // Excel's "Unicode text": UTF-16 little-endian with a BOM, cells separated by tabs
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replaceAll(",", "\t"), "utf16le")]);
    const be = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    be.swap16();
    for (const bytes of [le, be]) {
      const { db, dir } = tempDb();
      const file = path.join(dir, "reps.csv");
      fs.writeFileSync(file, bytes);
      const summary = await importCsv(db, { kind: "reps", file, now: NOW });
      expect(summary.rows).toBe(2);
      expect(
        db
          .prepare("SELECT r.name, t.name AS team FROM reps r JOIN teams t ON t.id = r.team_id ORDER BY r.id")
          .all(),
      ).toEqual([
        { name: "Jürgen Müller", team: "Größe" },
        { name: "Zoë 😀", team: "日本" },
      ]);
    }
  });

  it("reads UTF-16 without a byte-order mark with --encoding utf-16, and refuses it without (NUL)", async () => {
    const { db, dir } = tempDb();
    const file = path.join(dir, "reps.csv");
    fs.writeFileSync(file, Buffer.from("name,team\r\nJürgen Müller,Nord\r\n", "utf16le"));
    const error = await rejection(importCsv(db, { kind: "reps", file, now: NOW }));
    expect(error.problems[0]?.reason).toMatch(/NUL character.*--encoding utf-16/);
    const summary = await importCsv(db, { kind: "reps", file, encoding: "utf-16", now: NOW });
    expect(summary.rows).toBe(1);
    expect(db.prepare("SELECT name FROM reps").pluck().all()).toEqual(["Jürgen Müller"]);
  });

  it("refuses invalid UTF-8 at the right line across the reader's 16 KiB pieces", async () => {
    // "é" in Latin-1 (0xE9) as the first byte of a piece after a two-byte "ü" split across pieces
    const { db, dir } = tempDb();
    // the same bytes from "Müller" on as with a one-column file: 10 + 16,365 + 1 bytes before it,
    // and a blank line (skipped) where a third row was
    const pad = `${"x".repeat(16_363)},x`;
    const bytes = Buffer.concat([
      Buffer.from(`name,team\n${pad}\nMüller,x\n\n`),
      Buffer.from([0x52, 0xe9, 0x6e, 0x65, 0x0a]), // "Rne" with a Latin-1 é
    ]);
    const file = path.join(dir, "reps.csv");
    fs.writeFileSync(file, bytes);
    const error = await rejection(importCsv(db, { kind: "reps", file, now: NOW }));
    expect(error.problems.map((p) => `${p.line}: ${p.reason.split(".")[0]}`)).toEqual([
      '5: is not UTF-8: byte 0xE9 after "R"',
    ]);
  });
});

describe("line endings", () => {
  const lines = [
    OPPS_HEADER,
    'O-1,"Acme, renewal",Acme,Ana Ruiz,Proposal,1200,,,2026-01-05,2026-03-31,"call back,\nthen quote",,,',
    "O-2,Globex,Globex,Ben Okafor,Closed Won,5000,,,2025-11-01,2026-02-14,,,,",
  ];

  it("reads a CR-only file (Excel's CSV (Macintosh)) like LF and CRLF ones, through the command line", async () => {
    const stored: unknown[] = [];
    for (const eol of ["\r", "\n", "\r\n"]) {
      const dir = tempDir();
      const dbFile = path.join(dir, "r.db");
      const reps = path.join(dir, "reps.csv");
      fs.writeFileSync(reps, `${REPS_CSV.join(eol)}${eol}`);
      const opps = path.join(dir, "opps.csv");
      fs.writeFileSync(opps, `${lines.map((l) => l.replaceAll("\n", eol)).join(eol)}${eol}`);
      const repsRun = await runRituals(["import", "reps", reps], { DATABASE_PATH: dbFile });
      expect(repsRun.stdout).toMatch(/^3 reps imported/);
      const run = await runRituals(["import", "opportunities", opps], { DATABASE_PATH: dbFile });
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/^2 opportunities imported/);
      const db = openDatabase(dbFile);
      stored.push(
        db.prepare("SELECT id, name, next_step, amount_cents FROM opportunities ORDER BY id").all(),
      );
      db.close();
    }
    expect(stored[0]).toEqual([
      { id: "O-1", name: "Acme, renewal", next_step: "call back,\nthen quote", amount_cents: 120_000 },
      { id: "O-2", name: "Globex", next_step: null, amount_cents: 500_000 },
    ]);
    expect(stored[1]).toEqual(stored[0]);
    expect(stored[2]).toEqual(stored[0]);
  }, 120_000);

  it("numbers the lines of a CR-only file for its problems", async () => {
    const { db, dir } = tempDb();
    await importCsv(db, { kind: "reps", file: csv(dir, "reps.csv", REPS_CSV), now: NOW });
    const file = path.join(dir, "opps.csv");
    const bad = "O-3,,,Ana Ruiz,Proposal,-5,,,2026-01-01,2026-02-01,,,,";
    fs.writeFileSync(file, [...lines, bad].join("\r").replaceAll("\n", "\r"));
    const error = await rejection(importCsv(db, { kind: "opportunities", file, now: NOW }));
    expect(error.problems.map((p) => `${p.line} ${p.field}`)).toEqual(["5 amount"]);
  });
});

describe("what a file must not hold", () => {
  it("refuses a NUL character with its line", async () => {
    const { db, dir } = tempDb();
    const file = path.join(dir, "reps.csv");
    fs.writeFileSync(file, "name,team\nAna,East\nBen\0,East\n");
    const error = await rejection(importCsv(db, { kind: "reps", file, now: NOW }));
    expect(error.problems.map((p) => [p.line, p.field])).toEqual([[3, "(file)"]]);
    expect(error.problems[0]?.reason).toMatch(/^has a NUL character/);
    expect(db.prepare("SELECT count(*) FROM reps").pluck().get()).toBe(0);
  });

  it("refuses a header that has the same column twice, naming both places", async () => {
    const { db, dir } = tempDb();
    await importCsv(db, { kind: "reps", file: csv(dir, "reps.csv", REPS_CSV), now: NOW });
    const file = csv(dir, "opps.csv", [
      "id,owner,stage,Amount,created_date,close_date,amount",
      "O-1,Ana Ruiz,Proposal,100,2026-01-01,2026-02-01,900",
    ]);
    const error = await rejection(importCsv(db, { kind: "opportunities", file, now: NOW }));
    expect(error.problems.map((p) => `${p.line} ${p.field}: ${p.reason}`)).toEqual([
      "1 Amount: the header has this column 2 times (columns 4, 7): keep one, or rename the others",
    ]);
    expect(db.prepare("SELECT count(*) FROM opportunities").pluck().get()).toBe(0);
  });

  it("refuses an amount with more than two decimals instead of rounding it", async () => {
    const { db, dir } = tempDb();
    await importCsv(db, { kind: "reps", file: csv(dir, "reps.csv", REPS_CSV), now: NOW });
    const row = (id: string, amount: string) =>
      `${id},,,Ana Ruiz,Proposal,${amount},,,2026-01-01,2026-02-01,,,,`;
    const file = csv(dir, "opps.csv", [
      OPPS_HEADER,
      row("O-1", "10.005"),
      row("O-2", '"$1,234.5601"'),
      row("O-3", "10.500"),
    ]);
    const error = await rejection(importCsv(db, { kind: "opportunities", file, now: NOW }));
    expect(error.problems.map((p) => `${p.line} ${p.field} "${p.value}": ${p.reason}`)).toEqual([
      '2 amount "10.005": has more than two decimals: amounts are whole cents and are not rounded',
      '3 amount "$1,234.5601": has more than two decimals: amounts are whole cents and are not rounded',
    ]);
    const comma = csv(dir, "comma.csv", [OPPS_HEADER, row("O-1", '"1.234,567"')]);
    const commaError = await rejection(
      importCsv(db, { kind: "opportunities", file: comma, decimalComma: true, now: NOW }),
    );
    expect(commaError.problems[0]?.reason).toMatch(/more than two decimals/);
    // trailing zeros lose nothing
    const exact = csv(dir, "exact.csv", [OPPS_HEADER, row("O-3", "10.500")]);
    await importCsv(db, { kind: "opportunities", file: exact, now: NOW });
    expect(db.prepare("SELECT amount_cents FROM opportunities").pluck().all()).toEqual([1050]);
  });

  it("says a line is too long when it has no line break, not that a quote is never closed", async () => {
    const { db, dir } = tempDb();
    const file = path.join(dir, "reps.csv");
    fs.writeFileSync(file, `name,team\nAna,East\n${"x,".repeat(9 * 1024 * 1024)}\n`);
    const error = await rejection(importCsv(db, { kind: "reps", file, now: NOW }));
    expect(error.problems.map((p) => `${p.line}: ${p.reason}`)).toEqual([
      "3: the line is over 16 MB long and has no line break: a record may be at most 16 MB; is this a CSV file?",
    ]);
  });

  it("refuses a cell over the limit, quoted or not, naming its column", async () => {
    const { db, dir } = tempDb();
    const long = "y".repeat(MAX_CELL + 1);
    for (const cell of [long, `"${long}"`]) {
      const file = csv(dir, "reps.csv", ["name,team", "Ana,East", `Ben,${cell}`]);
      const error = await rejection(importCsv(db, { kind: "reps", file, now: NOW }));
      expect(error.problems.map((p) => `${p.line}: ${p.reason}`)).toEqual([
        '3: column 2 ("team") has a cell of 131,073 characters, over the limit of 131,072',
      ]);
    }
    const fits = csv(dir, "reps.csv", ["name,team", `Ana,${"y".repeat(MAX_CELL)}`]);
    expect((await importCsv(db, { kind: "reps", file: fits, now: NOW })).rows).toBe(1);
  });
});

describe("date-times as a locale writes them", () => {
  async function withDeal() {
    const env = tempDb();
    await importCsv(env.db, { kind: "reps", file: csv(env.dir, "reps.csv", REPS_CSV), now: NOW });
    const opps = csv(env.dir, "o.csv", [
      "Opportunity ID,Opportunity Owner,Stage,Amount,Created Date,Close Date",
      "006A,Ana Ruiz,Proposal,100,1/2/2024,6/30/2024",
    ]);
    await importCsv(env.db, { kind: "opportunities", file: opps, preset: "salesforce", now: NOW });
    return env;
  }
  const entered = (db: ReturnType<typeof tempDb>["db"]) =>
    db.prepare("SELECT stage, entered_at FROM stage_history ORDER BY entered_at").all();

  it("reads Salesforce's Edit Date with the comma of ICU formats, 12- and 24-hour, in --timezone", async () => {
    const { db, dir } = await withDeal();
    const us = csv(dir, "us.csv", [
      "Opportunity ID,Stage,Edit Date",
      '006A,Prospecting,"5/1/2024, 4:45 PM"',
      "006A,Qualification,5/2/2024 4:45 PM",
      '006A,Proposal,"5/3/2024, 9:05\u202fam"',
    ]);
    const s = await importCsv(db, {
      kind: "stage-history",
      file: us,
      preset: "salesforce",
      timeZone: "America/New_York",
      now: NOW,
    });
    expect(s.rows).toBe(3);
    expect(entered(db)).toEqual([
      { stage: "Prospecting", entered_at: "2024-05-01T20:45:00Z" },
      { stage: "Qualification", entered_at: "2024-05-02T20:45:00Z" },
      { stage: "Proposal", entered_at: "2024-05-03T13:05:00Z" },
    ]);
  });

  it("reads the UK's 24-hour 01/05/2024, 16:45 with --date-format D/M/YYYY, in the workspace zone by default", async () => {
    const dir = tempDir();
    const dbFile = path.join(dir, "r.db");
    const env = { DATABASE_PATH: dbFile, WORKSPACE_TIMEZONE: "Europe/London" };
    fs.writeFileSync(path.join(dir, "reps.csv"), `${REPS_CSV.join("\n")}\n`);
    const opps = csv(dir, "o.csv", [
      "Opportunity ID,Opportunity Owner,Stage,Amount,Created Date,Close Date",
      "006A,Ana Ruiz,Proposal,100,02/01/2024,30/06/2024",
    ]);
    const history = csv(dir, "h.csv", [
      "Opportunity ID,Stage,Edit Date",
      '006A,Prospecting,"01/05/2024, 16:45"',
    ]);
    const steps = [
      ["import", "reps", path.join(dir, "reps.csv")],
      ["import", "opportunities", opps, "--preset", "salesforce", "--date-format", "D/M/YYYY"],
      ["import", "stage-history", history, "--preset", "salesforce", "--date-format", "D/M/YYYY"],
    ];
    for (const args of steps) {
      const run = await runRituals(args, env);
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
    }
    const db = openDatabase(dbFile);
    // 16:45 British Summer Time is 15:45 UTC
    expect(entered(db)).toEqual([{ stage: "Prospecting", entered_at: "2024-05-01T15:45:00Z" }]);
    db.close();
    const bad = await runRituals([...(steps[2] as string[]), "--timezone", "Mars/Olympus"], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('time zone "Mars/Olympus" is not an IANA zone name');
  }, 120_000);

  it("reads HubSpot's zone-less export date-times in --timezone", async () => {
    const env = tempDb();
    await importCsv(env.db, { kind: "reps", file: csv(env.dir, "reps.csv", REPS_CSV), now: NOW });
    const deals = csv(env.dir, "hs.csv", [
      "Record ID,Deal Name,Deal Stage,Amount,Close Date,Create Date,Deal owner",
      "9001,Initech,Contract Sent,4200.5,2024-06-30,2024-01-02 10:20,Cleo Park",
    ]);
    await importCsv(env.db, { kind: "opportunities", file: deals, preset: "hubspot", now: NOW });
    const history = csv(env.dir, "hh.csv", [
      "Record ID,Deal Stage,Last Modified Date",
      "9001,Appointment Scheduled,2024-05-01 16:45",
      "9001,Contract Sent,2024-05-02 09:30:15",
    ]);
    await importCsv(env.db, {
      kind: "stage-history",
      file: history,
      preset: "hubspot",
      timeZone: "Europe/Berlin",
      now: NOW,
    });
    expect(entered(env.db)).toEqual([
      { stage: "Appointment Scheduled", entered_at: "2024-05-01T14:45:00Z" },
      { stage: "Contract Sent", entered_at: "2024-05-02T07:30:15Z" },
    ]);
  });
});

describe("a deal closed before it was created", () => {
  it("is imported, and listed by the data-quality analysis", async () => {
    const dir = tempDir();
    const env = { DATABASE_PATH: path.join(dir, "r.db") };
    const opps = csv(dir, "opps.csv", [
      OPPS_HEADER,
      "O-1,Acme,Acme,Ana Ruiz,Closed Won,1200,,,2026-01-05,2026-02-01,,,,",
      "O-2,Globex,Globex,Ben Okafor,Closed Won,5000,,,2026-02-10,2026-02-03,,,,",
    ]);
    for (const args of [
      ["import", "reps", csv(dir, "reps.csv", REPS_CSV)],
      ["import", "opportunities", opps],
      ["refresh", "--as-of", "2026-03-01T09:00:00Z"],
    ]) {
      const run = await runRituals(args, env);
      expect(run.code, `${args.join(" ")}: ${run.stderr}`).toBe(0);
    }
    const analyzed = await runRituals(["analyze", "data-quality", "--json"], env);
    const { payload } = JSON.parse(analyzed.stdout) as { payload: DataQualityResult };
    expect(payload.failingRecords.rows).toEqual([
      {
        dealId: "O-2",
        name: "Globex",
        owner: "Ben Okafor",
        failures: [{ code: "closed_after_created", value: "2026-02-03 < 2026-02-10" }],
      },
    ]);
    expect(payload.checks.find((c) => c.code === "closed_after_created")).toEqual({
      code: "closed_after_created",
      rule: "the close date is not before the created date",
      failures: 1,
    });
  }, 120_000);
});
