import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeAnswerRef } from "../../blocks/answer-ref";
import { ActionIds } from "../../blocks/ids";
import { limitViolations } from "../../blocks/limits";
import type { DealRiskResult } from "../../src/domain/analyses/deal-risk";
import { formatMoney } from "../../src/domain/money";
import { asOfLine } from "../../src/slack/answers/as-of";
import { readLatestAnalysis } from "../../src/store/analyses-repository";
import { findRepBySlackUser, listRepDirectory } from "../../src/store/slack-links-repository";
import { answerOf, buttons, startTestSlack, type TestSlack, visibleText } from "./harness";
import { type Cast, castFrom } from "./people";
import { type StoredSample, storedSample } from "./stored-sample";

let sample: StoredSample;
let t: TestSlack;
let cast: Cast;

beforeAll(async () => {
  sample = await storedSample({ analyses: ["deal-risk", "attainment", "pipeline"] });
  t = await startTestSlack({ db: sample.db, admins: ["UADMIN"] });
  cast = castFrom(sample.db, t.fake);
  // The admin is no rep: the first command asks users.info, later ones answer in the ack.
  await answerOf(t, await t.slash("/deal-risk", "top 1", cast.admin, { responseId: "warm" }), "warm");
});
afterAll(async () => {
  await t.stop();
  sample.close();
});

function stored(scope: string) {
  const s = readLatestAnalysis<DealRiskResult>(sample.db, "deal-risk", scope);
  if (!s) throw new Error(`no deal-risk stored for ${scope}`);
  return s;
}

function blocksOf(body: Record<string, unknown> | null): unknown[] {
  const blocks = body?.blocks as unknown[] | undefined;
  if (!blocks) throw new Error(`no blocks in ${JSON.stringify(body)}`);
  expect(limitViolations({ blocks: blocks as never })).toEqual([]);
  return blocks;
}

