import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AsOfBeforeDataError, checkAsOf, latestFact } from "../../src/refresh/as-of-rule";
import { RefreshError, refresh } from "../../src/refresh/refresh";
import { latestRefresh } from "../../src/store/analyses-repository";
import { loadDataset } from "../../src/store/dataset-repository";
import { type Db, openDatabase } from "../../src/store/db";
import {
  closeDateChanges,
  dataset,
  deal,
  quota,
  rep,
  seedDatabase,
  stageChanges,
} from "../analytics/builders";
import { runCli } from "../cli/run-cli";

const ANA = rep({ id: 1, name: "Ana", team: "West" });

/** The as-of is refused: the error, or null when it is accepted. */
function refusal(ds: ReturnType<typeof dataset>, asOf: string, zone = "UTC", fromClock = false) {
  try {
    checkAsOf(ds, new Date(asOf), zone, fromClock);
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(AsOfBeforeDataError);
    return error as AsOfBeforeDataError;
  }
}

describe("the as-of rule: no refresh for an instant before the data's latest fact", () => {
  it("refuses an as-of before a deal won later, naming the deal and the day", () => {
    const ds = dataset({
      reps: [ANA],
      deals: [deal({ id: "O-LATE", ownerId: 1, stage: "Closed Won", closeDate: "2026-11-20" })],
    });
    const error = refusal(ds, "2026-11-15T12:00:00Z");
    expect(error?.message).toBe(
      "the as-of 15 Nov 2026, 12:00 UTC (2026-11-15T12:00:00.000Z) is before the data's latest fact: " +
        "deal O-LATE closed won on 2026-11-20. Every figure is computed from the deals as they stand in the " +
        "latest import, so an earlier as-of would count later deals as neither won nor open; use an as-of at " +
        "or after that fact, or import an export taken at the as-of",
    );
    // a date is the start of its day: any instant of that day or later will do
    expect(refusal(ds, "2026-11-20T00:00:00Z")).toBeNull();
    expect(refusal(ds, "2026-12-01T06:00:00Z")).toBeNull();
  });

  it("reads a date as the start of that day in the workspace's zone", () => {
    const ds = dataset({
      reps: [ANA],
      deals: [deal({ id: "O-LOST", ownerId: 1, stage: "Closed Lost", closeDate: "2026-11-20" })],
    });
    // 04:00 UTC is 23:00 on the 19th in New York, 06:00 UTC is 01:00 on the 20th
    expect(refusal(ds, "2026-11-20T04:00:00Z", "America/New_York")?.message).toContain(
      "the as-of 19 Nov 2026, 23:00 EST (2026-11-20T04:00:00.000Z) is before the data's latest fact: deal O-LOST closed lost on 2026-11-20",
    );
    expect(refusal(ds, "2026-11-20T06:00:00Z", "America/New_York")).toBeNull();
  });

  it("counts created dates, stage and close-date changes and submissions, to the minute", () => {
    const base = { reps: [ANA], deals: [deal({ id: "O-1", ownerId: 1, createdDate: "2026-10-01" })] };
    const cases: [ReturnType<typeof dataset>, string][] = [
      [
        dataset({ ...base, deals: [deal({ id: "O-NEW", ownerId: 1, createdDate: "2026-11-22" })] }),
        "deal O-NEW was created on 2026-11-22",
      ],
      [
        dataset({ ...base, stageHistory: stageChanges("O-1", [["Proposal", "2026-11-21T15:00:00Z"]]) }),
        "deal O-1 entered Proposal at 21 Nov 2026, 15:00 UTC (2026-11-21T15:00:00Z)",
      ],
      [
        dataset({
          ...base,
          closeDateHistory: closeDateChanges("O-1", [["2026-12-15", "2026-11-21T15:00:00Z"]]),
        }),
        "deal O-1's close date was set to 2026-12-15 at 21 Nov 2026, 15:00 UTC",
      ],
      [
        dataset({
          ...base,
          submissions: [
            {
              submittedBy: "Maya",
              scope: "team:West",
              period: "2026-12",
              amountCents: 1,
              submittedAt: "2026-11-21T15:00:00Z",
            },
          ],
        }),
        "Maya submitted a forecast for team:West 2026-12 at 21 Nov 2026, 15:00 UTC",
      ],
    ];
    for (const [ds, fact] of cases) {
      expect(refusal(ds, "2026-11-21T14:59:00Z")?.message, fact).toContain(`latest fact: ${fact}`);
      expect(refusal(ds, "2026-11-22T00:00:00Z"), fact).toBeNull();
    }
  });

  it("does not count what is planned: an open deal's close date, its last activity, a contract's end", () => {
    const ds = dataset({
      reps: [ANA],
      deals: [
        deal({
          ownerId: 1,
          stage: "Proposal",
          createdDate: "2026-10-01",
          closeDate: "2027-03-31",
          lastActivityDate: "2026-12-20",
        }),
      ],
      quotas: [quota(1, "2027-Q1", 1_000_000)],
    });
    expect(refusal(ds, "2026-11-01T00:00:00Z")).toBeNull();
    expect(latestFact(ds, "UTC")).toEqual({ at: "2026-10-01", what: expect.stringContaining("was created") });
  });

  it("an instant later on the latest date's own day is the latest fact", () => {
    const ds = dataset({
      reps: [ANA],
      deals: [
        deal({
          id: "O-1",
          ownerId: 1,
          stage: "Closed Won",
          createdDate: "2026-10-01",
          closeDate: "2026-11-21",
        }),
      ],
      stageHistory: stageChanges("O-1", [["Closed Won", "2026-11-21T18:30:00Z"]]),
    });
    expect(latestFact(ds, "UTC")?.at).toBe("2026-11-21T18:30:00Z");
    expect(refusal(ds, "2026-11-21T12:00:00Z")?.message).toContain(
      "deal O-1 entered Closed Won at 21 Nov 2026, 18:30 UTC",
    );
  });

  it("when the as-of is the clock, says the clock is behind the data", () => {
    const ds = dataset({ reps: [ANA], deals: [deal({ ownerId: 1, createdDate: "2026-11-22" })] });
    expect(refusal(ds, "2026-11-21T06:00:00Z", "UTC", true)?.message).toMatch(
      /^the clock says it is 21 Nov 2026, 06:00 UTC \(2026-11-21T06:00:00.000Z\), before the data's latest fact: deal D\d+ was created on 2026-11-22\. Either this machine's clock is wrong/,
    );
  });
});

