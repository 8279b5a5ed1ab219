import { describe, expect, it } from "vitest";
import type { AnalysisResult } from "../../src/analytics/definition";
import { ANALYSES } from "../../src/analytics/registry";
import type { AnalysisName } from "../../src/domain/analyses/catalog";
import { claimCheck, payloadChecker } from "../../src/refresh/payload-check";
import { refresh } from "../../src/refresh/refresh";
import { openDatabase } from "../../src/store/db";
import { dataset, deal, quota, rep, seedDatabase } from "../analytics/builders";

const CONFIG = { WORKSPACE_TIMEZONE: "UTC", FISCAL_YEAR_START_MONTH: 1, CURRENCY: "USD" };
const AS_OF = new Date("2026-11-18T15:00:00Z");

/** Every analysis's results for a small dataset, as a refresh computed and stored them. */
function storedResults(): Map<AnalysisName, AnalysisResult<unknown>[]> {
  const db = openDatabase(":memory:");
  seedDatabase(
    db,
    dataset({
      reps: [rep({ id: 1, name: "Ana", team: "West" }), rep({ id: 2, name: "Ben", team: "East" })],
      quotas: [quota(1, "2026-11", 1_000_000)],
      deals: [
        deal({ id: "o1", ownerId: 1, stage: "Closed Won", amountCents: 900_000, closeDate: "2026-11-05" }),
        deal({ id: "o2", ownerId: 2, stage: "Negotiation", probability: 40, amountCents: 300_000 }),
      ],
    }),
  );
  refresh(db, { asOf: AS_OF, now: () => AS_OF, config: CONFIG, checkThread: false });
  const rows = db
    .prepare("SELECT name, scope, period, is_default AS isDefault, payload FROM analyses ORDER BY id")
    .all() as { name: AnalysisName; scope: string; period: string; isDefault: number; payload: string }[];
  db.close();
  const byName = new Map<AnalysisName, AnalysisResult<unknown>[]>();
  for (const r of rows) {
    const list = byName.get(r.name) ?? [];
    list.push({
      scope: r.scope,
      period: r.period,
      isDefault: r.isDefault === 1,
      payload: JSON.parse(r.payload),
    });
    byName.set(r.name, list);
  }
  return byName;
}

function check(
  results: Map<AnalysisName, AnalysisResult<unknown>[]>,
  options: { thread: boolean; shareTail?: boolean },
) {
  const checker = payloadChecker(0, options);
  try {
    for (const [name, list] of results) checker.add(ANALYSES[name], list);
    return checker.finish();
  } finally {
    checker.close();
  }
}

describe("the payload check", () => {
  const results = storedResults();

  it("lets exactly one of the two threads claim a request", () => {
    const claims = new Int32Array(new SharedArrayBuffer(8));
    expect(claimCheck(claims, 0, "refresh")).toBe(true);
    expect(claimCheck(claims, 0, "worker")).toBe(false);
    expect(claimCheck(claims, 1, "worker")).toBe(true);
    expect(claimCheck(claims, 1, "refresh")).toBe(false);
    // past the shared slots, a request is the checking thread's alone
    expect(claimCheck(claims, 2, "refresh")).toBe(false);
    expect(claimCheck(claims, 2, "worker")).toBe(true);
  });

  it("stores the same rows whichever thread checked each analysis", () => {
    const here = check(results, { thread: false });
    expect(here.checkedHere).toBe(results.size);
    expect(here.stored.length).toBeGreaterThan(20);
    const thread = check(results, { thread: true, shareTail: false });
    expect(thread.checkedHere).toBe(0);
    expect(thread.stored).toEqual(here.stored);
    expect(thread.bytes).toEqual(here.bytes);
    // finishing at once: this thread takes the latest analyses while the other starts up
    const shared = check(results, { thread: true });
    expect(shared.checkedHere).toBeGreaterThan(0);
    expect(shared.stored).toEqual(here.stored);
  });

  it("names the payload that fails, whichever thread checked it", () => {
    const broken = new Map(results);
    broken.set("year-review", [
      { scope: "company", period: "current", isDefault: true, payload: { funnel: 1 } },
    ]);
    for (const shareTail of [true, false])
      expect(() => check(broken, { thread: true, shareTail })).toThrow(
        /year-review company current: payload does not match its schema/,
      );
  });
});
