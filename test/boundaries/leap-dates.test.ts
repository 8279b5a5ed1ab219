/**
 * The Gregorian leap-year rule in date cells: every 4th year, except centuries, except every 4th
 * century. 1900-02-29 never existed; 2000-02-29 did.
 */
import { describe, expect, it } from "vitest";
import { type ImportRejectedError, importCsv } from "../../src/ingest/import-csv";
import { formatProblem } from "../../src/ingest/problems";
import { DateReader, plainIsoDate } from "../../src/ingest/values";
import { crmSnapshot, csv, OPPS_HEADER, REPS_CSV, tempDb } from "../ingest/helpers";

describe("29 February", () => {
  it("is refused in 1900 and 2100 and accepted in 2000, 2024 and 2400, by every date reader", () => {
    const iso = new DateReader();
    const us = new DateReader("M/D/YYYY");
    for (const year of [1900, 2100]) {
      expect(plainIsoDate(`${year}-02-29`), String(year)).toBeNull();
      expect(iso.date(`${year}-02-29`).ok, String(year)).toBe(false);
      expect(iso.dateTime(`${year}-02-29T10:00:00Z`).ok, String(year)).toBe(false);
      expect(us.date(`2/29/${year}`).ok, String(year)).toBe(false);
    }
    for (const year of [2000, 2024, 2400]) {
      expect(plainIsoDate(`${year}-02-29`), String(year)).toBe(`${year}-02-29`);
      expect(iso.date(`${year}-02-29`), String(year)).toEqual({ ok: true, value: `${year}-02-29` });
      expect(us.date(`2/29/${year}`), String(year)).toEqual({ ok: true, value: `${year}-02-29` });
    }
  });

  it("in an import: 1900-02-29 refuses the file, naming line, field and value; 2000-02-29 is stored", async () => {
    const { db, dir } = tempDb();
    await importCsv(db, { kind: "reps", file: csv(dir, "reps.csv", REPS_CSV) });
    const before = crmSnapshot(db);
    const bad = csv(dir, "bad.csv", [
      OPPS_HEADER,
      "L-1,Leap,Acme,Ana Ruiz,Proposal,100,,,1900-02-29,2026-03-01,,,,",
    ]);
    const error = (await importCsv(db, { kind: "opportunities", file: bad }).catch(
      (e) => e,
    )) as ImportRejectedError;
    expect(error.problems.map(formatProblem as never)).toEqual([
      `${bad}:2: created_date "1900-02-29": is not a date (expected YYYY-MM-DD)`,
    ]);
    expect(crmSnapshot(db)).toEqual(before);

    const good = csv(dir, "good.csv", [
      OPPS_HEADER,
      "L-2,Leap,Acme,Ana Ruiz,Proposal,100,,,2000-02-29,2026-03-01,,,,",
    ]);
    await importCsv(db, { kind: "opportunities", file: good });
    expect(db.prepare("SELECT created_date FROM opportunities WHERE id = 'L-2'").get()).toEqual({
      created_date: "2000-02-29",
    });
  });
});
