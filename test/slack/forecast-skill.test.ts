/**
 * `/forecast`'s accuracy headline names its source, leads with another source where our method
 * does not beat the run rate (here the run rate: no calls were submitted), and says a rep with a
 * handful of deals a month has too little history instead of printing a figure.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refresh } from "../../src/refresh/refresh";
import { type Db, openDatabase } from "../../src/store/db";
import { dataset, deal, rep, seedDatabase } from "../analytics/builders";
import { answerOf, startTestSlack, type TestSlack, visibleText } from "./harness";

const AS_OF = new Date("2026-11-15T12:00:00Z"); // accuracy of October 2026
const MONTHS = Array.from({ length: 15 }, (_, i) => {
  const d = new Date(Date.UTC(2025, 7 + i, 1));
  return d.toISOString().slice(0, 7);
}); // 2025-08 … 2026-10
const BOOKED: Record<string, number> = { "2026-07": 16_000, "2026-09": 13_000, "2026-10": 12_000 };
const booked = (m: string) => BOOKED[m] ?? 10_000;

let dir: string;
let db: Db;
let t: TestSlack;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "rituals-skill-"));
  db = openDatabase(path.join(dir, "rituals.db"));
  const deals = [];
  // Ana wins 10 deals a month, each created on the 10th and won on the 20th: no pipeline a month
  // ahead, so our method forecasts nothing and the run rate beats it. Bo wins 5 a month.
  for (const m of MONTHS) {
    for (let i = 0; i < 10; i++)
      deals.push(
        deal({
          ownerId: 1,
          stage: "Closed Won",
          amountCents: booked(m) * 10,
          createdDate: `${m}-10`,
          closeDate: `${m}-20`,
        }),
      );
    for (let i = 0; i < 5; i++)
      deals.push(
        deal({
          ownerId: 2,
          stage: "Closed Won",
          amountCents: 100_000,
          createdDate: `${m}-10`,
          closeDate: `${m}-20`,
        }),
      );
  }
  seedDatabase(
    db,
    dataset({
      reps: [rep({ id: 1, name: "Ana", team: "West" }), rep({ id: 2, name: "Bo", team: "West" })],
      deals,
    }),
  );
  refresh(db, {
    asOf: AS_OF,
    now: () => AS_OF,
    config: { WORKSPACE_TIMEZONE: "UTC", FISCAL_YEAR_START_MONTH: 1, CURRENCY: "USD" },
  });
  t = await startTestSlack({ db, admins: ["UADMIN"] });
});
afterAll(async () => {
  await t.stop();
  if (db.open) db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

let asked = 0;
async function ask(text: string, user: string): Promise<string> {
  const responseId = `skill-${++asked}`;
  const body = await answerOf(t, await t.slash("/forecast", text, user, { responseId }), responseId);
  return visibleText(body.blocks as unknown[]);
}

describe("/forecast accuracy headline", () => {
  it("leads with the run rate where our method does not beat it, and says so", async () => {
    const text = await ask("", "UADMIN");
    // the run rate misses July (6/16), August (2/10), September (1/13) and October (1/12): 4%
    expect(text).toContain("The run rate: 30-day MAPE 4% over 12 months, meets the 8% target");
    // our method's own figure comes from the backtest (hand-computed in backtest.test.ts); here it
    // must be worse than the run rate's, named, and the ratio must say so
    const ours = Number(/· our method (\d+)%/.exec(text)?.[1]);
    expect(ours).toBeGreaterThan(4);
    expect(text).toContain(
      `Our method does not beat the run rate at 30 days for this scope (MAPE ${ours}% against 4%), so the run rate leads.`,
    );
    const ratio30 = Number(/Against the run rate: (\d+\.\d\d) \//.exec(text)?.[1]);
    expect(ratio30).toBeGreaterThan(1);
  });

  it("tells a rep with a handful of deals a month there is too little history", async () => {
    const text = await ask("rep:Bo", "UADMIN");
    expect(text).toContain("Forecast · Rep Bo");
    expect(text).toContain(
      "Our method: no 30-day MAPE for this scope, too little history for a meaningful figure: 60 deals won over them, fewer than 10 a month",
    );
    expect(text).not.toMatch(/MAPE \d+%/);
  });
});
