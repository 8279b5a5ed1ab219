import { describe, expect, it } from "vitest";
import { buildMonthlyDeck } from "../../src/charts/deck/monthly-deck";
import {
  type DeckActionItems,
  type MonthlyDeckInput,
  monthlyDeckCharts,
} from "../../src/charts/deck/monthly-deck-input";
import {
  attainmentPayload,
  dealRiskPayload,
  forecastAccuracyPayload,
  forecastPayload,
  pipelinePayload,
  traced,
} from "./payloads";
import { keep } from "./png";
import { slides, slideText, unzip } from "./zip";

function input(overrides: Partial<MonthlyDeckInput> = {}): MonthlyDeckInput {
  return {
    period: "2026-10",
    currency: "USD",
    timeZone: "UTC",
    executiveSummary: ["October closed at 90.0% of plan.", "Accuracy held at 6.1% MAPE."],
    monthClose: traced(attainmentPayload()),
    forecastAccuracy: traced(forecastAccuracyPayload()),
    nextPeriodForecast: traced(forecastPayload(), "company", "2026-11"),
    pipeline: traced(pipelinePayload(), "company", "2026-11"),
    dealRisk: traced(dealRiskPayload(), "company", "2026-11"),
    actionItems: null,
    ...overrides,
  };
}

describe("the monthly business review deck", async () => {
  const figures = input();
  const charts = await monthlyDeckCharts(figures);
  const deck = await buildMonthlyDeck(figures, charts);
  keep("MBR-2026-10.pptx", deck);
  const files = unzip(deck);
  const xml = slides(files);
  const text = xml.map(slideText);

  it("has the outline of the review, in order, each slide titled by what it shows", () => {
    const expected = [
      "Monthly business review: October 2026",
      "Executive summary",
      "Month close: bookings $900K vs plan $1M (90.0%)",
      "Attainment by region and team",
      "Top performers",
      "At-risk reps",
      "Forecast accuracy: MAPE 6.1% at 30 days (target < 8%)",
      "Forecast vs actual for Oct 2026 by horizon, and who moved it",
      "Nov 2026 forecast: base $1.2M (range $1M–$1.4M)",
      "Nov 2026 forecast: methods and assumptions",
      "Pipeline health for Nov 2026: coverage 2.5× (healthy ≥ 3×)",
      // 20 short rows of about half an inch each: 9 fit under the header
      "Deal risk register (1 of 3)",
      "Deal risk register (2 of 3)",
      "Deal risk register (3 of 3)",
      "Action items from the last review",
      "Appendix: where every figure comes from",
      "Appendix: metric definitions",
    ];
    expect(xml).toHaveLength(expected.length);
    expected.forEach((title, i) => {
      expect(text[i]?.startsWith(title), `slide ${i + 1}: ${text[i]?.slice(0, 90)}`).toBe(true);
    });
  });

  it("carries the figures of the stored analyses", () => {
    expect(text[0]).toContain("Figures as of 4 Nov 2026 06:00 UTC");
    expect(text[0]).toContain("CRM import #7 · metric definitions v3");
    expect(text[1]).toContain("October closed at 90.0% of plan.");
    expect(text[2]).toContain("−$100K"); // variance to plan: $900K − $1M
    expect(text[3]).toMatch(/Americas 3 \$600K \$600K 100\.0%/);
    expect(text[3]).toMatch(/DACH 3 \$300K \$400K 75\.0%/);
    expect(text[4]).toMatch(/1 Ana Lima West \$390K \$300K 130\.0%/);
    expect(text[5]).toMatch(/Cleo Park West \$40K \$100K 40\.0% 40\.0% \$60K/);
    // October: forecast $1.61M against $1.55M actual, APE 6/155
    expect(text[7]).toMatch(/30 days Submitted calls \$1\.61M \+\$60K 3\.9%/);
    expect(text[7]).toMatch(/West \$900K \$820K \+\$80K/);
    expect(text[8]).toContain("Gap to goal: $100K below target");
    expect(text[8]).toContain("Pipeline needed: $333K at the Discovery stage's win rate of 30.0%");
    expect(text[10]).toContain("Open pipeline $1.5M in 30 deals");
  });

  it("lists all 20 deals of the risk register over its slides, with reasons, mitigations and flags", () => {
    const register = text.slice(11, 14).join(" ");
    for (let i = 1; i <= 20; i++) expect(register).toContain(`Deal ${i} · Account ${i}`);
    expect(register).toContain("pushed twice");
    expect(register).toContain("re-confirm close date with the champion");
    // the first two deals are flagged: "Yes" follows their mitigation
    expect(register.match(/champion Yes/g)).toHaveLength(2);
    expect(text[11]).toContain("2 flagged for an executive");
    expect(text[11]).toMatch(/1 Deal 1 · Account 1 Ana Lima \$100K Proposal 2026-11-27 80 pushed twice/);
  });

  it("says that no action items are tracked yet", () => {
    expect(text[14]).toContain("None tracked yet");
  });

  it("traces every section to its analysis, import and definitions version", () => {
    for (const name of ["attainment", "forecast-accuracy", "forecast", "pipeline", "deal-risk"])
      expect(text[15]).toContain(name);
    const table = text[15]?.split(" Definitions ")[1] ?? "";
    expect(table.match(/#7/g)).toHaveLength(5);
    expect(table.match(/v3/g)).toHaveLength(5);
    // the definitions state the thresholds the figures were computed with, not the defaults
    expect(text[16]).toContain("At-risk rep: projected attainment below 70%.");
    expect(text[16]).toContain("executive flag: score ≥ 70");
    expect(text[16]).toContain("1,000 seeded Monte Carlo draws");
  });

  it("embeds the four chart images as rendered, with their alt text", () => {
    const media = [...files.keys()].filter((n) => n.startsWith("ppt/media/") && n.endsWith(".png"));
    expect(media).toHaveLength(4);
    const images = media.map((n) => files.get(n));
    for (const chart of Object.values(charts)) {
      expect(images.some((img) => img?.equals(chart.png))).toBe(true);
      const descr = chart.alt
        .replaceAll("&", "&amp;")
        .replaceAll("<", "&lt;")
        .replaceAll(">", "&gt;")
        .replaceAll('"', "&quot;");
      expect(
        xml.some((s) => s.includes(`descr="${descr}"`)),
        chart.alt,
      ).toBe(true);
    }
  });

  it("keeps table text at 12 pt or more", () => {
    for (const s of xml)
      for (const table of s.match(/<a:tbl>[\s\S]*?<\/a:tbl>/g) ?? [])
        for (const size of table.matchAll(/sz="(\d+)"/g))
          expect(Number(size[1])).toBeGreaterThanOrEqual(1200);
  });

  it("is dated by the figures' as-of, and the same figures give the same bytes", async () => {
    const core = files.get("docProps/core.xml")?.toString("utf8") ?? "";
    expect(core).toContain(
      '<dcterms:created xsi:type="dcterms:W3CDTF">2026-11-04T06:00:00Z</dcterms:created>',
    );
    expect(core).toContain(
      '<dcterms:modified xsi:type="dcterms:W3CDTF">2026-11-04T06:00:00Z</dcterms:modified>',
    );
    const again = await buildMonthlyDeck(input(), charts);
    expect(again.equals(deck)).toBe(true);
  });
});

describe("the deck's variable parts", () => {
  it("pages long tables instead of cutting them, and shows action items with their completion rate", async () => {
    const month = attainmentPayload();
    const risk = month.atRiskReps.reps[0];
    if (!risk) throw new Error("fixture has an at-risk rep");
    month.atRiskReps.reps = Array.from({ length: 13 }, (_, i) => ({ ...risk, rep: `Rep ${i + 1}` }));
    const actionItems: DeckActionItems = {
      review: "September 2026 review",
      completionRate: 0.75,
      target: 0.8,
      items: [
        { text: "Call the Monarch champion", owner: "Ana Lima", deadline: "2026-10-15", state: "done" },
        { text: "Rebuild the West pipeline plan", owner: "Ben Ueda", deadline: "2026-10-20", state: "open" },
        { text: "Check new-hire quotas", owner: "Cleo Park", deadline: "2026-10-10", state: "done" },
        { text: "Drop the legacy report", owner: "Ana Lima", deadline: "2026-10-01", state: "done" },
      ],
    };
    const figures = input({
      monthClose: traced(month),
      actionItems,
      dealRisk: traced(dealRiskPayload(3), "company", "2026-11"),
    });
    const text = slides(unzip(await buildMonthlyDeck(figures, await monthlyDeckCharts(figures)))).map(
      slideText,
    );
    const atRisk = text.filter((t) => t.startsWith("At-risk reps"));
    expect(atRisk.map((t) => t.slice(0, 20))).toEqual(["At-risk reps (1 of 2", "At-risk reps (2 of 2"]);
    expect(atRisk.join(" ")).toContain("Rep 13 ");
    expect(text.filter((t) => t.startsWith("Deal risk register"))).toHaveLength(1);
    expect(text.find((t) => t.startsWith("Deal risk register"))).toContain("Deal 3 · Account 3");
    const actions = text.find((t) => t.startsWith("Action items from the last review")) ?? "";
    expect(actions).toContain(
      "September 2026 review: 3 of 4 items done · completion 75% against ≥ 80% · below target",
    );
    expect(actions).toContain("Rebuild the West pipeline plan Ben Ueda 2026-10-20 open");
  });

  it("gives deals with long reasons and mitigations fewer to a slide, so the table never runs off it", async () => {
    const risk = dealRiskPayload(6);
    const long = "agree a dated mutual action plan with the champion to move the deal forward";
    for (const d of risk.register)
      d.factors = [1, 2, 3, 4].map(() => ({ ...d.factors[0], mitigation: long }) as (typeof d.factors)[0]);
    const figures = input({ dealRisk: traced(risk, "company", "2026-11") });
    const text = slides(unzip(await buildMonthlyDeck(figures, await monthlyDeckCharts(figures)))).map(
      slideText,
    );
    const register = text.filter((t) => t.startsWith("Deal risk register"));
    // each mitigation cell wraps to about 10 lines (2.1 in): two deals a slide under the header
    expect(register).toHaveLength(3);
    expect(register[2]).toContain("Deal risk register (3 of 3)");
    expect(register[2]).toContain("Deal 6 · Account 6");
  });

  it("refuses figures from different reviews, saying which", async () => {
    const wrong = input({
      pipeline: traced({ ...pipelinePayload(), period: { ...pipelinePayload().period, key: "2026-12" } }),
    });
    await expect(monthlyDeckCharts(wrong)).rejects.toThrow(
      "monthly deck: pipeline is for 2026-12, not the forecast's period 2026-11",
    );
    await expect(
      buildMonthlyDeck(input({ period: "2026-09" }), await monthlyDeckCharts(input())),
    ).rejects.toThrow("monthly deck: monthClose is for 2026-10, not the month under review 2026-09");
  });
});
