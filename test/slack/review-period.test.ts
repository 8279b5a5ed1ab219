/**
 * The monthly review happens in the first business days of a month: on those days /quota is about
 * the month just closed (November's $8,500 of $23,000, not December's zeros), with one line
 * pointing to December so far; forward-looking answers keep the month ahead. Asked through real
 * signed slash commands, against a refresh made on the day.
 */
import { afterEach, describe, expect, it } from "vitest";
import { limitViolations } from "../../blocks/limits";
import { main } from "../../src/cli";
import { answerOf, startTestSlack, type TestSlack, visibleText } from "./harness";
import { type SmallCompany, smallCompany } from "./small-company";

const CONFIG = { WORKSPACE_TIMEZONE: "UTC", FISCAL_YEAR_START_MONTH: 1, CURRENCY: "USD" };

let open: { company: SmallCompany; t: TestSlack } | undefined;
afterEach(async () => {
  await open?.t.stop();
  open?.company.close();
  open = undefined;
});

async function onDay(asOf: string, env: Record<string, string> = {}) {
  const at = new Date(asOf);
  const company = smallCompany(
    {
      ...CONFIG,
      ...(env.REVIEW_BUSINESS_DAYS ? { REVIEW_BUSINESS_DAYS: Number(env.REVIEW_BUSINESS_DAYS) } : {}),
    },
    at,
  );
  const t = await startTestSlack({ db: company.db, admins: ["UADMIN"], clock: () => at, env });
  open = { company, t };
  let asked = 0;
  const ask = async (command: string, text: string) => {
    const responseId = `review-${++asked}`;
    const body = await answerOf(t, await t.slash(command, text, "UADMIN", { responseId }), responseId);
    expect(limitViolations({ blocks: body.blocks as never })).toEqual([]);
    return visibleText(body.blocks as unknown[]);
  };
  return { company, ask };
}

describe("the review's own period", () => {
  // Tuesday 1, Wednesday 2 and Thursday 3 December 2026: the first three business days
  for (const day of ["2026-12-01T09:00:00Z", "2026-12-02T15:00:00Z", "2026-12-03T23:00:00Z"]) {
    it(`/quota on ${day.slice(0, 10)} answers November, with one line on December so far`, async () => {
      const { ask } = await onDay(day);
      const text = await ask("/quota", "");
      expect(text).toContain("Quota · Company · 2026-11");
      expect(text).toContain("*Attainment*\n37% ($8,500 of $23,000)");
      expect(text).toContain("December so far:");
      expect(text).toContain("`/quota 2026-12`");
      // the line's own command answers December
      const december = await ask("/quota", "2026-12");
      expect(december).toContain("Quota · Company · 2026-12");
      expect(december).not.toContain("so far");
      // the forecast still looks ahead
      const forecast = await ask("/forecast", "");
      expect(forecast).toContain("Forecast · Company · 2026-12");
    });
  }

  it("/quota on Friday 4 December, the fourth business day, answers December", async () => {
    const { ask } = await onDay("2026-12-04T09:00:00Z");
    const text = await ask("/quota", "");
    expect(text).toContain("Quota · Company · 2026-12");
    expect(text).not.toContain("so far");
    // November is still there when asked for
    expect(await ask("/quota", "2026-11")).toContain("*Attainment*\n37% ($8,500 of $23,000)");
  });

  it("follows REVIEW_BUSINESS_DAYS: with 1, Wednesday 2 December already answers December", async () => {
    const { ask } = await onDay("2026-12-02T09:00:00Z", { REVIEW_BUSINESS_DAYS: "1" });
    expect(await ask("/quota", "")).toContain("Quota · Company · 2026-12");
  });

  it("rituals analyze attainment defaults to November on 1 December and to December on the 4th", async () => {
    for (const [day, month] of [
      ["2026-12-01T09:00:00Z", "2026-11"],
      ["2026-12-04T09:00:00Z", "2026-12"],
    ] as const) {
      const company = smallCompany(CONFIG, new Date(day));
      try {
        const out: string[] = [];
        const code = await main(["analyze", "attainment"], {
          out: (l) => out.push(l),
          err: (l) => out.push(l),
          now: () => new Date(day),
          env: { DATABASE_PATH: company.file },
        });
        expect(code).toBe(0);
        expect(out[0]).toContain(`Quota attainment — company — ${month}`);
      } finally {
        company.close();
      }
    }
  });
});
