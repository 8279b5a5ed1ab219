/**
 * The generator's profiles: each one changes the company's dynamics for real (measured from the
 * files, as an importer would see them), the default stays the sample byte for byte, and an unknown
 * name is refused with the list of names.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { dayOf } from "../../data/sample/calendar";
import { generateSample, SAMPLE_FILES } from "../../data/sample/generate";
import { PROFILE_NAMES } from "../../data/sample/profiles";
import { type LoadedSample, loadSample, type Row, tempDir } from "./load-sample";

const MONTH = "2026-11";
const samples = new Map<string, LoadedSample>();

beforeAll(async () => {
  for (const profile of PROFILE_NAMES)
    samples.set(profile, await loadSample({ deals: 3000, seed: 7, month: MONTH, profile }));
}, 60_000);

function sample(profile: string): LoadedSample {
  const s = samples.get(profile);
  if (!s) throw new Error(`no ${profile} sample`);
  return s;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};
const won = (s: LoadedSample) => s.rows.opportunities.filter((o) => o.is_won === "true");

function historyById(s: LoadedSample): Map<string, Row[]> {
  const byId = new Map<string, Row[]>();
  for (const row of s.rows["stage-history"]) {
    const list = byId.get(row.opportunity_id ?? "") ?? [];
    list.push(row);
    byId.set(row.opportunity_id ?? "", list);
  }
  return byId;
}

/** Close-date changes while the deal was open, per deal (a push is a new close date in history). */
function meanPushes(s: LoadedSample): number {
  let pushes = 0;
  const byId = historyById(s);
  for (const rows of byId.values()) {
    for (let i = 1; i < rows.length; i++) {
      const stage = rows[i]?.stage ?? "";
      if (rows[i]?.close_date !== rows[i - 1]?.close_date && !stage.startsWith("Closed")) pushes++;
    }
  }
  return pushes / byId.size;
}

/** Won value (or, with `count`, won deals) per close month "YYYY-MM", in dollars. */
function bookingsByMonth(s: LoadedSample, count = false): Map<string, number> {
  const byMonth = new Map<string, number>();
  for (const o of won(s)) {
    const m = (o.close_date ?? "").slice(0, 7);
    byMonth.set(m, (byMonth.get(m) ?? 0) + (count ? 1 : Number(o.amount)));
  }
  return byMonth;
}

const sumOver = (byMonth: Map<string, number>, pick: (month: string) => boolean) =>
  [...byMonth].filter(([m]) => pick(m)).reduce((a, [, v]) => a + v, 0);
const cycleDays = (o: Row) => dayOf(o.close_date ?? "") - dayOf(o.created_date ?? "");

describe("sample generator profiles", () => {
  it("keeps the default the sample company, byte for byte", async () => {
    const dir = tempDir("rituals-profile-default");
    await generateSample({ outDir: dir, deals: 1500, seed: "acme", month: "2026-06" });
    const hash = crypto.createHash("sha256");
    for (const f of SAMPLE_FILES) hash.update(fs.readFileSync(path.join(dir, f.file)));
    // the files the generator wrote before it had profiles
    expect(hash.digest("hex")).toBe("fd81c9096370213d229baeae05c98d8d47e6bb56db0265aa16bd300cea7bd074");
    const named = tempDir("rituals-profile-standard");
    await generateSample({ outDir: named, deals: 1500, seed: "acme", month: "2026-06", profile: "standard" });
    for (const f of SAMPLE_FILES)
      expect(fs.readFileSync(path.join(named, f.file)).equals(fs.readFileSync(path.join(dir, f.file)))).toBe(
        true,
      );
  });

  it("slow-cycles: won deals take at least twice as long from creation to close", () => {
    const standard = median(won(sample("standard")).map(cycleDays));
    const slow = median(won(sample("slow-cycles")).map(cycleDays));
    expect(standard).toBeGreaterThan(30);
    expect(slow).toBeGreaterThan(2 * standard);
  });

  it("slips: deals push their close date several times as often, each push a history row", () => {
    const standard = meanPushes(sample("standard"));
    const slips = meanPushes(sample("slips"));
    expect(standard).toBeGreaterThan(0.1);
    expect(slips).toBeGreaterThan(3 * standard);
    expect(slips).toBeGreaterThan(1.2);
  });

  it("growth: the last six months book well over twice the window's first six", () => {
    const ratio = (profile: string) => {
      const byMonth = bookingsByMonth(sample(profile));
      return (
        sumOver(byMonth, (m) => m >= "2026-06" && m <= "2026-11") /
        sumOver(byMonth, (m) => m >= "2024-12" && m <= "2025-05")
      );
    };
    expect(ratio("growth")).toBeGreaterThan(2.2);
    expect(ratio("growth")).toBeGreaterThan(1.4 * ratio("standard"));
  });

  it("seasonal: fewer wins in a slow summer, more in the quarter-end months", () => {
    // by count of won deals: at this size a few large deals swing a month's value more than the season
    const shares = (profile: string) => {
      const byMonth = bookingsByMonth(sample(profile), true);
      const year = sumOver(byMonth, (m) => m >= "2025-12" && m <= "2026-11");
      return {
        summer: (byMonth.get("2026-07") ?? 0) + (byMonth.get("2026-08") ?? 0),
        quarterEnds: ["2025-12", "2026-03", "2026-06", "2026-09"].reduce(
          (a, m) => a + (byMonth.get(m) ?? 0),
          0,
        ),
        year,
      };
    };
    const standard = shares("standard");
    const seasonal = shares("seasonal");
    // flat, July and August would close 2/12 of the year's wins and the quarter-end months 4/12
    expect(seasonal.summer / seasonal.year).toBeLessThan(0.12);
    expect(seasonal.summer / seasonal.year).toBeLessThan((0.75 * standard.summer) / standard.year);
    expect(seasonal.quarterEnds / seasonal.year).toBeGreaterThan(0.42);
    expect(seasonal.quarterEnds / seasonal.year).toBeGreaterThan(standard.quarterEnds / standard.year + 0.05);
  });

  it("every profile has stage history for every deal and more than a year of it before the as-of", () => {
    for (const profile of PROFILE_NAMES) {
      const s = sample(profile);
      const byId = historyById(s);
      expect(byId.size, profile).toBe(s.rows.opportunities.length);
      const first = s.rows["stage-history"].map((r) => r.changed_at ?? "").sort()[0] ?? "";
      expect(dayOf(s.asOf) - dayOf(first), profile).toBeGreaterThan(2 * 365);
      const closedInLastYear = won(s).filter((o) => (o.close_date ?? "") >= "2025-12-01").length;
      expect(closedInLastYear, profile).toBeGreaterThan(200);
    }
  });

  it("refuses an unknown profile, naming the ones there are, and writes nothing", async () => {
    const dir = path.join(tempDir("rituals-profile-bad"), "out");
    await expect(generateSample({ outDir: dir, month: MONTH, profile: "banana" })).rejects.toThrow(
      'profile "banana" is not one of: standard, slow-cycles, slips, growth, seasonal',
    );
    expect(fs.existsSync(dir)).toBe(false);
  });
});
