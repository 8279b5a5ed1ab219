import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { attainment } from "../../src/analytics/attainment/attainment";
import { dataQuality } from "../../src/analytics/data-quality/data-quality";
import type { AnalysisDefinition } from "../../src/analytics/definition";
import { pipeline } from "../../src/analytics/pipeline/pipeline";
import { ANALYSES } from "../../src/analytics/registry";
import type { AttainmentResult } from "../../src/domain/analyses/attainment";
import { RefreshError, refresh } from "../../src/refresh/refresh";
import { latestRefresh, listStoredKeys, readLatestAnalysis } from "../../src/store/analyses-repository";
import { type Db, openDatabase } from "../../src/store/db";
import { dataset, deal, quota, rep, seedDatabase } from "../analytics/builders";

const CONFIG = { WORKSPACE_TIMEZONE: "UTC", FISCAL_YEAR_START_MONTH: 1, CURRENCY: "USD" };
const AS_OF = new Date("2026-11-18T15:00:00Z");
/** the refresh's clock: a little after the as-of instant */
const NOW = () => new Date("2026-11-18T15:05:00Z");
const MINE = [attainment, pipeline, dataQuality];

const opened: { db: Db; file: string }[] = [];
function tempDb(): Db {
  const file = path.join(
    os.tmpdir(),
    `rituals-refresh-${process.pid}-${Math.random().toString(36).slice(2)}.db`,
  );
  const db = openDatabase(file);
  opened.push({ db, file });
  return db;
}
afterEach(() => {
  for (const { db, file } of opened.splice(0)) {
    db.close();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  }
});

