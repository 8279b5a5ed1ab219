import { escapeMrkdwn } from "../../../blocks/escape";
import { compact, count, data } from "../../../blocks/format";
import type { YearReviewResult } from "../../domain/analyses/year-review";
import { localDate, periodOf } from "../../domain/period";
import { percentText } from "../../narrative/render-figure";
import { yearEndFigures } from "../../narrative/year-end-figures";
import { readLatestAnalysis } from "../../store/analyses-repository";
import type { PreRead, PreReadRequest } from "../message";
import { assemble, channelMessage, deckFiles, type PreReadDeps, writtenSummary } from "./frame";
import { COMPANY } from "./monthly-inputs";
import { sectionMessages, type ThreadSection } from "./thread-pages";

/**
 * The year-end review (seed 002): the stored year review laid out as that document's outline, one
 * thread message per section the CRM data answers and one listing the sections for the team to
 * add, with the year-end deck and its chart.
 */

/** The year under review: the fiscal year of the day 45 days before the meeting (a January review looks back). */
export function reviewedYear(meetingAt: Date, zone: string, fiscalYearStartMonth: number): string {
  return periodOf(
    localDate(new Date(meetingAt.getTime() - 45 * 86_400_000), zone),
    "year",
    fiscalYearStartMonth,
  ).key;
}

const pct = (f: { value: number | null }) => (f.value === null ? "n/a" : percentText(f.value));
const rate = (v: number | null) => (v === null ? "n/a" : percentText(v));

function outline(y: YearReviewResult, currency: string): ThreadSection[] {
  const $ = (c: number) => compact(c, currency);
  const s = y.summary;
  return [
    {
      title: "1. Executive summary",
      parts: [
        `${$(s.bookingsCents)} booked${s.quotaCents ? ` of ${$(s.quotaCents)} quota (${pct(s.attainment)})` : ""} · growth ${pct(s.growth)} on ${$(s.previousYearBookingsCents)} the year before`,
        `${count(s.dealsWon, "deal")} won, ${count(s.dealsLost, "deal")} lost · win rate ${pct(s.winRate)} · average deal ${s.averageDealSize.value === null ? "n/a" : $(s.averageDealSize.value)}`,
        `_Through ${escapeMrkdwn(y.through)}${y.yearToDate ? " (year to date)" : ""}._`,
      ],
    },
    {
      title: "2. Data management and analysis: win and loss",
      parts: [
        "*By segment*",
        ...y.winLossBySegment.map(
          (r) =>
            `• ${data(r.name)}: ${r.won} won, ${r.lost} lost · ${rate(r.winRate)} · ${$(r.bookingsCents)}`,
        ),
        "*By product*",
        ...y.winLossByProduct.map(
          (r) =>
            `• ${data(r.name)}: ${r.won} won, ${r.lost} lost · ${rate(r.winRate)} · ${$(r.bookingsCents)}`,
        ),
      ],
    },
    {
      title: "3–4. Lead conversion and the sales process",
      parts: [
        "*Funnel conversion*",
        ...y.funnel.map(
          (f) => `• ${data(f.from)} → ${data(f.to)}: ${rate(f.rate)} (${f.advanced} of ${f.reached})`,
        ),
        "*Time in stage* (median days)",
        ...y.stageTimes.map(
          (t) =>
            `• ${data(t.stage)}: ${t.medianDays === null ? "n/a" : Math.round(t.medianDays)} days over ${count(t.stays, "stay")}`,
        ),
        `*Bottlenecks:* ${y.bottlenecks.map((b) => data(b.stage)).join(", ") || "none"}`,
      ],
    },
    {
      title: "6. Customer success and retention",
      parts: [
        `Gross revenue retention ${pct(y.retention.grossRevenueRetention)} · logo retention ${pct(y.retention.logoRetention)} · ${y.retention.churnedAccounts} of ${y.retention.baseAccounts} accounts churned (${escapeMrkdwn(y.retention.from)} to ${escapeMrkdwn(y.retention.to)})`,
      ],
    },
    {
      title: "8. Revenue forecasting and modelling",
      parts: [
        `MAPE ${pct(y.forecasting.mape)} at ${y.forecasting.horizonDays} days (target < ${percentText(y.forecasting.mapeTarget)}) · bias ${pct(y.forecasting.bias)}`,
        ...y.forecasting.months.map(
          (m) =>
            `• ${escapeMrkdwn(m.period)}: forecast ${m.forecastCents === null ? "none" : $(m.forecastCents)} · actual ${$(m.actualCents)} · error ${rate(m.ape)}`,
        ),
      ],
    },
    {
      title: "10. Challenges and lessons learned",
      parts: y.lessons.length
        ? y.lessons.map((l) => `• ${data(l.text)}`)
        : ["No lesson stands out from the figures."],
    },
    {
      title: "For the team to add",
      parts: [
        "The CRM data does not answer these sections of the outline; bring them to the review:",
        "• 5. Marketing and sales alignment",
        "• 7. Performance reporting and dashboards",
        "• 9. Collaboration and communication",
      ],
    },
  ];
}

export async function yearEndPreRead(deps: PreReadDeps, request: PreReadRequest): Promise<PreRead> {
  const { config } = deps;
  const { ritual, meetingAt } = request;
  const year = reviewedYear(meetingAt, ritual.timeZone, config.FISCAL_YEAR_START_MONTH);
  const stored = readLatestAnalysis<YearReviewResult>(deps.db, "year-review", COMPANY, year);
  const missing = stored ? [] : [`year-review for ${year}`];
  const c = config.CURRENCY;
  const figures = stored ? yearEndFigures({ currency: c, yearReview: stored.payload }) : null;
  const summary = await writtenSummary(deps, figures, missing, year);
  const y = stored?.payload;
  const headline = y
    ? [
        `• *Bookings:* ${compact(y.summary.bookingsCents, c)}${y.summary.quotaCents ? ` of ${compact(y.summary.quotaCents, c)} quota (${pct(y.summary.attainment)})` : ""} · growth ${pct(y.summary.growth)}`,
        `• *Win rate:* ${pct(y.summary.winRate)} · *forecast MAPE* ${pct(y.forecasting.mape)} (target < ${percentText(y.forecasting.mapeTarget)})`,
        `• *Gross revenue retention:* ${pct(y.retention.grossRevenueRetention)}`,
      ]
    : [];
  const message = channelMessage({
    ritual,
    meetingAt,
    lateNote: request.lateNote,
    subtitle: `${year} year-end review`,
    summary,
    headline,
    asOf: stored?.asOf ?? null,
    missing,
    zone: config.WORKSPACE_TIMEZONE,
  });
  const thread = y
    ? outline(y, c).flatMap(sectionMessages)
    : sectionMessages({
        title: "Year review",
        parts: [`_No stored year review for ${escapeMrkdwn(year)}: run \`rituals refresh\`._`],
      });
  const made = y
    ? await deckFiles(deps, "year-end-review", year, summary.lines)
    : { files: [], problem: null };
  return assemble(message, thread, made, summary, stored?.asOf ?? null);
}
