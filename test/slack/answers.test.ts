import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ActionIds } from "../../blocks/ids";
import { limitViolations } from "../../blocks/limits";
import type { AnalysisName } from "../../src/analytics/definition";
import type { AttainmentResult } from "../../src/domain/analyses/attainment";
import type { ForecastResult } from "../../src/domain/analyses/forecast";
import type { ForecastAccuracyResult } from "../../src/domain/analyses/forecast-accuracy";
import type { PipelineResult } from "../../src/domain/analyses/pipeline";
import type { RevenueFocusResult } from "../../src/domain/analyses/revenue-focus";
import { formatMoney } from "../../src/domain/money";
import { asOfLine } from "../../src/slack/answers/as-of";
import { readLatestAnalysis } from "../../src/store/analyses-repository";
import { answerOf, buttons, startTestSlack, type TestSlack, visibleText } from "./harness";
import { type Cast, castFrom } from "./people";
import { type StoredSample, storedSample } from "./stored-sample";

let sample: StoredSample;
let t: TestSlack;
let cast: Cast;

beforeAll(async () => {
  sample = await storedSample({
    analyses: ["attainment", "forecast-accuracy", "pipeline", "forecast", "deal-risk", "revenue-focus"],
  });
  t = await startTestSlack({ db: sample.db, admins: ["UADMIN"] });
  cast = castFrom(sample.db, t.fake);
  for (const user of [cast.admin, cast.unlinked]) {
    await answerOf(t, await t.slash("/quota", "", user, { responseId: `warm-${user}` }), `warm-${user}`);
  }
});
afterAll(async () => {
  await t.stop();
  sample.close();
});

function stored<T>(name: AnalysisName, scope: string, period?: string) {
  const s = readLatestAnalysis<T>(sample.db, name, scope, period);
  if (!s) throw new Error(`no ${name} stored for ${scope}`);
  return s;
}

async function ask(
  command: string,
  text: string,
  user: string,
): Promise<{ body: Record<string, unknown>; text: string }> {
  const reply = await t.slash(command, text, user);
  expect(reply.status).toBe(200);
  expect(reply.json).not.toBeNull();
  const body = reply.json as Record<string, unknown>;
  expect(body.response_type).toBe("ephemeral");
  expect(limitViolations({ blocks: body.blocks as never })).toEqual([]);
  return { body, text: visibleText(body.blocks as unknown[]) };
}

