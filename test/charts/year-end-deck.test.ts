import { describe, expect, it } from "vitest";
import { buildYearEndDeck, yearEndDeckCharts } from "../../src/charts/deck/year-end-deck";
import { forecastVsActualFromYearReview } from "../../src/charts/forecast-vs-actual";
import { traced, yearReviewPayload } from "./payloads";
import { keep } from "./png";
import { slides, slideText, unzip } from "./zip";

const input = () => ({
  currency: "USD",
  timeZone: "UTC",
  executiveSummary: ["Bookings grew 20% on last year."],
  yearReview: traced(yearReviewPayload(), "company", "FY2026"),
});

describe("the year-end review deck", () => {
  it("takes the year's monthly calls for its chart, and names the year review as their source", async () => {
    const data = forecastVsActualFromYearReview(input().yearReview);
    expect(data.points).toEqual([
      { period: "2026-09", forecastCents: 110_000_000, actualCents: 100_000_000 },
      { period: "2026-10", forecastCents: null, actualCents: 120_000_000 },
    ]);
    expect(data).toMatchObject({ mape: 0.1, targetMape: 0.08, periodsAveraged: 1, analysis: "year review" });
    const { forecastVsActual } = await yearEndDeckCharts(input());
    expect(forecastVsActual.svg).toContain("Source: year review, as of 4 Nov 2026 06:00 UTC");
    expect(forecastVsActual.alt).toContain("No forecast for Oct 2026.");
  });

  it("follows the year-end outline, says which sections the data leaves to the team, and carries the figures", async () => {
    const figures = input();
    const charts = await yearEndDeckCharts(figures);
    const deck = await buildYearEndDeck(figures, charts);
    keep("YER-FY2026.pptx", deck);
    const files = unzip(deck);
    const text = slides(files).map(slideText);
    expect(text.map((t) => t.split(" ").slice(0, 3).join(" "))).toEqual([
      "Year-end review: FY2026",
      "Outline The sections",
      "Executive summary FY2026",
      "Sales process: funnel",
      "Win and loss",
      "Customer retention Accounts",
      "Revenue forecasting: MAPE",
      "Challenges and lessons",
    ]);
    expect(text[0]).toContain("Year to date, through 2026-11-04");
    expect(text[1]).toContain("5. Marketing and sales alignment for the team to add: not in the CRM data");
    expect(text[2]).toMatch(
      /Bookings \$12M 300 won deals Growth on last year \+20\.0% \$10M last year Attainment 80\.0% of \$15M/,
    );
    expect(text[3]).toContain("Discovery → Proposal 1,000 600 60%");
    expect(text[4]).toContain("Enterprise 100 400 20% $8M");
    expect(text[5]).toContain("Gross revenue retention 90.0%");
    expect(text[6]).toContain("Revenue forecasting: MAPE 10.0% (target < 8%)");
    expect(text[7]).toContain("Deals spend longest in Proposal: median 21 days");
    const media = [...files.keys()].filter((n) => n.startsWith("ppt/media/") && n.endsWith(".png"));
    expect(media.map((n) => files.get(n)?.equals(charts.forecastVsActual.png))).toEqual([true]);
    expect((await buildYearEndDeck(figures, charts)).equals(deck)).toBe(true);
  });
});
