import { describe, expect, it } from "vitest";
import {
  attainmentDistributionData,
  renderAttainmentDistribution,
} from "../../src/charts/attainment-distribution";
import { ChartInputError } from "../../src/charts/chart-input-error";
import { forecastVsActualData, renderForecastVsActual } from "../../src/charts/forecast-vs-actual";
import { pipelineByStageData, renderPipelineByStage } from "../../src/charts/pipeline-by-stage";
import type { RenderedChart } from "../../src/charts/render";
import { renderScenarioRange, scenarioRangeData } from "../../src/charts/scenario-range";
import { errorCode } from "../../src/errors";
import {
  attainmentPayload,
  forecastAccuracyPayload,
  forecastPayload,
  pipelinePayload,
  traced,
} from "./payloads";
import { keep, pngSize } from "./png";

const USD = { currency: "USD", timeZone: "UTC" };

function expectPng(chart: RenderedChart, name: string): void {
  keep(`${name}.png`, chart.png);
  expect(pngSize(chart.png)).toEqual({ width: 1200, height: 675 });
  expect({ width: chart.width, height: chart.height }).toEqual({ width: 1200, height: 675 });
  // the font is named, never left to whatever the machine has
  expect(chart.svg).toContain('font-family="Inter"');
  expect(chart.svg).not.toMatch(/font-family="sans-serif"/);
}

describe("attainment distribution", () => {
  const data = () => attainmentDistributionData(traced(attainmentPayload()));

  it("takes the bands, their counts and the trace from the stored payload", () => {
    const d = data();
    expect(d.bands.map((b) => b.reps)).toEqual([1, 2, 0, 1, 1]);
    expect(d).toMatchObject({ scope: "company", period: "2026-10", repsWithoutQuota: 1, attainment: 0.9 });
    expect(d.trace).toEqual({ asOf: "2026-11-04T06:00:00.000Z", importId: 7, definitionVersion: 3 });
  });

  it("renders a 1200×675 PNG whose alt text and title carry the figures", async () => {
    const chart = await renderAttainmentDistribution(data(), USD);
    expectPng(chart, "attainment-distribution");
    expect(chart.alt).toContain("2 of 5 reps (40%) at or above quota");
    expect(chart.alt).toContain("1 below 50%, 2 at 50–80%, 0 at 80–100%, 1 at 100–120%, 1 above 120%");
    expect(chart.alt).toContain("Company attainment 90.0%");
    expect(chart.alt).toContain("1 rep without quota");
    expect(chart.svg).toContain("Attainment, Oct 2026: 2 of 5 reps at or above quota");
    expect(chart.svg).toContain("as of 4 Nov 2026 06:00 UTC · import #7 · definitions v3");
  });

  it("says the counts are so far while the period is under way", async () => {
    const chart = await renderAttainmentDistribution({ ...data(), periodComplete: false }, USD);
    expect(chart.alt).toContain("Oct 2026 so far (to 2026-11-04)");
  });

  it("refuses a missing band or a negative count, naming it", async () => {
    const d = data();
    await expect(renderAttainmentDistribution({ ...d, bands: d.bands.slice(1) }, USD)).rejects.toThrow(
      "attainment distribution: band below_50 appears 0 times, not once",
    );
    const negative = { ...d, bands: d.bands.map((b) => (b.band === "50_80" ? { ...b, reps: -1 } : b)) };
    const error = await renderAttainmentDistribution(negative, USD).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChartInputError);
    expect(errorCode(error)).toBe("chart_input");
    expect(String(error)).toContain("band 50_80 has -1 reps");
  });
});

describe("forecast vs actual", () => {
  const data = () => forecastVsActualData(traced(forecastAccuracyPayload()));

  it("takes the headline source and horizon's trend and the stored MAPE", () => {
    const d = data();
    expect(d.points).toHaveLength(12);
    expect(d.points[0]).toEqual({ period: "2025-11", forecastCents: null, actualCents: 100_000_000 });
    expect(d).toMatchObject({
      sourceLabel: "submitted forecasts",
      horizonDays: 30,
      mape: 0.061,
      targetMape: 0.08,
    });
  });

  it("renders with the MAPE in the title and the missing forecast named in the alt text", async () => {
    const chart = await renderForecastVsActual(data(), USD);
    expectPng(chart, "forecast-vs-actual");
    expect(chart.svg).toContain("Forecast vs actual, Nov 2025–Oct 2026: MAPE 6.1%");
    expect(chart.alt).toContain("MAPE 6.1% over 11 periods against a target below 8%");
    expect(chart.alt).toContain("bias +2.5%, over-forecasting");
    // October: actual 100M + 11 × 5M cents = $1.55M; forecast $60K above it
    expect(chart.alt).toContain("Oct 2026: forecast $1.61M, actual $1.55M");
    expect(chart.alt).toContain("No forecast for Nov 2025.");
    expect(chart.svg).toContain("forecast</tspan>");
  });

  it("marks a period without an actual instead of drawing zero", async () => {
    const d = data();
    d.points[11] = { ...d.points[11], period: "2026-10", forecastCents: 1_000, actualCents: null };
    const chart = await renderForecastVsActual(d, USD);
    expect(chart.alt).toContain("No actual for Oct 2026.");
    expect(chart.svg).toContain("actual</tspan>");
  });

  it("keeps the last 12 periods of a longer trend, and refuses 13 given directly", async () => {
    const payload = forecastAccuracyPayload();
    const series = payload.trend.series.find((s) => s.source === "submissions");
    series?.points.unshift({ period: "2025-10", forecastCents: 1, actualCents: 1, errorCents: 0, ape: 0 });
    expect(forecastVsActualData(traced(payload)).points[0]?.period).toBe("2025-11");
    const d = data();
    d.points.unshift({ period: "2025-10", forecastCents: 1, actualCents: 1 });
    await expect(renderForecastVsActual(d, USD)).rejects.toThrow("13 periods given; at most 12 fit");
  });

  it("says why there is no MAPE", async () => {
    const chart = await renderForecastVsActual(
      { ...data(), mape: null, mapeReason: "fewer than 3 periods" },
      USD,
    );
    expect(chart.alt).toContain("MAPE not available (fewer than 3 periods)");
  });
});

