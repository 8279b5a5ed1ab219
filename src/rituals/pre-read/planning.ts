import { escapeMrkdwn } from "../../../blocks/escape";
import { compact, count, data } from "../../../blocks/format";
import type { AttainmentResult } from "../../domain/analyses/attainment";
import type { ForecastResult } from "../../domain/analyses/forecast";
import type { TerritoryResult } from "../../domain/analyses/territory";
import { localDate, periodOf, shiftPeriod } from "../../domain/period";
import {
  EXECUTIVE_SESSION_WEEK,
  PLANNING_WEEK_GOALS,
  planningCheckInFigures,
} from "../../narrative/planning-figures";
import { percentText } from "../../narrative/render-figure";
import { readLatestAnalysis, type StoredAnalysis } from "../../store/analyses-repository";
import type { PreRead, PreReadRequest } from "../message";
import { assemble, channelMessage, deckFiles, type PreReadDeps, writtenSummary } from "./frame";
import { COMPANY } from "./monthly-inputs";
import { sectionMessages, type ThreadSection } from "./thread-pages";

/**
 * A quarterly planning check-in (seed 001): the weekly steering meetings of the four weeks before
 * a quarter ends, each saying what that week must produce (assessment; scenarios and models; the
 * alignment session's pre-read; the rollout checklist), with the territory balance, the quota
 * allocation scenarios and their fairness against 0.85, and the scenario variance against 10%.
 * Week 3's check-in (the executive alignment session) carries the planning deck.
 */

/** What each week's check-in asks the team to bring, beside the week's goal. */
const WEEK_CHECKLIST: readonly (readonly string[])[] = [
  [
    "this quarter's attainment, by region and team, and the at-risk reps",
    "pipeline coverage of the quarter ahead and its gaps",
    "the territory balance below: which teams are under- or over-covered",
  ],
  [
    "the revenue scenarios for the quarter ahead (conservative, base, upside)",
    "the quota allocation scenarios and their fairness below",
    "the assumptions each model rests on",
  ],
  [
    "the pre-read and the deck in this thread, read before the session",
    "one allocation scenario to approve, with its fairness against the target",
    "territory changes and hires to decide",
  ],
  [
    "quotas and territories communicated to every rep",
    "the CRM and the plan updated with the approved quotas",
    "the first weekly pipeline check of the new quarter booked",
  ],
];

/** Week 1–4 of the cycle: counted back from the quarter's last day (the check-in of its last week is week 4). */
export function planningWeek(meetingDay: string, quarterEnd: string): number {
  const days = (Date.parse(`${quarterEnd}T00:00:00Z`) - Date.parse(`${meetingDay}T00:00:00Z`)) / 86_400_000;
  return Math.min(4, Math.max(1, 4 - Math.floor(days / 7)));
}

interface PlanningInputs {
  closing: string;
  planned: string;
  week: number;
  quarter: StoredAnalysis<AttainmentResult> | null;
  forecast: StoredAnalysis<ForecastResult> | null;
  territory: StoredAnalysis<TerritoryResult> | null;
  missing: string[];
  asOf: string | null;
}

function readPlanningInputs(deps: PreReadDeps, meetingAt: Date, zone: string): PlanningInputs {
  const fy = deps.config.FISCAL_YEAR_START_MONTH;
  const day = localDate(meetingAt, zone);
  const closing = periodOf(day, "quarter", fy);
  const planned = shiftPeriod(closing, 1, fy);
  const missing: string[] = [];
  const read = <T>(name: Parameters<typeof readLatestAnalysis>[1], period: string) => {
    const stored = readLatestAnalysis<T>(deps.db, name, COMPANY, period);
    if (!stored) missing.push(`${name} for ${period}`);
    return stored;
  };
  const quarter = read<AttainmentResult>("attainment", closing.key);
  const forecast = read<ForecastResult>("forecast", planned.key);
  const territory = read<TerritoryResult>("territory", planned.key);
  const asOf =
    [quarter, forecast, territory]
      .flatMap((s) => (s ? [s.asOf] : []))
      .sort()
      .at(-1) ?? null;
  return {
    closing: closing.key,
    planned: planned.key,
    week: planningWeek(day, closing.end),
    quarter,
    forecast,
    territory,
    missing,
    asOf,
  };
}

const pct = (v: number | null) => (v === null ? "n/a" : percentText(v));
const score = (v: number | null) => (v === null ? "n/a" : v.toFixed(2));

function weekSection(i: PlanningInputs): ThreadSection {
  return {
    title: `Week ${i.week} of 4: ${PLANNING_WEEK_GOALS[i.week - 1]}`,
    parts: [
      `This week must produce *${escapeMrkdwn(PLANNING_WEEK_GOALS[i.week - 1] ?? "")}* for the ${escapeMrkdwn(i.planned)} plan.`,
      ...(WEEK_CHECKLIST[i.week - 1] ?? []).map((line) => `• ${escapeMrkdwn(line)}`),
      i.week < 4
        ? `_Next week: ${escapeMrkdwn(PLANNING_WEEK_GOALS[i.week] ?? "")}._`
        : "_The last week of the cycle._",
    ],
  };
}