describe("/forecast", () => {
  it("shows the stored scenarios, gap to goal, assumptions and the accuracy headline", async () => {
    const pct = (r: number | null | undefined) =>
      r === null || r === undefined ? "n/a" : `${Math.round(r * 100)}%`;
    const f = stored<ForecastResult>("forecast", "company");
    const a = stored<ForecastAccuracyResult>("forecast-accuracy", "company");
    const { text, body } = await ask("/forecast", "", cast.admin);
    expect(text).toContain(`Forecast · Company · ${f.payload.period.key}`);
    expect(text).toContain(`*Base*\n${formatMoney(f.payload.scenarios.baseCents)}`);
    expect(text).toContain(`*Conservative (P10)*\n${formatMoney(f.payload.scenarios.conservativeCents)}`);
    expect(text).toContain(`*Upside (P90)*\n${formatMoney(f.payload.scenarios.upsideCents)}`);
    // the sample's November is short of its goal, so the gap is shown
    expect(f.payload.goal.gapCents).toBeGreaterThan(0);
    expect(text).toContain(`gap ${formatMoney(f.payload.goal.gapCents ?? 0)}`);
    expect(text).toContain(`Slip factor ×${f.payload.assumptions.slipFactor}`);
    const [firstRate] = f.payload.assumptions.stageWinRates;
    expect(firstRate).toBeDefined();
    expect(text).toContain(`Stage win rates used: ${firstRate?.stage} ${pct(firstRate?.rate)}`);
    expect(text).toContain(`*Accuracy* (${a.payload.period.key})`);
    const mape30 = a.payload.trend.series.find(
      (s) => s.source === a.payload.headline.source && s.horizonDays === 30,
    );
    expect(mape30?.mape).toEqual(expect.any(Number));
    expect(text).toContain(`MAPE ${pct(mape30?.mape)} /`);
    expect(text).toContain(asOfLine(f, "UTC"));
    expect(buttons(body.blocks as unknown[]).map((b) => b.action_id)).toEqual([
      ActionIds.shareInChannel,
      ActionIds.forecastAccuracyDetail,
    ]);
  });

  it("answers a named period and scope, and says where a closed period's figures are", async () => {
    const f = stored<ForecastResult>("forecast", `team:${cast.manager.team}`);
    const { text } = await ask("/forecast", `${f.payload.period.key} team:${cast.manager.team}`, cast.admin);
    expect(text).toContain(`*Base*\n${formatMoney(f.payload.scenarios.baseCents)}`);
    const missing = await ask("/forecast", "2019-01", cast.admin);
    expect(missing.text).toContain("2019-01 has closed");
    expect(missing.text).toContain("`/quota 2019-01` shows what it booked");
  });

  it("opens accuracy detail with variance contributors on the button", async () => {
    const a = stored<ForecastAccuracyResult>("forecast-accuracy", "company");
    const { body } = await ask("/forecast", "", cast.admin);
    const detail = buttons(body.blocks as unknown[]).find(
      (b) => b.action_id === ActionIds.forecastAccuracyDetail,
    );
    await t.click(ActionIds.forecastAccuracyDetail, detail?.value ?? "", cast.admin, { responseId: "acc" });
    const posted = await t.fake.waitFor((c) => c.responseId === "acc");
    expect(posted.body.response_type).toBe("ephemeral");
    expect(posted.body.replace_original).toBe(false);
    expect(limitViolations({ blocks: posted.body.blocks as never })).toEqual([]);
    const text = visibleText(posted.body.blocks as unknown[]);
    expect(text).toContain(`Forecast accuracy · Company · ${a.payload.period.key}`);
    expect(text).toContain("*By team*");
    const [topTeam] = a.payload.variance.byTeam.top;
    expect(topTeam?.name).toBeTruthy();
    expect(text).toContain(topTeam?.name);
  });
});

describe("/quota", () => {
  it("gives a manager their team's attainment with rep rows", async () => {
    const q = stored<AttainmentResult>("attainment", `team:${cast.manager.team}`);
    const { text } = await ask("/quota", `team:${cast.manager.team}`, cast.manager.id);
    const pct = q.payload.attainment === null ? "no quota" : `${Math.round(q.payload.attainment * 100)}%`;
    expect(text).toContain(
      `*Attainment*\n${pct} (${formatMoney(q.payload.bookingsCents)} of ${formatMoney(q.payload.quotaCents)})`,
    );
    expect(text).toContain("*By rep*");
    expect(text).toContain(cast.rep.rep.name);
  });

  it("pages an admin's company rep rows 15 at a time", async () => {
    const q = stored<AttainmentResult>("attainment", "company");
    const reps = q.payload.breakdown.find((b) => b.dimension === "rep")?.rows ?? [];
    expect(reps.length).toBeGreaterThan(15);
    const { body, text } = await ask("/quota", "", cast.admin);
    expect(text).toContain(`*By rep* (1–15 of ${reps.length})`);
    const next = buttons(body.blocks as unknown[]).find((b) => b.action_id === ActionIds.pageNext);
    await t.click(ActionIds.pageNext, next?.value ?? "", cast.admin, { responseId: "quota2" });
    const posted = await t.fake.waitFor((c) => c.responseId === "quota2");
    expect(limitViolations({ blocks: posted.body.blocks as never })).toEqual([]);
    const page2 = visibleText(posted.body.blocks as unknown[]);
    expect(page2).toContain(`• *${reps[15]?.name}*`);
    expect(page2).not.toContain(`• *${reps[0]?.name}*:`);
  });

  it("gives an unlinked user company figures without rep names, and tells them how to get linked", async () => {
    const q = stored<AttainmentResult>("attainment", "company");
    const { text } = await ask("/quota", "", cast.unlinked);
    expect(text).toContain(formatMoney(q.payload.bookingsCents));
    expect(text).toContain("*By team*");
    expect(text).not.toContain("*By rep*");
    for (const p of q.payload.topPerformers) expect(text).not.toContain(p.rep);
    expect(text).toContain("npx rituals link");
  });

  it("tells a manager viewing the company where their team's rep rows are", async () => {
    const { text } = await ask("/quota", "", cast.manager.id);
    expect(text).not.toContain("*By rep*");
    expect(text).toContain(`Rep rows for the team you manage: \`/quota team:${cast.manager.team}\``);
    const asRep = await ask("/quota", "", cast.outsider.id);
    expect(asRep.text).toContain("Your own figures: `/quota me`.");
  });

  it("refuses an unlinked user a team's figures", async () => {
    const q = stored<AttainmentResult>("attainment", `team:${cast.manager.team}`);
    const { text } = await ask("/quota", `team:${cast.manager.team}`, cast.unlinked);
    expect(text).toContain(":lock:");
    expect(text).not.toContain(formatMoney(q.payload.bookingsCents));
  });
});