describe("/deal-risk", () => {
  it("gives an admin the company register with totals, deals and the trace line, in the ack", async () => {
    const s = stored("company");
    const reply = await t.slash("/deal-risk", "", cast.admin);
    expect(reply.status).toBe(200);
    expect(reply.json?.response_type).toBe("ephemeral");
    const blocks = blocksOf(reply.json);
    const text = visibleText(blocks);
    expect(text).toContain(`Deal risk · Company · ${s.payload.period.key}`);
    expect(text).toContain(formatMoney(s.payload.revenueAtRiskCents));
    expect(text).toContain(`*Flagged for executive attention*\n${s.payload.flaggedCount}`);
    // No action items exist yet: every flagged deal lacks one.
    expect(text).toContain(`*Flagged without an action item*\n${s.payload.flaggedDealIds.length}`);
    const [first] = s.payload.register;
    expect(first?.name).toBeTruthy();
    expect(text).toContain(`*1. ${first?.name}*`);
    expect(text).toContain(`score *${first?.score}*/100`);
    expect(text).toContain(formatMoney(first?.amountCents ?? -1));
    expect(text).toContain(asOfLine(s, "UTC"));
    expect(reply.json?.unfurl_links).toBe(false);
  });

  it("pages through the register with Next and Previous, replacing the message in place", async () => {
    const s = stored("company");
    expect(s.payload.register.length).toBeGreaterThan(5);
    const reply = await t.slash("/deal-risk", "", cast.admin);
    const next = buttons(blocksOf(reply.json)).find((b) => b.action_id === ActionIds.pageNext);
    expect(next).toBeDefined();
    expect(decodeAnswerRef(next?.value)?.page).toBe(1);
    const click = await t.click(ActionIds.pageNext, next?.value ?? "", cast.admin, { responseId: "page1" });
    expect(click.status).toBe(200);
    const posted = await t.fake.waitFor((c) => c.responseId === "page1");
    expect(posted.body.replace_original).toBe(true);
    const text = visibleText(blocksOf(posted.body));
    const sixth = s.payload.register[5];
    expect(text).toContain(`*6. ${sixth?.name}*`);
    expect(text).not.toContain("*1. ");
    expect(text).toContain(`Page 2 of ${Math.ceil(s.payload.register.length / 5)}`);
    const previous = buttons(posted.body.blocks as unknown[]).find(
      (b) => b.action_id === ActionIds.pagePrevious,
    );
    expect(decodeAnswerRef(previous?.value)?.page).toBe(0);
  });

  it("limits the register to top N", async () => {
    const reply = await t.slash("/deal-risk", "top 3", cast.admin);
    const text = visibleText(blocksOf(reply.json));
    expect(text).toContain("*3. ");
    expect(text).not.toContain("*4. ");
    expect(buttons(reply.json?.blocks as unknown[]).some((b) => b.action_id === ActionIds.pageNext)).toBe(
      false,
    );
  });

  it("links a rep by email on first use (answer via response_url), then answers in the ack", async () => {
    const first = await t.slash("/deal-risk", "", cast.rep.id, { responseId: "rep-first" });
    expect(first.status).toBe(200);
    expect(first.text).toBe("");
    const posted = await t.fake.waitFor((c) => c.responseId === "rep-first");
    expect(posted.body.response_type).toBe("ephemeral");
    const s = stored(`rep:${cast.rep.rep.name}`);
    expect(visibleText(blocksOf(posted.body))).toContain(
      `Deal risk · Rep ${cast.rep.rep.name} · ${s.payload.period.key}`,
    );
    expect(t.fake.callsOf("users.info").some((c) => c.body.user === cast.rep.id)).toBe(true);
    expect(findRepBySlackUser(sample.db, cast.rep.id)?.name).toBe(cast.rep.rep.name);
    const again = await t.slash("/deal-risk", "me", cast.rep.id);
    expect(visibleText(blocksOf(again.json))).toContain(formatMoney(s.payload.revenueAtRiskCents));
  });

  it("shows a rep company totals but no company deal rows", async () => {
    const s = stored("company");
    const reply = await t.slash("/deal-risk", "company", cast.outsider.id);
    const text = visibleText(blocksOf(reply.json));
    expect(text).toContain(formatMoney(s.payload.revenueAtRiskCents));
    expect(text).toContain("Deal rows are shown to the deal's owner");
    expect(s.payload.register.length).toBeGreaterThan(0);
    for (const deal of s.payload.register) expect(text).not.toContain(deal.name ?? deal.dealId);
  });

  it("refuses a rep another team's register politely, leaking nothing", async () => {
    const s = stored(`team:${cast.manager.team}`);
    const reply = await t.slash("/deal-risk", `team:${cast.manager.team}`, cast.outsider.id);
    expect(reply.status).toBe(200);
    const text = visibleText(blocksOf(reply.json));
    expect(text).toContain(":lock:");
    expect(text).toContain("outside what you can see");
    expect(text).not.toContain(formatMoney(s.payload.revenueAtRiskCents));
    expect(buttons(reply.json?.blocks as unknown[])).toEqual([]);
  });

  it("gives a manager their team's register by default, with the deals", async () => {
    const s = stored(`team:${cast.manager.team}`);
    const reply = await t.slash("/deal-risk", "", cast.manager.id);
    const text = visibleText(blocksOf(reply.json));
    expect(text).toContain(`Deal risk · Team ${cast.manager.team}`);
    expect(text).toContain(formatMoney(s.payload.revenueAtRiskCents));
    const [first] = s.payload.register;
    expect(first?.name).toBeTruthy();
    expect(text).toContain(`*1. ${first?.name}*`);
  });

  it("tells an unlinked user how to get linked when they ask for their own deals", async () => {
    const reply = await t.slash("/deal-risk", "me", cast.unlinked, { responseId: "unlinked-me" });
    const body =
      reply.text === "" ? (await t.fake.waitFor((c) => c.responseId === "unlinked-me")).body : reply.json;
    expect(visibleText(blocksOf(body))).toContain("npx rituals link");
  });

  it("answers bad arguments privately with what was wrong and the usage", async () => {
    const before = t.fake.calls.filter((c) => c.method !== "users.info").length;
    for (const [text, why] of [
      ["2026-13", "not a month"],
      ["top 50", "between 1 and 20 (got 50): the risk register keeps the top 20 deals"],
      [
        "banana",
        '"banana" is not a period (like 2026-11, 2026-Q4 or FY2026), a scope (me, team:X, region:X, segment:X or rep:@someone) or a number (top 10).',
      ],
      ["team:", "needs a name"],
    ] as const) {
      const reply = await t.slash("/deal-risk", text, cast.admin);
      expect(reply.json?.response_type).toBe("ephemeral");
      const shown = visibleText(blocksOf(reply.json));
      expect(shown).toContain(why);
      expect(shown).toContain("Usage: /deal-risk [period] [scope] [top N]");
      // each accepted form is named once, in the sentence or the usage, not again in a help line
      expect(shown.split("2026-Q4").length - 1).toBeLessThanOrEqual(1);
    }
    expect(t.fake.calls.filter((c) => c.method !== "users.info").length).toBe(before);
  });

  it("says when every open deal of the scope is shown, fewer than top N", async () => {
    const few = listRepDirectory(sample.db)
      .map((r) => readLatestAnalysis<DealRiskResult>(sample.db, "deal-risk", `rep:${r.name}`))
      .find((s) => s && s.payload.openDealCount > 1 && s.payload.openDealCount < 20);
    if (!few) throw new Error("the sample has no rep with a few open deals this period");
    const reply = await t.slash("/deal-risk", `top 20 ${few.scope}`, cast.admin);
    const text = visibleText(blocksOf(reply.json));
    expect(text).toContain(
      `Register: all ${few.payload.openDealCount} open deals closing ${few.payload.period.key}, by revenue at risk`,
    );
    expect(text).toContain(`*${few.payload.openDealCount}. `);
  });

  it("hints only at deal rows the asker can open: `me` for a rep, nothing dead-ended for the unlinked", async () => {
    const rep = visibleText(blocksOf((await t.slash("/deal-risk", "company", cast.outsider.id)).json));
    expect(rep).toContain(
      "Deal rows are shown to the deal's owner, their managers and admins: try `/deal-risk me`.",
    );
    const reply = await t.slash("/deal-risk", "", cast.unlinked, { responseId: "unlinked-default" });
    const body =
      reply.text === ""
        ? (await t.fake.waitFor((c) => c.responseId === "unlinked-default")).body
        : reply.json;
    const unlinked = visibleText(blocksOf(body));
    expect(unlinked).toContain("Deal rows are shown to the deal's owner, their managers and admins.");
    expect(unlinked).not.toContain("/deal-risk me");
    expect(unlinked).toContain("npx rituals link");
  });

  it("says a team, region or rep does not exist instead of the lock", async () => {
    const asked = ["team:Nowhere", "region:Atlantis", 'rep:"Nobody Known"'];
    const [team, region, rep] = await Promise.all(
      asked.map(async (arg) =>
        visibleText(blocksOf((await t.slash("/deal-risk", arg, cast.outsider.id)).json)),
      ),
    );
    expect(team).toContain("There is no team named *Nowhere*. The teams are ");
    expect(team).toContain(`\`team:${cast.manager.team}\``);
    expect(region).toContain("There is no region named *Atlantis*.");
    expect(rep).toContain("There is no rep named *Nobody Known* in the CRM");
    for (const text of [team, region, rep]) expect(text).not.toContain(":lock:");
  });

  it("shows its usage after `help`", async () => {
    const reply = await t.slash("/deal-risk", "help", cast.admin);
    expect(visibleText(blocksOf(reply.json))).toContain("/deal-risk [period] [scope] [top N]");
  });
});