const opened: string[] = [];
afterEach(() => {
  for (const file of opened.splice(0))
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
});
function seeded(): { db: Db; file: string } {
  const file = path.join(
    os.tmpdir(),
    `rituals-as-of-${process.pid}-${Math.random().toString(36).slice(2)}.db`,
  );
  opened.push(file);
  const db = openDatabase(file);
  seedDatabase(
    db,
    dataset({
      reps: [ANA],
      quotas: [quota(1, "2026-11", 100_000)],
      deals: [
        deal({ id: "O-WON", ownerId: 1, stage: "Closed Won", amountCents: 50_000, closeDate: "2026-11-20" }),
      ],
    }),
  );
  return { db, file };
}
const CONFIG = { WORKSPACE_TIMEZONE: "UTC", FISCAL_YEAR_START_MONTH: 1, CURRENCY: "USD" };

describe("on a loaded dataset (history as columns)", () => {
  it("names the same latest fact as the row lists: the first row holding the latest instant", () => {
    const file = path.join(
      os.tmpdir(),
      `rituals-as-of-cols-${process.pid}-${Math.random().toString(36).slice(2)}.db`,
    );
    opened.push(file);
    const db = openDatabase(file);
    const ds = dataset({
      reps: [ANA],
      deals: ["O-A", "O-B", "O-C"].map((id) =>
        deal({ id, ownerId: 1, stage: "Proposal", createdDate: "2026-10-01" }),
      ),
      stageHistory: [
        ...stageChanges("O-A", [["Discovery", "2026-11-02T09:00:00Z"]]),
        ...stageChanges("O-B", [
          ["Discovery", "2026-11-01T09:00:00Z"],
          ["Proposal", "2026-11-21T15:00:00Z"],
        ]),
        ...stageChanges("O-C", [["Proposal", "2026-11-21T15:00:00Z"]]),
      ],
      closeDateHistory: closeDateChanges("O-C", [["2026-12-15", "2026-11-21T14:00:00Z"]]),
    });
    seedDatabase(db, ds);
    const loaded = loadDataset(db);
    db.close();
    expect(loaded.historyColumns).toBeDefined();
    const fact = latestFact(loaded, "UTC");
    expect(fact).toEqual({ at: "2026-11-21T15:00:00Z", what: "deal O-B entered Proposal" });
    expect(latestFact(ds, "UTC")).toEqual(fact);
  });
});

