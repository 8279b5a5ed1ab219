/**
 * Headline figures of a refresh over the sample company, checked against independent SQL over the
 * same database: the analyses and the queries must agree to the cent.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSample, SAMPLE_FILES } from "../../data/sample/generate";
import { attainment } from "../../src/analytics/attainment/attainment";
import { dataQuality } from "../../src/analytics/data-quality/data-quality";
import { pipeline } from "../../src/analytics/pipeline/pipeline";
import type { AttainmentResult } from "../../src/domain/analyses/attainment";
import type { DataQualityResult } from "../../src/domain/analyses/data-quality";
import type { PipelineResult } from "../../src/domain/analyses/pipeline";
import { importCsv } from "../../src/ingest/import-csv";
import { refresh } from "../../src/refresh/refresh";
import { readLatestAnalysis } from "../../src/store/analyses-repository";
import { type Db, openDatabase } from "../../src/store/db";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rituals-refresh-sample-"));
let db: Db;
// The sample's data stops at the start of 2026-11-24; the refresh runs that afternoon.
const AS_OF = new Date("2026-11-24T15:00:00Z");
const TODAY = "2026-11-24";

beforeAll(async () => {
  await generateSample({ outDir: dir, deals: 4000, seed: 11, month: "2026-11", today: TODAY });
  db = openDatabase(path.join(dir, "rituals.db"));
  for (const f of SAMPLE_FILES)
    await importCsv(db, { kind: f.kind, file: path.join(dir, f.file), now: AS_OF });
  refresh(db, {
    asOf: AS_OF,
    now: () => AS_OF,
    config: { WORKSPACE_TIMEZONE: "UTC", FISCAL_YEAR_START_MONTH: 1, CURRENCY: "USD" },
    analyses: [attainment, pipeline, dataQuality],
  });
}, 120_000);
afterAll(() => {
  db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const one = (sql: string, ...params: unknown[]) =>
  db.prepare(sql).get(...params) as { c: number; n: number; won: number; lost: number };
const wonBetween = (from: string, to: string) =>
  one(
    "SELECT coalesce(sum(amount_cents), 0) AS c FROM opportunities WHERE is_won = 1 AND close_date BETWEEN ? AND ?",
    from,
    to,
  ).c;
const get = <T>(name: "attainment" | "pipeline" | "data-quality", scope: string, period?: string) => {
  const stored = readLatestAnalysis<T>(db, name, scope, period);
  if (!stored) throw new Error(`no ${name} ${scope} ${period}`);
  return stored.payload;
};

describe("refresh over the sample company agrees with SQL", () => {
  it("company bookings and quota for the previous month, the current month and the year", () => {
    const oct = get<AttainmentResult>("attainment", "company", "2026-10");
    expect(oct.bookingsCents).toBeGreaterThan(0);
    expect(oct.bookingsCents).toBe(wonBetween("2026-10-01", "2026-10-31"));
    expect(get<AttainmentResult>("attainment", "company", "FY2026").bookingsCents).toBe(
      wonBetween("2026-01-01", "2026-12-31"),
    );
    const nov = get<AttainmentResult>("attainment", "company");
    expect(nov.period.key).toBe("2026-11");
    expect(nov.bookingsCents).toBe(wonBetween("2026-11-01", "2026-11-30"));
    const quota = one("SELECT sum(amount_cents) AS c FROM quotas WHERE period = '2026-11'").c;
    expect(nov.quotaCents).toBe(quota);
    expect(nov.attainment).toBeCloseTo(nov.bookingsCents / quota, 12);
  });

  it("team bookings by a join of deals, reps and teams", () => {
    const rows = db
      .prepare(
        `SELECT t.name AS team, sum(o.amount_cents) AS c FROM opportunities o JOIN reps r ON r.id = o.owner_id
           JOIN teams t ON t.id = r.team_id
          WHERE o.is_won = 1 AND o.close_date BETWEEN '2026-10-01' AND '2026-10-31' GROUP BY t.name`,
      )
      .all() as { team: string; c: number }[];
    expect(rows.length).toBeGreaterThan(1);
    for (const r of rows)
      expect(get<AttainmentResult>("attainment", `team:${r.team}`, "2026-10").bookingsCents).toBe(r.c);
  });

  it("open pipeline of the current month", () => {
    const sql = one(
      `SELECT count(*) AS n, coalesce(sum(amount_cents), 0) AS c FROM opportunities
        WHERE is_closed = 0 AND close_date BETWEEN '2026-11-01' AND '2026-11-30'`,
    );
    const p = get<PipelineResult>("pipeline", "company");
    expect(p.openPipeline).toEqual({ deals: sql.n, amountCents: sql.c });
    expect(p.stages.reduce((s, x) => s + x.amountCents, 0)).toBe(sql.c);
  });

  it("trailing 12-month win rate used by velocity", () => {
    const sql = one(
      `SELECT sum(is_won) AS won, sum(1 - is_won) AS lost FROM opportunities
        WHERE is_closed = 1 AND close_date > date(?, '-365 days') AND close_date <= ?`,
      TODAY,
      TODAY,
    );
    expect(get<PipelineResult>("pipeline", "company").velocity.winRate).toBeCloseTo(
      sql.won / (sql.won + sql.lost),
      12,
    );
  });

  it("open deals with a close date in the past", () => {
    const sql = one("SELECT count(*) AS n FROM opportunities WHERE is_closed = 0 AND close_date < ?", TODAY);
    const dq = get<DataQualityResult>("data-quality", "company", "current");
    expect(dq.records).toBe(one("SELECT count(*) AS n FROM opportunities").n);
    expect(dq.checks.find((c) => c.code === "close_date_not_past")?.failures).toBe(sql.n);
  });
});
