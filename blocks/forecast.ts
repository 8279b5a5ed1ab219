import type { ForecastResult } from "../src/domain/analyses/forecast";
import type { ForecastAccuracyResult } from "../src/domain/analyses/forecast-accuracy";
import { type AnswerViewFrame, answerMessage } from "./answer";
import { encodeAnswerRef } from "./answer-ref";
import { accuracyHeadline } from "./forecast-accuracy";
import { chunkLines, compact, data, headline, money, percent, scopeTitle, section } from "./format";
import { ActionIds } from "./ids";
import type { Block, Message } from "./message";

export interface ForecastView extends AnswerViewFrame {
  result: ForecastResult;
  /** the stored accuracy for the same scope, or why there is none (mrkdwn, already escaped) */
  accuracy: { result: ForecastAccuracyResult } | { missing: string };
}

const METHOD_NAMES = {
  stage_weighted: "stage-weighted",
  run_rate: "run rate",
  monte_carlo: "Monte Carlo",
} as const;

/** The gap to goal in full (the Gap to goal field) and in short (for the headline, when there is a goal). */
function goalTexts(g: ForecastResult["goal"], c: string): { full: string; short: string[] } {
  if (g.targetCents === null || g.gapCents === null)
    return { full: `n/a${g.reason ? ` (${data(g.reason)})` : ""}`, short: [] };
  if (g.gapCents <= 0)
    return {
      full: `target ${money(g.targetCents, c)}: base is ${money(-g.gapCents, c)} above it`,
      short: [`${compact(-g.gapCents, c)} above the ${compact(g.targetCents, c)} target`],
    };
  const needs =
    g.pipelineNeededCents === null
      ? ""
      : `, needs ${money(g.pipelineNeededCents, c)} new pipeline at ${data(g.firstStage)} (${percent(g.firstStageWinRate)} win)`;
  return {
    full: `target ${money(g.targetCents, c)}: gap ${money(g.gapCents, c)}${needs}`,
    short: [`${compact(g.gapCents, c)} short of the ${compact(g.targetCents, c)} target`],
  };
}

/** How the figures were made: the blend of methods, then the assumptions. */
function methodSections(r: ForecastResult, c: string): Block[] {
  const weights = r.ensemble.weights
    .map(
      (w) =>
        `${METHOD_NAMES[w.method]} ${w.valueCents === null ? "n/a" : compact(w.valueCents, c)} × ${percent(w.weight)}`,
    )
    .join(" · ");
  const blend = section(
    `*Cross-check: blend of methods* ${money(r.ensemble.pointCents, c)} (${r.ensemble.weighting === "equal" ? "equal weights" : "weighted by each method's backtested accuracy"})\n${weights}`,
  );
  const a = r.assumptions;
  const rates = a.stageWinRates.map((x) => `${data(x.stage)} ${percent(x.rate)}`).join(", ");
  const assumptionLines = [
    "*Assumptions*",
    ...a.labels.map((l) => `• ${data(l)}`),
    // the labels already state the slip factor, draws and seed; the rates are data
    `• Stage win rates used: ${rates || "none"}`,
  ];
  return [blend, ...chunkLines(assumptionLines).map((chunk) => section(chunk))];
}

/** `/forecast`: scenarios with their assumptions, gap to goal, the accuracy headline. */
export function forecastMessage(v: ForecastView): Message {
  const r = v.result;
  const c = v.currency;
  const s = r.scenarios;
  const goal = goalTexts(r.goal, c);
  const body: Block[] = [
    headline(`${compact(s.baseCents, c)} base forecast for ${r.period.key}`, [
      `likely ${compact(s.conservativeCents, c)}–${compact(s.upsideCents, c)}`,
      `${compact(r.wonToDateCents, c)} won so far`,
      ...goal.short,
    ]),
    {
      type: "section",
      fields: [
        { type: "mrkdwn", text: `*Base*\n${money(s.baseCents, c)}` },
        { type: "mrkdwn", text: `*Conservative (P10)*\n${money(s.conservativeCents, c)}` },
        { type: "mrkdwn", text: `*Upside (P90)*\n${money(s.upsideCents, c)}` },
        { type: "mrkdwn", text: `*Won to date*\n${money(r.wonToDateCents, c)}` },
        { type: "mrkdwn", text: `*Gap to goal*\n${goal.full}` },
      ],
    },
  ];
  // How far to trust the figures comes before how they were made.
  body.push(
    section(
      "result" in v.accuracy
        ? `*Accuracy* (${v.accuracy.result.period.key})\n${accuracyHeadline(v.accuracy.result)}`
        : `*Accuracy*\n${v.accuracy.missing}`,
    ),
  );
  body.push(...methodSections(r, c));
  return answerMessage({
    title: `Forecast · ${scopeTitle(v.scopeKey)} · ${r.period.key}`,
    body,
    asOf: v.asOf,
    summary: `base ${compact(s.baseCents, c)} (range ${compact(s.conservativeCents, c)}–${compact(s.upsideCents, c)})`,
    ref: v.ref,
    extraButtons:
      "result" in v.accuracy
        ? [
            {
              actionId: ActionIds.forecastAccuracyDetail,
              text: "Accuracy detail",
              value: encodeAnswerRef(v.ref),
            },
          ]
        : [],
  });
}