describe("every refresh obeys it: nothing is stored", () => {
  it("refresh() at a past as-of, and the daily refresh (the clock) behind the data", () => {
    const { db } = seeded();
    try {
      const early = new Date("2026-11-10T06:00:00Z");
      expect(() =>
        refresh(db, { asOf: early, now: () => new Date("2026-11-25T06:00:00Z"), config: CONFIG }),
      ).toThrow(
        /refresh failed, nothing stored: the as-of 10 Nov 2026, 06:00 UTC .* deal O-WON closed won on 2026-11-20/,
      );
      expect(() => refresh(db, { now: () => early, config: CONFIG })).toThrow(RefreshError);
      expect(() => refresh(db, { now: () => early, config: CONFIG })).toThrow(
        /the clock says it is 10 Nov 2026/,
      );
      expect(latestRefresh(db)).toBeNull();
      // once the clock has caught up, the same data refreshes
      expect(refresh(db, { now: () => new Date("2026-11-25T06:00:00Z"), config: CONFIG }).asOf).toBe(
        "2026-11-25T06:00:00.000Z",
      );
    } finally {
      db.close();
    }
  });

  it("rituals refresh --as-of: before the data or in the future is refused, and nothing is stored", async () => {
    const { db, file } = seeded();
    db.close();
    const now = "2026-12-02T17:00:00Z";
    const past = await runCli(["refresh", "--as-of", "2026-11-10T06:00:00Z"], now, { DATABASE_PATH: file });
    expect(past.code).toBe(1);
    expect(past.err).toContain("deal O-WON closed won on 2026-11-20");
    const future = await runCli(["refresh", "--as-of", "2026-12-03"], now, {
      DATABASE_PATH: file,
      WORKSPACE_TIMEZONE: "Europe/Berlin",
    });
    expect(future.code).toBe(2);
    expect(future.err).toContain(
      "rituals refresh: --as-of 3 Dec 2026, 13:00 GMT+1 (2026-12-03T12:00:00.000Z) is in the future: it is now " +
        "2 Dec 2026, 18:00 GMT+1 (2026-12-02T17:00:00.000Z, WORKSPACE_TIMEZONE Europe/Berlin)",
    );
    const check = openDatabase(file);
    try {
      expect(latestRefresh(check)).toBeNull();
    } finally {
      check.close();
    }
    const ok = await runCli(["refresh", "--as-of", "2026-12-02T17:00:00Z"], now, { DATABASE_PATH: file });
    expect(ok.code).toBe(0);
  });
});

describe("rituals sample --month", () => {
  it("refuses a month after the current one in the workspace's zone, and writes nothing", async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "rituals-sample-future-"));
    try {
      const env = { DATABASE_PATH: path.join(out, "x.db"), WORKSPACE_TIMEZONE: "Pacific/Auckland" };
      // 30 Nov 20:00 UTC is already 1 December in Auckland: December is this month, January is not
      const r = await runCli(["sample", "--out", out, "--month", "2027-01"], "2026-11-30T20:00:00Z", env);
      expect(r.code).toBe(2);
      expect(r.err).toContain(
        "rituals sample: --month 2027-01 is in the future: it is 2026-12-01 now (WORKSPACE_TIMEZONE Pacific/Auckland), so the latest month with data is 2026-12",
      );
      expect(fs.readdirSync(out)).toEqual([]);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