describe("pipeline by stage", () => {
  const data = () => pipelineByStageData(traced(pipelinePayload(), "company", "2026-11"));

  it("renders the stages in funnel order with amount and count, and the coverage", async () => {
    const d = data();
    expect(d.stages.map((s) => s.stage)).toEqual(["Discovery", "Proposal", "Negotiation"]);
    const chart = await renderPipelineByStage(d, USD);
    expectPng(chart, "pipeline-by-stage");
    expect(chart.alt).toContain("Open pipeline closing Nov 2026, Company: $1.5M in 30 deals");
    expect(chart.alt).toContain("coverage 2.5× (healthy ≥ 3×) of $600K quota left");
    expect(chart.alt).toContain(
      "Discovery $700K (15 deals), Proposal $500K (10 deals), Negotiation $300K (5 deals)",
    );
    expect(chart.svg).toContain("$700K · 15 deals");
    expect(chart.svg.indexOf("Discovery")).toBeLessThan(chart.svg.indexOf("Negotiation"));
  });

  it("fits seven stages with long names: the name is shortened on the axis, whole in the alt text", async () => {
    const long = "Verbal commitment pending legal and procurement review";
    const d = data();
    d.stages = [
      ...d.stages,
      ...["Prospecting", "Qualification", "Commit"].map((stage) => ({ stage, deals: 1, amountCents: 100 })),
    ];
    d.stages.push({ stage: long, deals: 2, amountCents: 9_000_000 });
    const chart = await renderPipelineByStage(d, { currency: "EUR", timeZone: "Europe/Berlin" });
    keep("pipeline-by-stage-7-eur.png", chart.png);
    expect(chart.alt).toContain(`${long} €90K (2 deals)`);
    expect(chart.svg).not.toContain(long);
    expect(chart.svg).toContain("Verbal commitment");
    expect(chart.svg).toContain("…");
    expect(chart.svg).toContain("as of 4 Nov 2026 07:00 GMT+1");
  });

  it("refuses an amount that is not whole cents", async () => {
    const d = data();
    d.stages[0] = { stage: "Discovery", deals: 1, amountCents: 12.5 };
    await expect(renderPipelineByStage(d, USD)).rejects.toThrow('stage "Discovery" amount is 12.5');
  });
});

describe("scenario range", () => {
  const data = () => scenarioRangeData(traced(forecastPayload(), "company", "2026-11"));

  it("renders the three scenarios against the target with the stored gap", async () => {
    const chart = await renderScenarioRange(data(), USD);
    expectPng(chart, "scenario-range");
    expect(chart.svg).toContain("Nov 2026 forecast: base $1.2M, range $1M–$1.4M");
    expect(chart.alt).toContain("conservative $1M, base $1.2M, upside $1.4M");
    expect(chart.alt).toContain("target $1.3M, base $100K below target");
    expect(chart.alt).toContain("$333K new pipeline needed");
    expect(chart.alt).toContain("includes $400K already won");
    expect(chart.svg).toContain("Target $1.3M");
  });

  it("says when the base is above target, and when there is no target", async () => {
    const above = await renderScenarioRange(
      { ...data(), targetCents: 110_000_000, gapCents: -10_000_000 },
      USD,
    );
    expect(above.alt).toContain("base $100K above target");
    expect(above.alt).not.toContain("pipeline needed");
    const none = await renderScenarioRange(
      { ...data(), targetCents: null, gapCents: null, pipelineNeededCents: null },
      USD,
    );
    expect(none.alt).toContain("no target (no quota)");
    expect(none.svg).not.toContain("Target $");
  });

  it("refuses scenarios out of order", async () => {
    await expect(renderScenarioRange({ ...data(), upsideCents: 1 }, USD)).rejects.toThrow(
      "scenario range: scenarios must run conservative ≤ base ≤ upside",
    );
  });
});

describe("every chart is reproducible", () => {
  it("gives the same bytes for the same input", async () => {
    const renders = [
      () => renderAttainmentDistribution(attainmentDistributionData(traced(attainmentPayload())), USD),
      () => renderForecastVsActual(forecastVsActualData(traced(forecastAccuracyPayload())), USD),
      () => renderPipelineByStage(pipelineByStageData(traced(pipelinePayload())), USD),
      () => renderScenarioRange(scenarioRangeData(traced(forecastPayload())), USD),
    ];
    for (const render of renders) {
      const [a, b] = [await render(), await render()];
      expect(a.png.equals(b.png)).toBe(true);
      expect(a.svg).toBe(b.svg);
    }
  });

  it("gives different bytes when a figure changes", async () => {
    const d = attainmentDistributionData(traced(attainmentPayload()));
    const a = await renderAttainmentDistribution(d, USD);
    const b = await renderAttainmentDistribution(
      { ...d, bands: d.bands.map((x) => ({ ...x, reps: x.reps + 1 })) },
      USD,
    );
    expect(a.png.equals(b.png)).toBe(false);
  });
});
