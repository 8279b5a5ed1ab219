/**
 * A period can be asked for everywhere one is accepted: a closed one answers with what closed (the
 * forecast against the actual), and a period an analysis does not cover says which it does. Every
 * example period the help shows answers for every command that takes a period.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AttainmentResult } from "../../src/domain/analyses/attainment";
import type { ForecastAccuracyResult } from "../../src/domain/analyses/forecast-accuracy";
import { formatMoney, formatMoneyShort } from "../../src/domain/money";
import { SCOPE_HELP } from "../../src/slack/answers/answer-command";
import { listStoredKeys, readLatestAnalysis } from "../../src/store/analyses-repository";
import { answerOf, startTestSlack, type TestSlack, visibleText } from "./harness";
import { type Cast, castFrom } from "./people";
import { type StoredSample, storedSample } from "./stored-sample";

let sample: StoredSample;
let t: TestSlack;
let cast: Cast;
let asked = 0;

beforeAll(async () => {
  sample = await storedSample({
    analyses: ["forecast", "attainment", "forecast-accuracy", "pipeline", "deal-risk"],
  });
  t = await startTestSlack({ db: sample.db, admins: ["UADMIN"] });
  cast = castFrom(sample.db, t.fake);
});
afterAll(async () => {
  await t.stop();
  sample.close();
});

async function ask(command: string, text: string): Promise<string> {
  const id = `ask-${++asked}`;
  const reply = await t.slash(command, text, cast.admin, { responseId: id });
  expect(reply.status).toBe(200);
  return visibleText((await answerOf(t, reply, id)).blocks as unknown[]);
}

describe("periods everywhere", () => {
  it("answers every example period of the help for every command that takes a period", async () => {
    const examples = [...SCOPE_HELP.matchAll(/`(\d{4}-\d{2}|\d{4}-Q\d|FY\d{4})`/g)].map(
      (m) => m[1] as string,
    );
    expect(examples).toEqual(["2026-11", "2026-Q4", "FY2026"]);
    for (const command of ["/quota", "/forecast", "/pipeline", "/deal-risk"])
      for (const period of examples) {
        const text = await ask(command, period);
        expect(text, `${command} ${period}`).not.toMatch(
          /is stored for|is not a period|Something went wrong/,
        );
        expect(text, `${command} ${period}`).toContain(period);
      }
  });

  it("answers /forecast for a closed month with what was forecast against what closed", async () => {
    const { periods } = listStoredKeys(sample.db, "forecast-accuracy");
    const month = periods.find((p) => /^\d{4}-\d{2}$/.test(p));
    expect(month).toBeDefined();
    const a = readLatestAnalysis<ForecastAccuracyResult>(
      sample.db,
      "forecast-accuracy",
      "company",
      month,
    )?.payload;
    const text = await ask("/forecast", month ?? "");
    expect(text).toContain(`Forecast vs actual · Company · ${month}`);
    expect(text).toContain(`${month} closed at ${formatMoneyShort(a?.actualCents ?? -1)}`);
    for (const h of a?.horizons ?? []) expect(text).toContain(`*${h.horizonDays} days before the end*`);
  });

  it("shows a closed month's deal figures in /quota, from the stored attainment", async () => {
    const a = readLatestAnalysis<AttainmentResult>(sample.db, "attainment", "company", "2026-10")?.payload;
    const d = a?.dealFigures;
    expect(d).toBeTruthy();
    expect((d?.wonDeals ?? 0) + (d?.lostDeals ?? 0)).toBeGreaterThan(0);
    const text = await ask("/quota", "2026-10");
    expect(text).toContain(
      `*Closed deals* ${d?.wonDeals.toLocaleString("en-US")} won, ${d?.lostDeals.toLocaleString("en-US")} lost · win rate ${Math.round((d?.winRateByCount ?? 0) * 100)}% by count, ${Math.round((d?.winRateByValue ?? 0) * 100)}% by value`,
    );
    // the month is over: its projection is what it booked
    expect(text).toContain(`(${formatMoney(a?.bookingsCents ?? -1)}, final)`);
    // a month still running has none
    expect(await ask("/quota", "2026-11")).not.toContain("*Closed deals*");
  });

  it("says where a closed period's figures are when nothing was measured for it", async () => {
    const text = await ask("/forecast", "2025-01");
    expect(text).toContain("2025-01 has closed");
    expect(text).toContain("`/quota 2025-01`");
  });

  it("says plainly what /pipeline and /deal-risk cover for a closed period or a year", async () => {
    const closed = await ask("/pipeline", "2026-10");
    expect(closed).toContain(
      "2026-10 has closed, so no open deals are left in it: `/quota 2026-10` shows what closed",
    );
    const { periods } = listStoredKeys(sample.db, "deal-risk");
    const year = await ask("/deal-risk", "FY2026");
    expect(year).toContain(`The risk register covers the open deals closing in`);
    for (const p of periods) expect(year).toContain(`\`${p}\``);
    expect(year).toContain("try `/deal-risk 2026-Q4`");
  });
});