describe("/pipeline", () => {
  it("shows coverage against the healthy threshold, stages, velocity and pushes", async () => {
    const p = stored<PipelineResult>("pipeline", "company");
    const { text } = await ask("/pipeline", "", cast.admin);
    expect(text).toContain(
      `*Open pipeline ${p.payload.period.key}*\n${p.payload.openPipeline.deals} deals · ${formatMoney(p.payload.openPipeline.amountCents)}`,
    );
    const cov = p.payload.coverage;
    // the sample's November still has quota to go, so coverage is a ratio, not "quota met"
    expect(cov.ratio).not.toBeNull();
    expect(text).toContain(`${cov.ratio?.toFixed(1)}x vs ${cov.healthyRatio.toFixed(1)}x healthy`);
    for (const s of p.payload.stages) expect(text).toContain(`• ${s.stage}: ${s.deals} · `);
    expect(text).toContain(
      `*Pushed* (close date moved to a later ${p.payload.pushed.grain}): ${p.payload.pushed.deals} deals`,
    );
    expect(text).toContain("*Generation*");
  });
});

describe("/revenue", () => {
  it("shows revenue at risk, the customer ranking and KPIs, and pages the ranking", async () => {
    const r = stored<RevenueFocusResult>("revenue-focus", "company");
    const { text, body } = await ask("/revenue", "", cast.admin);
    expect(text).toContain(`*Revenue at risk*\n${formatMoney(r.payload.revenueAtRisk.valueCents)}`);
    // the sample ranks more than one page of customers
    expect(r.payload.ranking.length).toBeGreaterThan(10);
    const [first] = r.payload.ranking;
    expect(text).toContain(`1. ${first?.accountName} — ${formatMoney(first?.annualValueCents ?? 0)}`);
    expect(text).toContain("*Win rate*");
    const next = buttons(body.blocks as unknown[]).find((b) => b.action_id === ActionIds.pageNext);
    expect(next).toBeDefined();
    await t.click(ActionIds.pageNext, next?.value ?? "", cast.admin, { responseId: "rank2" });
    const posted = await t.fake.waitFor((c) => c.responseId === "rank2");
    const eleventh = r.payload.ranking[10];
    expect(visibleText(posted.body.blocks as unknown[])).toContain(`11. ${eleventh?.accountName}`);
  });

  it("lists the contracts at risk and the high-value opportunities by name, paged with the ranking", async () => {
    const r = stored<RevenueFocusResult>("revenue-focus", "company");
    const risk = r.payload.revenueAtRisk;
    const hv = r.payload.highValueOpportunities;
    // the sample stores more contracts at risk than one page shows, and some opportunities
    expect(risk.contracts.length).toBeGreaterThan(10);
    expect(hv.top.length).toBeGreaterThan(0);
    const { text, body } = await ask("/revenue", "", cast.admin);
    expect(text).toContain(`largest ${risk.contracts.length} of ${risk.contractCount} (1/2)`);
    const contractLine = (k: (typeof risk.contracts)[number]) =>
      `• *${k.accountName}* — ${k.product} (${k.contractId}) · ${formatMoney(k.valueCents)} · ${
        k.daysToEnd < 0 ? `ended ${k.endDate}` : `ends ${k.endDate}`
      }`;
    for (const k of risk.contracts.slice(0, 10)) expect(text).toContain(contractLine(k));
    expect(text).not.toContain(contractLine(risk.contracts[10] as (typeof risk.contracts)[number]));
    const [o] = hv.top;
    expect(text).toContain(
      `• *${o?.name}* — ${o?.accountName} · ${o?.ownerName} · ${formatMoney(o?.amountCents ?? 0)} · closes ${o?.closeDate}`,
    );
    expect(text).toContain(`*High-value opportunities* (probability > 80%)\n${hv.count} opportunit`);
    const next = buttons(body.blocks as unknown[]).find((b) => b.action_id === ActionIds.pageNext);
    await t.click(ActionIds.pageNext, next?.value ?? "", cast.admin, { responseId: "risk2" });
    const posted = await t.fake.waitFor((c) => c.responseId === "risk2");
    expect(limitViolations({ blocks: posted.body.blocks as never })).toEqual([]);
    const second = visibleText(posted.body.blocks as unknown[]);
    expect(second).toContain(contractLine(risk.contracts[10] as (typeof risk.contracts)[number]));
    expect(second).not.toContain(contractLine(risk.contracts[0] as (typeof risk.contracts)[number]));
  });

  it("shows a rep the contracts but not company opportunity rows, pointing at their own", async () => {
    const r = stored<RevenueFocusResult>("revenue-focus", "company");
    const { text } = await ask("/revenue", "", cast.outsider.id);
    expect(text).toContain(`*${r.payload.revenueAtRisk.contracts[0]?.accountName}*`);
    for (const o of r.payload.highValueOpportunities.top) expect(text).not.toContain(o.name ?? o.dealId);
    expect(text).toContain(
      "Opportunity rows are shown to the deal's owner, their managers and admins: try `/revenue me`.",
    );
  });

  it("takes no period", async () => {
    const { text } = await ask("/revenue", "2026-11", cast.admin);
    expect(text).toContain("this command takes no period");
    expect(text).toContain("Usage: /revenue [scope]");
  });
});

