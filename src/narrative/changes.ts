import {
  type CountFigure,
  count,
  type Figure,
  type MoneyFigure,
  money,
  type NarrativeFigures,
  type RatioFigure,
  type TextFigure,
  text,
} from "./figures";
import { compactMoney, dateText, periodText, ratioText } from "./render-figure";

/**
 * "What changed since the last review": the same measures of two figure sets side by side, with
 * the change of each computed here, so that a written paragraph may state a change only as one
 * of these figures (a change is a figure like any other, never the model's own arithmetic).
 */
type Measurable = MoneyFigure | RatioFigure | CountFigure;

export interface MeasureChange {
  measure: TextFigure;
  before: Measurable;
  after: Measurable;
  /** after − before, in the same kind (a ratio's change is in points: 0.08 is "8 pts") */
  change: Measurable;
}

export interface ChangeFigures {
  ritual: NarrativeFigures["ritual"];
  currency: string;
  /** the previous review: its period (or date, for a weekly check-in) */
  since: Figure;
  changes: MeasureChange[];
  /** deals among the top risks now that were not last time, and the reverse */
  newRisks: TextFigure[];
  droppedRisks: TextFigure[];
}

type MeasureList = [label: string, pick: (f: NarrativeFigures) => Measurable | null | undefined][];

/** The measures compared for each ritual, in the order a reader wants them. */
const MEASURES: Record<NarrativeFigures["ritual"], MeasureList> = {
  "monthly-review": [
    ["bookings", (f) => (f.ritual === "monthly-review" ? f.close.bookings : null)],
    ["attainment", (f) => (f.ritual === "monthly-review" ? f.close.attainment : null)],
    ["forecast base", (f) => (f.ritual === "monthly-review" ? f.forecast.base : null)],
    ["our forecast error", (f) => (f.ritual === "monthly-review" ? f.accuracy.ourMape : null)],
    ["coverage", (f) => (f.ritual === "monthly-review" ? f.coverage.ratio : null)],
    ["action items done", (f) => (f.ritual === "monthly-review" ? f.actionItems?.completion : null)],
    ["data accuracy", (f) => (f.ritual === "monthly-review" ? f.dataQuality.accuracy : null)],
  ],
  "planning-check-in": [
    ["quarter bookings", (f) => (f.ritual === "planning-check-in" ? f.currentQuarter.bookings : null)],
    ["proposed fairness", (f) => (f.ritual === "planning-check-in" ? f.fairness.proposed : null)],
    ["scenario spread", (f) => (f.ritual === "planning-check-in" ? f.scenarioVariance : null)],
  ],
  "year-end-review": [
    ["bookings", (f) => (f.ritual === "year-end-review" ? f.bookings : null)],
    ["attainment", (f) => (f.ritual === "year-end-review" ? f.attainment : null)],
    ["win rate", (f) => (f.ritual === "year-end-review" ? f.winRate : null)],
    ["forecast error", (f) => (f.ritual === "year-end-review" ? f.forecastMape : null)],
    ["gross revenue retention", (f) => (f.ritual === "year-end-review" ? f.grossRevenueRetention : null)],
  ],
};

function difference(before: Measurable, after: Measurable): Measurable | null {
  if (before.kind === "money" && after.kind === "money") return money(after.cents - before.cents);
  if (before.kind === "ratio" && after.kind === "ratio")
    return { kind: "ratio", value: Number((after.value - before.value).toFixed(10)), shownAs: after.shownAs };
  if (before.kind === "count" && after.kind === "count") return count(after.value - before.value, after.unit);
  return null;
}

function riskNames(f: NarrativeFigures): string[] {
  return f.ritual === "monthly-review" ? f.topRisks.map((r) => r.deal.value) : [];
}

/** The changes between two reviews of the same ritual; null when they are of different rituals. */
export function changesBetween(previous: NarrativeFigures, current: NarrativeFigures): ChangeFigures | null {
  if (previous.ritual !== current.ritual) return null;
  const changes: MeasureChange[] = [];
  for (const [label, pick] of MEASURES[current.ritual]) {
    const before = pick(previous);
    const after = pick(current);
    const change = before && after ? difference(before, after) : null;
    if (before && after && change) changes.push({ measure: text(label), before, after, change });
  }
  const was = riskNames(previous);
  const now = riskNames(current);
  return {
    ritual: current.ritual,
    currency: current.currency,
    since:
      previous.ritual === "planning-check-in"
        ? previous.asOf
        : previous.ritual === "monthly-review"
          ? previous.period
          : previous.year,
    changes,
    newRisks: now.filter((n) => !was.includes(n)).map(text),
    droppedRisks: was.filter((n) => !now.includes(n)).map(text),
  };
}

function measureText(f: Measurable, currency: string, signed = false): string {
  const sign = (negative: boolean) => (signed ? (negative ? "−" : "+") : negative ? "−" : "");
  if (f.kind === "money") return `${sign(f.cents < 0)}${compactMoney(money(Math.abs(f.cents)), currency)}`;
  if (f.kind === "count") return `${sign(f.value < 0)}${Math.abs(f.value)}`;
  const size = { ...f, value: Math.abs(f.value) };
  // a change of a percentage is in points, so "+8 pts" cannot be read as a relative change
  if (signed && f.shownAs === "percent") return `${sign(f.value < 0)}${ratioText(size).replace("%", " pts")}`;
  return `${sign(f.value < 0)}${ratioText(size)}`;
}

/** The paragraph written from the change figures alone. */
export function deterministicChanges(c: ChangeFigures): string {
  const since =
    c.since.kind === "period"
      ? `Since the ${periodText(c.since)} review`
      : c.since.kind === "date"
        ? `Since the check-in of ${dateText(c.since)}`
        : "Since the last review";
  const moved = c.changes.filter((m) =>
    m.change.kind === "money" ? m.change.cents !== 0 : m.change.value !== 0,
  );
  const parts = moved.map(
    (m) =>
      `${m.measure.value} ${measureText(m.before, c.currency)} → ${measureText(m.after, c.currency)} (${measureText(m.change, c.currency, true)})`,
  );
  const sentences = [
    parts.length > 0 ? `${since}: ${parts.join("; ")}.` : `${since}, no headline figure moved.`,
  ];
  if (c.newRisks.length > 0)
    sentences.push(`New among the top risks: ${c.newRisks.map((r) => r.value).join(", ")}.`);
  if (c.droppedRisks.length > 0)
    sentences.push(`Off the list: ${c.droppedRisks.map((r) => r.value).join(", ")}.`);
  return sentences.join(" ");
}
