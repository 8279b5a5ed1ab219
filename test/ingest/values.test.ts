import { describe, expect, it } from "vitest";
import { DateReader, parseBoolean, parseProbability } from "../../src/ingest/values";

describe("dates", () => {
  const iso = new DateReader();
  const us = new DateReader("M/D/YYYY");

  it("reads ISO dates and rejects impossible ones", () => {
    expect(iso.date("2026-02-28")).toEqual({ ok: true, value: "2026-02-28" });
    expect(iso.date("2028-02-29")).toEqual({ ok: true, value: "2028-02-29" });
    expect(iso.date("2026-02-29").ok).toBe(false);
    expect(iso.date("2026-13-01").ok).toBe(false);
    expect(iso.date("3/31/2026").ok).toBe(false);
    expect(iso.date("yesterday").ok).toBe(false);
  });

  it("reads a format's tokens and still accepts ISO", () => {
    expect(us.date("3/1/2026")).toEqual({ ok: true, value: "2026-03-01" });
    expect(us.date("03/01/2026")).toEqual({ ok: true, value: "2026-03-01" });
    expect(us.date("2026-03-01")).toEqual({ ok: true, value: "2026-03-01" });
    expect(us.date("31/3/2026")).toEqual({
      ok: false,
      reason: "is not a date (expected YYYY-MM-DD or M/D/YYYY)",
    });
    expect(new DateReader("DD.MM.YYYY").date("05.01.2026")).toEqual({ ok: true, value: "2026-01-05" });
  });

  it("reads datetimes as UTC instants, converting offsets, 12-hour clocks included", () => {
    expect(iso.dateTime("2026-01-05")).toEqual({ ok: true, value: "2026-01-05" });
    expect(iso.dateTime("2026-01-05T10:20:30Z")).toEqual({ ok: true, value: "2026-01-05T10:20:30Z" });
    expect(iso.dateTime("2026-01-05T23:30:00-02:00")).toEqual({ ok: true, value: "2026-01-06T01:30:00Z" });
    expect(us.dateTime("1/5/2026 12:05 AM")).toEqual({ ok: true, value: "2026-01-05T00:05:00Z" });
    expect(us.dateTime("1/5/2026 12:05 PM")).toEqual({ ok: true, value: "2026-01-05T12:05:00Z" });
    expect(us.dateTime("1/5/2026 13:05 PM").ok).toBe(false);
    expect(iso.dateTime("2026-01-05 25:00").ok).toBe(false);
  });

  it("refuses a format without a year, month and day", () => {
    expect(() => new DateReader("MM/DD")).toThrow(/YYYY/);
    expect(() => new DateReader("YYYY-MM")).toThrow(/D or DD/);
  });
});

describe("probability (percent 0–100)", () => {
  it.each([
    ["45", 45],
    ["45%", 45],
    ["45.5", 45.5],
    ["0.45", 45],
    ["1", 1],
    ["0", 0],
    ["100", 100],
    ["", null],
  ])("%s → %s", (raw, expected) => {
    expect(parseProbability(raw)).toEqual({ ok: true, value: expected });
  });

  it("reads HubSpot's fractions, 1 included", () => {
    expect(parseProbability("1", true)).toEqual({ ok: true, value: 100 });
    expect(parseProbability("0.2", true)).toEqual({ ok: true, value: 20 });
    expect(parseProbability("40", true)).toEqual({ ok: true, value: 40 });
  });

  it("reads whole percents written as bare digits (the character-code fast path) like any other", () => {
    expect(["0", "7", "007", "99", "100", " 45", "45 "].map((s) => parseProbability(s))).toEqual(
      [0, 7, 7, 99, 100, 45, 45].map((value) => ({ ok: true, value })),
    );
    expect(parseProbability("101")).toEqual({ ok: false, reason: "is over 100%" });
    expect(parseProbability("999")).toEqual({ ok: false, reason: "is over 100%" });
    // HubSpot fractions: bare 0 and 1 still mean 0% and 100%
    expect(parseProbability("0", true)).toEqual({ ok: true, value: 0 });
    expect(parseProbability("1", true)).toEqual({ ok: true, value: 100 });
    expect(parseProbability("2", true)).toEqual({ ok: true, value: 2 });
  });

  it("refuses values over 100 and text", () => {
    expect(parseProbability("120").ok).toBe(false);
    expect(parseProbability("high").ok).toBe(false);
    expect(parseProbability("-5").ok).toBe(false);
  });
});

describe("booleans", () => {
  it("reads true/false, yes/no, 1/0 in any case and empty as unknown", () => {
    expect(["TRUE", "yes", "1", "Y"].map((s) => parseBoolean(s))).toEqual(
      Array(4).fill({ ok: true, value: true }),
    );
    expect(["false", "No", "0"].map((s) => parseBoolean(s))).toEqual(
      Array(3).fill({ ok: true, value: false }),
    );
    expect(["true", " true", "True"].map((s) => parseBoolean(s))).toEqual(
      Array(3).fill({ ok: true, value: true }),
    );
    expect(["false", "false ", "FALSE"].map((s) => parseBoolean(s))).toEqual(
      Array(3).fill({ ok: true, value: false }),
    );
    expect(parseBoolean("")).toEqual({ ok: true, value: null });
    expect(parseBoolean(" ")).toEqual({ ok: true, value: null });
    expect(parseBoolean("maybe").ok).toBe(false);
  });
});
