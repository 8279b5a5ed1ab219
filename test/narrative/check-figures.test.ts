import { describe, expect, it } from "vitest";
import { checkAgainstFigures, roundsTo } from "../../src/narrative/check-figures";
import { count, date, money, percent, period, score, text } from "../../src/narrative/figures";
import { findMentions } from "../../src/narrative/mentions";
import { monthlyFigures } from "./fixtures";

/** A figure set holding only what a case needs, in USD. */
const set = (figures: Record<string, unknown>, currency = "USD") => ({ currency, ...figures });
const problems = (reply: string, figures: object & { currency: string }) =>
  checkAgainstFigures(reply, figures).map((p) => `${p.kind}: ${p.text}`);

describe("money in a reply", () => {
  const bookings = set({ bookings: money(123_456_700) }); // $1,234,567

  it.each([
    "$1,234,567",
    "$1,234,567.00",
    "$1.2M",
    "$1.23M",
    "$1.235M",
    "$1,235K",
    "1.2 million",
    "$1.2 million",
    "1.23 million dollars",
    "USD 1.2M",
    "$1,200,000",
  ])("accepts %s for bookings of 1,234,567 dollars", (written) => {
    expect(problems(`Bookings were ${written} this month.`, bookings)).toEqual([]);
  });

  it.each([
    ["$1.3M", "rounded_beyond: $1.3M"],
    ["$1.24M", "rounded_beyond: $1.24M"],
    ["$1,234,568", "rounded_beyond: $1,234,568"],
    // one significant digit claims too little: $1M stands only for $1,000,000 itself
    ["$1M", "rounded_beyond: $1M"],
    ["$1.5M", "invented_figure: $1.5M"],
    ["$4.2M", "invented_figure: $4.2M"],
    ["$340K", "invented_figure: $340K"],
    ["€1.2M", "invented_figure: €1.2M"],
  ])("rejects %s for bookings of 1,234,567 dollars", (written, problem) => {
    expect(problems(`Bookings were ${written} this month.`, bookings)).toEqual([problem]);
  });

  it("takes either neighbour of an exact half, and nothing further", () => {
    const half = set({ pipeline: money(34_500_000) }); // $345,000
    expect(problems("Pipeline $345K, $350K or $340K.", half)).toEqual([]);
    expect(problems("Pipeline $330K.", half)).toEqual(["rounded_beyond: $330K"]);
  });

  it("accepts a negative figure written as its size (a gap above goal)", () => {
    expect(problems("The base sits $120K above goal.", set({ gap: money(-12_000_000) }))).toEqual([]);
  });

  it("reads money in euros when the figures are in euros", () => {
    const eur = set({ bookings: money(123_456_700) }, "EUR");
    expect(problems("Bookings were €1.2M.", eur)).toEqual([]);
    expect(problems("Bookings were $1.2M.", eur)).toEqual(["invented_figure: $1.2M"]);
  });

  it("holds the written digits to integer arithmetic (exponent bookkeeping)", () => {
    expect(roundsTo(123_456_700, { mantissa: 12, exponent: 7 }, true)).toBe(true);
    expect(roundsTo(123_456_700, { mantissa: 13, exponent: 7 }, true)).toBe(false);
    expect(roundsTo(100_000_000, { mantissa: 1, exponent: 8 }, true)).toBe(true);
  });
});

describe("percentages, multiples and scores", () => {
  const figures = set({
    attainment: percent(0.417),
    mape: percent(0.0617),
    coverage: { kind: "ratio", value: 2.43, shownAs: "multiple" },
    fairness: score(0.873),
  });

  it("accepts a percentage rounded at the digits written", () => {
    expect(problems("Attainment 42%, or 41.7%; MAPE 6.2% (6%).", figures)).toEqual([]);
  });

  it("rejects a percentage rounded the wrong way or not given", () => {
    expect(problems("Attainment 41%.", figures)).toEqual(["rounded_beyond: 41%"]);
    expect(problems("Attainment 43 percent.", figures)).toEqual(["rounded_beyond: 43 percent"]);
    expect(problems("Win rate 25%.", figures)).toEqual(["invented_figure: 25%"]);
  });

  it("holds a coverage multiple to its first decimal", () => {
    expect(problems("Coverage 2.4x.", figures)).toEqual([]);
    expect(problems("Coverage 2.5x.", figures)).toEqual(["rounded_beyond: 2.5x"]);
    expect(problems("Coverage 2x.", figures)).toEqual(["rounded_beyond: 2x"]);
  });

  it("reads a score written as a decimal", () => {
    expect(problems("Fairness 0.87, or 0.873.", set({ fairness: score(0.873) }))).toEqual([]);
    expect(problems("Fairness 0.88.", set({ fairness: score(0.873) }))).toEqual(["rounded_beyond: 0.88"]);
    // one digit claims too little, as for money
    expect(problems("Fairness 0.9.", set({ fairness: score(0.873) }))).toEqual(["rounded_beyond: 0.9"]);
  });
});