describe("every answer", () => {
  it("opens with a bold one-line headline naming the period, before the detail", async () => {
    for (const command of ["/forecast", "/pipeline", "/quota", "/deal-risk"]) {
      const { body } = await ask(command, "", cast.admin);
      const blocks = body.blocks as { type: string; text?: { text: string } }[];
      expect(blocks[0]?.type, command).toBe("header");
      const first = blocks[1]?.text?.text ?? "";
      expect(first, command).toMatch(/^\*[^*\n]+ 2026-11\* · /);
      // Headline money is compact ("$486K", "$1.24M"); the exact figures follow in the detail.
      expect(first, command).toMatch(/\$\d+(\.\d+)?[KM] /);
    }
    const { body } = await ask("/revenue", "", cast.admin);
    expect((body.blocks as { text?: { text: string } }[])[1]?.text?.text).toMatch(
      /^\*\$[\d.]+[KMB]? revenue at risk\*/,
    );
  });
});

describe("the trace line", () => {
  const commands = ["/forecast", "/pipeline", "/quota", "/deal-risk", "/revenue"];
  const last = (blocks: unknown[]) =>
    blocks.at(-1) as { type: string; block_id?: string; elements?: { text: string }[] };

  it("closes every answer, after its buttons, as the README says", async () => {
    for (const command of commands) {
      for (const user of [cast.admin, cast.unlinked, cast.outsider.id]) {
        const { body } = await ask(command, "", user);
        const blocks = body.blocks as unknown[];
        expect(last(blocks).type, `${command} for ${user}`).toBe("context");
        expect(last(blocks).elements?.[0]?.text, `${command} for ${user}`).toMatch(
          /^as of .+ · import #\d+ · definitions v\d+/,
        );
        const actions = blocks.findIndex((b) => (b as { type: string }).type === "actions");
        expect(actions, command).toBeGreaterThan(0);
        expect(actions, command).toBeLessThan(blocks.length - 1);
      }
    }
  });

  it("closes a shared answer and a button's answer too", async () => {
    for (const command of commands) {
      const { body } = await ask(command, "", cast.admin);
      const share = buttons(body.blocks as unknown[]).find((b) => b.action_id === ActionIds.shareInChannel);
      await t.click(ActionIds.shareInChannel, share?.value ?? "", cast.admin, {
        responseId: `trace-${command}`,
      });
      const posted = await t.fake.waitFor((c) => c.responseId === `trace-${command}`);
      expect(last(posted.body.blocks as unknown[]).elements?.[0]?.text, command).toContain(
        `shared by <@${cast.admin}>`,
      );
    }
    const { body } = await ask("/forecast", "", cast.admin);
    const detail = buttons(body.blocks as unknown[]).find(
      (b) => b.action_id === ActionIds.forecastAccuracyDetail,
    );
    await t.click(ActionIds.forecastAccuracyDetail, detail?.value ?? "", cast.admin, {
      responseId: "trace-acc",
    });
    const posted = await t.fake.waitFor((c) => c.responseId === "trace-acc");
    expect(last(posted.body.blocks as unknown[]).elements?.[0]?.text).toMatch(/^as of /);
  });
});

