import type { ForecastAccuracyResult, HorizonForecast } from "../src/domain/analyses/forecast-accuracy";
import { type AnswerViewFrame, answerMessage } from "./answer";
import { accuracyHeadline } from "./forecast-accuracy";
import { chunkLines, compact, data, headline, scopeTitle, section, signedPercent } from "./format";
import type { Block, Message } from "./message";

export interface ClosedForecastView extends AnswerViewFrame {
  /** the stored accuracy of the closed period: each source's forecast at each horizon against the actual */
  result: ForecastAccuracyResult;
}

const SOURCE_NAMES: Record<string, string> = {
  snapshots: "the bot's forecast",
  submissions: "submitted call",
  backtest: "the bot's method, backtested",
  naive: "the run rate (naive)",
};

function sourceLine(f: HorizonForecast, c: string): string {
  const name = SOURCE_NAMES[f.source] ?? f.source;
  if (f.forecastCents === null) return `• ${name}: none${f.reason ? ` (${data(f.reason)})` : ""}`;
  const made = f.madeOn
    ? ` made ${f.madeOn}${f.horizonDays === null ? "" : `, ${f.horizonDays} days out`}`
    : "";
  const by = f.submittedBy ? ` by ${data(f.submittedBy)}` : "";
  const error =
    f.errorCents === null
      ? ""
      : ` · off by ${f.errorCents >= 0 ? "+" : "−"}${compact(Math.abs(f.errorCents), c)}${f.ape === null ? "" : ` (${signedPercent(f.errorCents >= 0 ? f.ape : -f.ape)})`}`;
  return `• ${name}: ${compact(f.forecastCents, c)}${made}${by}${error}`;
}

/** `/forecast <closed period>`: what was forecast (snapshots, submissions, backtest) against what closed. */
export function closedForecastMessage(v: ClosedForecastView): Message {
  const r = v.result;
  const c = v.currency;
  const lines = r.horizons.flatMap((h) => [
    `*${h.horizonDays} days before the end*`,
    ...h.sources.map((f) => sourceLine(f, c)),
  ]);
  const body: Block[] = [
    headline(`${r.period.key} closed at ${compact(r.actualCents, c)}`, [
      "what was forecast against what closed",
    ]),
    ...chunkLines(lines).map((chunk) => section(chunk)),
    section(`*Accuracy over the trend* (${r.trend.periods.length} periods)\n${accuracyHeadline(r)}`),
  ];
  return answerMessage({
    title: `Forecast vs actual · ${scopeTitle(v.scopeKey)} · ${r.period.key}`,
    body,
    asOf: v.asOf,
    summary: `${r.period.key} closed at ${compact(r.actualCents, c)}`,
    ref: v.ref,
  });
}