const count = (db: Db, table: string) =>
  (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

function small() {
  const reps = [
    rep({ id: 1, name: "Ana", team: "West", region: "Americas", segment: "Enterprise" }),
    rep({ id: 2, name: "Ben", team: "West", region: "Americas", segment: "Mid-Market" }),
    rep({ id: 3, name: "Cy", team: "East", region: "EMEA", segment: "Enterprise" }),
    rep({ id: 4, name: "Dee", team: "East", region: "EMEA", segment: "Mid-Market" }),
  ];
  return dataset({
    reps,
    quotas: [quota(1, "2026-11", 1_000_000), quota(2, "2026-11", 500_000), quota(3, "2026-Q4", 900_000)],
    deals: [
      deal({ id: "o1", ownerId: 1, stage: "Closed Won", amountCents: 1_200_000, closeDate: "2026-11-05" }),
      deal({ id: "o2", ownerId: 2, stage: "Closed Won", amountCents: 200_000, closeDate: "2026-11-03" }),
      deal({
        id: "o3",
        ownerId: 2,
        stage: "Negotiation",
        probability: 50,
        amountCents: 300_000,
        closeDate: "2026-11-25",
      }),
      deal({ id: "o4", ownerId: 3, stage: "Closed Lost", amountCents: 100_000, closeDate: "2026-10-02" }),
      deal({
        id: "o5",
        ownerId: 3,
        stage: "Negotiation",
        probability: 50,
        amountCents: 0,
        closeDate: "2026-11-01",
      }),
    ],
  });
}

describe("refresh", () => {
  it("stores one document per analysis, scope and period, and reports counts and timings", () => {
    const db = tempDb();
    const importId = seedDatabase(db, small());
    const s = refresh(db, { asOf: AS_OF, now: NOW, config: CONFIG, analyses: MINE });
    expect(s.asOf).toBe("2026-11-18T15:00:00.000Z");
    expect(s.importId).toBe(importId);
    // scopes: company, 2 regions, 2 segments, 2 teams, 4 reps = 11; data quality skips segments = 9;
    // attainment projects with the forecast's base, so the forecast is computed (and stored) first
    expect(s.analyses.map((a) => [a.name, a.documents])).toEqual([
      ["forecast", 11 * 4],
      ["attainment", 11 * 5],
      ["pipeline", 11 * 4],
      ["data-quality", 9],
    ]);
    // the timings are the parts of one run: loading, each analysis, saving, within the total
    const parts = s.loadMs + s.saveMs + s.analyses.reduce((sum, a) => sum + a.ms, 0);
    for (const ms of [s.loadMs, s.saveMs, s.totalMs, ...s.analyses.map((a) => a.ms)])
      expect(Number.isFinite(ms) && ms >= 0).toBe(true);
    expect(parts).toBeLessThanOrEqual(s.totalMs + 1e-6);
    expect(count(db, "analyses")).toBe(44 + 55 + 44 + 9);
    expect(latestRefresh(db)).toMatchObject({ id: s.refreshId, outcome: "ok", asOf: s.asOf, importId });
    const stored = readLatestAnalysis<AttainmentResult>(db, "attainment", "TEAM:west");
    expect(stored).toMatchObject({
      period: "2026-11",
      isDefault: true,
      definitionVersion: attainment.definitionVersion,
      refreshId: s.refreshId,
    });
    // West = (1,200,000 + 200,000) / (1,000,000 + 500,000)
    expect(stored?.payload.attainment).toBeCloseTo(1_400_000 / 1_500_000, 12);
    expect(listStoredKeys(db, "data-quality").periods).toEqual(["current"]);
  });

  it("keeps team attainment = summed bookings / summed quotas of its reps in every stored document", () => {
    const db = tempDb();
    seedDatabase(db, small());
    refresh(db, { asOf: AS_OF, now: NOW, config: CONFIG, analyses: MINE });
    for (const team of ["West", "East"]) {
      for (const period of ["2026-11", "2026-10", "2026-Q4", "2026-Q3", "FY2026"]) {
        const t = readLatestAnalysis<AttainmentResult>(db, "attainment", `team:${team}`, period)?.payload;
        const reps = t?.breakdown.find((b) => b.dimension === "rep")?.rows ?? [];
        const bookings = reps.reduce((s, r) => s + r.bookingsCents, 0);
        const quotas = reps.reduce((s, r) => s + r.quotaCents, 0);
        expect(t?.bookingsCents).toBe(bookings);
        expect(t?.quotaCents).toBe(quotas);
        expect(t?.attainment).toBe(quotas > 0 ? bookings / quotas : null);
      }
    }
  });

  it("on an empty database stores defined answers for every registered analysis", () => {
    const db = tempDb();
    const s = refresh(db, { asOf: AS_OF, now: NOW, config: CONFIG });
    expect(s.importId).toBeNull();
    expect(s.analyses.map((a) => a.name)).toEqual(Object.keys(ANALYSES));
    for (const name of ["attainment", "pipeline", "data-quality"] as const) {
      const stored = readLatestAnalysis(db, name, "company");
      expect(stored, name).not.toBeNull();
    }
    const rows = db.prepare("SELECT name, payload FROM analyses").all() as {
      name: keyof typeof ANALYSES;
      payload: string;
    }[];
    for (const r of rows)
      expect(() => ANALYSES[r.name].schema.parse(JSON.parse(r.payload)), r.name).not.toThrow();
    expect(readLatestAnalysis<AttainmentResult>(db, "attainment", "company")?.payload).toMatchObject({
      bookingsCents: 0,
      quotaCents: 0,
      attainment: null,
      attainmentNullReason: "no_quota",
    });
  });

  it("stores every registered analysis on a small dataset, each payload valid after a JSON round trip", () => {
    const db = tempDb();
    seedDatabase(db, small());
    refresh(db, { asOf: AS_OF, now: NOW, config: CONFIG });
    const rows = db.prepare("SELECT name, scope, period, payload FROM analyses").all() as {
      name: keyof typeof ANALYSES;
      scope: string;
      period: string;
      payload: string;
    }[];
    expect([...new Set(rows.map((r) => r.name))].sort()).toEqual(Object.keys(ANALYSES).sort());
    for (const r of rows) {
      expect(r.payload, `${r.name} ${r.scope} ${r.period}`).not.toMatch(/NaN|Infinity/);
      expect(() => ANALYSES[r.name].schema.parse(JSON.parse(r.payload))).not.toThrow();
    }
  });

  it("stores nothing when one payload fails its schema, and records the failed run with the reason", () => {
    const db = tempDb();
    seedDatabase(db, small());
    const first = refresh(db, { asOf: AS_OF, now: NOW, config: CONFIG, analyses: MINE });
    const before = count(db, "analyses");
    const broken: AnalysisDefinition<{ ratio: number }> = {
      name: "year-review",
      definitionVersion: 1,
      title: "broken",
      schema: z.object({ ratio: z.number() }),
      // 0 / 0 is the kind of bug the schema is there to stop
      compute: () => ({
        results: [{ scope: "company", period: "current", isDefault: true, payload: { ratio: 0 / 0 } }],
      }),
      renderText: () => "",
    };
    expect(() =>
      refresh(db, {
        asOf: new Date("2026-11-19T15:00:00Z"),
        now: NOW,
        config: CONFIG,
        analyses: [...MINE, broken],
      }),
    ).toThrow(RefreshError);
    expect(count(db, "analyses")).toBe(before);
    expect(latestRefresh(db)?.id).toBe(first.refreshId);
    const failed = db.prepare("SELECT outcome, message FROM refresh_runs ORDER BY id DESC LIMIT 1").get() as {
      outcome: string;
      message: string;
    };
    expect(failed.outcome).toBe("failed");
    expect(failed.message).toContain("year-review company current");
    expect(failed.message).toContain("ratio");
  });

  it("checks payloads on a second thread when asked, and stores exactly what checking here stores", () => {
    const data = small();
    const stored = (thread: boolean) => {
      const db = tempDb();
      seedDatabase(db, data);
      refresh(db, { asOf: AS_OF, now: NOW, config: CONFIG, checkThread: thread });
      return db.prepare("SELECT name, scope, period, is_default, payload FROM analyses ORDER BY id").all();
    };
    const here = stored(false);
    expect(here.length).toBeGreaterThan(50);
    expect(stored(true)).toEqual(here);
  });

  it("stores nothing when the checking thread refuses a payload, naming where it failed", () => {
    const db = tempDb();
    seedDatabase(db, small());
    const broken: AnalysisDefinition<unknown> = {
      ...ANALYSES["year-review"],
      compute: () => ({
        results: [{ scope: "company", period: "current", isDefault: true, payload: { funnel: "none" } }],
      }),
    };
    expect(() =>
      refresh(db, {
        asOf: AS_OF,
        now: NOW,
        config: CONFIG,
        analyses: [attainment, broken],
        checkThread: true,
      }),
    ).toThrow(/year-review company current: payload does not match its schema/);
    expect(count(db, "analyses")).toBe(0);
  });

  it("rejects two results for the same scope and period", () => {
    const db = tempDb();
    const twice: AnalysisDefinition<{ n: number }> = {
      name: "year-review",
      definitionVersion: 1,
      title: "twice",
      schema: z.object({ n: z.number() }),
      compute: () => ({
        results: [
          { scope: "company", period: "2026-11", isDefault: true, payload: { n: 1 } },
          { scope: "Company", period: "2026-11", isDefault: false, payload: { n: 2 } },
        ],
      }),
      renderText: () => "",
    };
    expect(() => refresh(db, { asOf: AS_OF, now: NOW, config: CONFIG, analyses: [twice] })).toThrow(
      /computed twice/,
    );
    expect(count(db, "analyses")).toBe(0);
  });

  it("reads the time from the clock it is given: start, finish and the default as-of instant", () => {
    const db = tempDb();
    seedDatabase(db, small());
    const ticks = ["2026-11-20T06:00:00Z", "2026-11-20T06:00:01Z", "2026-11-20T06:00:02Z"];
    let tick = 0;
    const clock = () => new Date(ticks[Math.min(tick++, ticks.length - 1)] as string);
    const s = refresh(db, { now: clock, config: CONFIG, analyses: [attainment] });
    expect(s.startedAt).toBe("2026-11-20T06:00:00.000Z");
    expect(s.asOf).toBe("2026-11-20T06:00:01.000Z");
    expect(s.finishedAt).toBe("2026-11-20T06:00:02.000Z");
    expect(latestRefresh(db)).toMatchObject({
      startedAt: s.startedAt,
      finishedAt: s.finishedAt,
      asOf: s.asOf,
    });
  });

  it("uses the workspace time zone for today's date", () => {
    const db = tempDb();
    seedDatabase(db, small());
    // 2026-12-01T03:00Z is still November 30 in New York: the default month stays November
    refresh(db, {
      asOf: new Date("2026-12-01T03:00:00Z"),
      now: NOW,
      config: { ...CONFIG, WORKSPACE_TIMEZONE: "America/New_York" },
      analyses: [attainment],
    });
    expect(readLatestAnalysis<AttainmentResult>(db, "attainment", "company")?.payload.asOfDate).toBe(
      "2026-11-30",
    );
  });
});