describe("Share in channel", () => {
  it("posts the same answer for everyone through response_url, marked with who shared it", async () => {
    const { body, text } = await ask("/pipeline", "", cast.admin);
    const share = buttons(body.blocks as unknown[]).find((b) => b.action_id === ActionIds.shareInChannel);
    const reply = await t.click(ActionIds.shareInChannel, share?.value ?? "", cast.admin, {
      responseId: "share",
    });
    expect(reply.status).toBe(200);
    const posted = await t.fake.waitFor((c) => c.responseId === "share");
    expect(posted.body.response_type).toBe("in_channel");
    expect(posted.body.unfurl_links).toBe(false);
    expect(limitViolations({ blocks: posted.body.blocks as never })).toEqual([]);
    const shared = visibleText(posted.body.blocks as unknown[]);
    expect(shared).toContain(`shared by <@${cast.admin}>`);
    // Same figures as the private answer.
    expect(shared.split("\n").slice(0, 5)).toEqual(text.split("\n").slice(0, 5));
    expect(
      buttons(posted.body.blocks as unknown[]).some((b) => b.action_id === ActionIds.shareInChannel),
    ).toBe(false);
    expect(t.fake.callsOf("chat.postMessage")).toEqual([]);
  });

  it("keeps a refusal private when someone shares what they may not see", async () => {
    const { body } = await ask("/quota", `team:${cast.manager.team}`, cast.admin);
    const share = buttons(body.blocks as unknown[]).find((b) => b.action_id === ActionIds.shareInChannel);
    await t.click(ActionIds.shareInChannel, share?.value ?? "", cast.outsider.id, {
      responseId: "share-refused",
    });
    const posted = await t.fake.waitFor((c) => c.responseId === "share-refused");
    expect(posted.body.response_type).toBe("ephemeral");
    expect(visibleText(posted.body.blocks as unknown[])).toContain(":lock:");
  });

  it("treats a tampered button value as stale, posting nothing to the channel", async () => {
    await t.click(ActionIds.shareInChannel, '{"c":"drop-table","a":"","p":0}', cast.admin, {
      responseId: "tampered",
    });
    const posted = await t.fake.waitFor((c) => c.responseId === "tampered");
    expect(posted.body.response_type).toBe("ephemeral");
  });
});

describe("/rituals and the Home tab", () => {
  it("lists every command", async () => {
    const { text } = await ask("/rituals", "help", cast.admin);
    for (const c of ["/forecast", "/deal-risk", "/pipeline", "/quota", "/revenue", "/rituals help"])
      expect(text).toContain(c);
    const unknown = await ask("/rituals", "dance", cast.admin);
    expect(unknown.text).toContain("is not a command I know");
  });
});