describe("counts", () => {
  const figures = set({
    openDeals: count(1742, "deals"),
    horizon: count(30, "days"),
    risks: [text("Acme"), text("Initech")],
  });

  it("accepts exact counts, a rounding with two significant digits, and the length of a list", () => {
    expect(
      problems("1,742 open deals, about 1,700; the 30-day error; the two risks, 2 deals.", figures),
    ).toEqual([]);
  });

  it("rejects counts not given, in digits or in words", () => {
    expect(problems("Three deals slipped.", figures)).toEqual(["invented_figure: Three"]);
    expect(problems("12 deals slipped.", figures)).toEqual(["invented_figure: 12"]);
    expect(problems("About 1,800 open deals.", figures)).toEqual(["rounded_beyond: 1,800"]);
    expect(problems("About 5,000 open deals.", figures)).toEqual(["invented_figure: 5,000"]);
  });
});

describe("dates and periods", () => {
  const figures = set({
    asOf: date("2026-12-04"),
    month: period("2026-11", "2026-11-01", "2026-11-30"),
    quarter: period("2027-Q1", "2027-01-01", "2027-03-31"),
  });

  it.each([
    "Dec 4",
    "December 4",
    "Dec 4th",
    "4 December",
    "Dec 4, 2026",
    "2026-12-04",
    "12/4",
    "Friday",
    "November",
    "November 2026",
    "Nov '26",
    "2026-11",
    "Q1 2027",
    "Q1 FY2027",
    "2027-Q1",
    "February",
    "2026",
  ])("accepts %s", (written) => {
    expect(problems(`As of ${written} the figures stand.`, figures)).toEqual([]);
  });

  it.each([
    ["Dec 5", "invented_figure: Dec 5"],
    ["2026-12-05", "invented_figure: 2026-12-05"],
    ["Dec 4, 2025", "invented_figure: Dec 4, 2025"],
    ["October", "invented_figure: October"],
    ["Q4", "invented_figure: Q4"],
    ["FY2025", "invented_figure: FY2025"],
    ["Monday", "invented_figure: Monday"],
    ["2024", "invented_figure: 2024"],
  ])("rejects %s", (written, problem) => {
    expect(problems(`As of ${written} the figures stand.`, figures)).toEqual([problem]);
  });

  it("does not read words that start like a month as dates", () => {
    expect(findMentions("Decision: Marching orders for the Junior Mayor, Augmented.").mentions).toEqual([]);
  });
});

describe("names", () => {
  const figures = monthlyFigures();

  it("accepts the deal, team and stage names given, whole or in part, possessive or not", () => {
    expect(
      problems(
        "Acme Corp — Platform renewal is at risk; Acme's renewal and Globex expansion stalled in Negotiation.",
        figures,
      ),
    ).toEqual([]);
  });

  it("rejects a name that is not in the figures, at the start of a sentence or inside it", () => {
    expect(problems("Initech slipped to next month.", figures)).toEqual(["unknown_name: Initech"]);
    expect(problems("The deal with Hooli slipped.", figures)).toEqual(["unknown_name: Hooli"]);
    expect(problems("Jane Doe owns it.", figures)).toEqual(["unknown_name: Jane", "unknown_name: Doe"]);
    expect(problems("Ask the EMEA team.", figures)).toEqual(["unknown_name: EMEA"]);
  });

  it("lets ordinary words start a sentence and review terms stand capitalised anywhere", () => {
    expect(
      problems(
        "Notably, the MAPE held. Overall the Plan is tight. Pipeline needs work; the pipeline is thin.",
        figures,
      ),
    ).toEqual([]);
  });

  it("accepts numbers inside a given name or reason quoted whole", () => {
    const withNumbers = set({ deal: text("Umbrella — 200 seats"), reason: text("no activity 19 days") });
    expect(problems("Umbrella — 200 seats: no activity 19 days.", withNumbers)).toEqual([]);
    expect(problems("Umbrella — 300 seats.", withNumbers)).toEqual(["invented_figure: 300"]);
  });
});

describe("a whole reply", () => {
  it("passes when every figure is given, and names every problem otherwise", () => {
    const figures = monthlyFigures();
    const good = [
      "November closed at $1.23M against a $1.4M plan, 88% attainment.",
      "December's base forecast is $1.5M (P10 $1.19M, P90 $1.81M), $120K short of goal.",
      "Our 30-day MAPE is 6.2% against the 8% target; submitted calls missed by 12.5%.",
      "The biggest risk is Acme Corp — Platform renewal ($340K), pushed twice, no activity 19 days.",
      "Decide how to lift coverage from 2.4x to 3.0x; action items are 75% done against 80%.",
    ].join("\n");
    expect(problems(good, figures)).toEqual([]);
    const bad = good.replace("$1.5M", "$1.6M").replace("Acme Corp — Platform renewal", "Initech renewal");
    expect(problems(bad, figures)).toEqual(["rounded_beyond: $1.6M", "unknown_name: Initech"]);
  });
});