function territorySection(i: PlanningInputs, currency: string): ThreadSection {
  const title = `Territory balance: ${i.planned}`;
  const t = i.territory?.payload;
  if (!t)
    return {
      title,
      parts: [`_No stored territory plan for ${escapeMrkdwn(i.planned)}: run \`rituals refresh\`._`],
    };
  const gap = { under_covered: "under-covered", over_covered: "over-covered", balanced: "balanced" } as const;
  return {
    title,
    parts: [
      `Median potential per rep ${t.medianPotentialPerRepCents === null ? "n/a" : compact(t.medianPotentialPerRepCents, currency)} (bookings of ${escapeMrkdwn(t.trailingWindow.start)} to ${escapeMrkdwn(t.trailingWindow.end)} plus open pipeline)`,
      ...t.territories.map(
        (x) =>
          `• ${data(x.team)}: ${count(x.repCount, "rep")} · potential ${compact(x.potentialCents, currency)} · per rep ${x.potentialPerRepCents === null ? "n/a" : compact(x.potentialPerRepCents, currency)} · ${x.coverageGap ? gap[x.coverageGap] : "coverage unknown"}`,
      ),
    ],
  };
}

function scenariosSection(i: PlanningInputs, currency: string): ThreadSection {
  const title = `Quota allocation scenarios: ${i.planned}`;
  const t = i.territory?.payload;
  if (!t) return { title, parts: [`_No stored territory plan for ${escapeMrkdwn(i.planned)}._`] };
  const f = t.fairness;
  const fairVerdict = (v: number | null) => (v === null ? "" : v >= f.target ? " (meets)" : " (*below*)");
  const variance = t.scenarioVariance.value;
  const lines = [
    `*Fairness* (1 − Gini of quota ÷ potential; target ≥ ${score(f.target)}): current ${score(f.current.value)}${fairVerdict(f.current.value)} · proposed ${score(f.proposed.value)}${fairVerdict(f.proposed.value)} · capped ±20% ${score(f.capped.value)}${fairVerdict(f.capped.value)}`,
    `*Scenario variance* (spread of total plan ÷ base; target ≤ ${pct(t.scenarioVarianceTarget)}): ${pct(variance)}${variance === null ? "" : variance <= t.scenarioVarianceTarget ? " — within" : " — *above the target*"}`,
    ...t.scenarios.map(
      (s) =>
        `• *${data(s.name)}*: total plan ${compact(s.totalPlanCents, currency)} · fairness ${score(s.fairness.value)} — ${data(s.description)}`,
    ),
  ];
  const f2 = i.forecast?.payload;
  if (f2)
    lines.push(
      `*Revenue plan ${escapeMrkdwn(i.planned)}:* conservative ${compact(f2.scenarios.conservativeCents, currency)} · base ${compact(f2.scenarios.baseCents, currency)} · upside ${compact(f2.scenarios.upsideCents, currency)}`,
    );
  return { title, parts: lines };
}

export async function planningPreRead(deps: PreReadDeps, request: PreReadRequest): Promise<PreRead> {
  const { config } = deps;
  const { ritual, meetingAt } = request;
  const inputs = readPlanningInputs(deps, meetingAt, ritual.timeZone);
  const c = config.CURRENCY;
  const figures =
    inputs.quarter && inputs.territory
      ? planningCheckInFigures({
          currency: c,
          attainment: inputs.quarter.payload,
          territory: inputs.territory.payload,
          week: inputs.week,
        })
      : null;
  const summary = await writtenSummary(deps, figures, inputs.missing, `${inputs.planned} planning`);
  const q = inputs.quarter?.payload;
  const t = inputs.territory?.payload;
  const headline = [
    q
      ? `• *${escapeMrkdwn(inputs.closing)}:* ${compact(q.bookingsCents, c)} booked of ${q.quotaCents > 0 ? compact(q.quotaCents, c) : "no"} plan · attainment ${pct(q.attainment)}`
      : "",
    inputs.forecast
      ? `• *${escapeMrkdwn(inputs.planned)} forecast:* ${compact(inputs.forecast.payload.scenarios.baseCents, c)} base`
      : "",
    t
      ? `• *Fairness:* proposed ${score(t.fairness.proposed.value)} (target ≥ ${score(t.fairness.target)}) · *scenario variance* ${pct(t.scenarioVariance.value)} (target ≤ ${pct(t.scenarioVarianceTarget)})`
      : "",
  ].filter(Boolean);
  const message = channelMessage({
    ritual,
    meetingAt,
    lateNote: request.lateNote,
    subtitle: `${inputs.planned} planning, week ${inputs.week} of 4`,
    summary,
    headline,
    extra: [`*This week must produce:* ${escapeMrkdwn(PLANNING_WEEK_GOALS[inputs.week - 1] ?? "")}`],
    asOf: inputs.asOf,
    missing: inputs.missing,
    zone: config.WORKSPACE_TIMEZONE,
  });
  const thread = [weekSection(inputs), territorySection(inputs, c), scenariosSection(inputs, c)].flatMap(
    sectionMessages,
  );
  const made =
    inputs.week === EXECUTIVE_SESSION_WEEK
      ? await deckFiles(deps, "quarterly-planning", inputs.planned, summary.lines)
      : { files: [], problem: null };
  return assemble(message, thread, made, summary, inputs.asOf);
}
