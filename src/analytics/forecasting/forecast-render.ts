/** Plain-text rendering of a forecast result for `rituals analyze forecast`. */

import type { ForecastResult } from "../../domain/analyses/forecast";
import { count, num } from "../../domain/count";
import { formatMoney } from "../../domain/money";
import { percent } from "../metrics/percent";
import { textTable } from "../text-table";

type Money = (c: number | null) => string;

function goalLine(g: ForecastResult["goal"], money: Money): string {
  if (g.targetCents === null) return `Goal: ${g.reason ?? "no target"}`;
  const gap =
    g.gapCents !== null && g.gapCents <= 0 ? `ahead by ${money(-g.gapCents)}` : `gap ${money(g.gapCents)}`;
  const stage = g.firstStage ? ` at ${g.firstStage} win rate ${percent(g.firstStageWinRate) ?? "n/a"}` : "";
  return `Goal: target ${money(g.targetCents)} · ${gap} · pipeline needed ${money(g.pipelineNeededCents)}${stage}${g.reason ? ` (${g.reason})` : ""}`;
}

/** The stage win rates assumed, with each stage's 90th-percentile age. */
function stageTable(r: ForecastResult): string {
  return textTable(
    ["Stage", "Win rate", "Source", "P90 stage age (days)"],
    r.assumptions.stageWinRates.map((s) => {
      const age = r.assumptions.stageAgeP90Days.find((a) => a.stage === s.stage)?.days ?? null;
      return [
        s.stage,
        percent(s.rate) ?? "n/a",
        s.source.replace("_", " "),
        age === null ? "n/a" : age.toFixed(0),
      ];
    }),
  );
}

export function renderForecastText(
  r: ForecastResult,
  meta: { scope: string; period: string; currency: string },
): string {
  const money: Money = (c) => (c === null ? "n/a" : formatMoney(c, meta.currency));
  const m = r.methods;
  const out: string[] = [];
  out.push(
    `Forecast — ${meta.scope}, ${r.period.key} (${r.period.start} to ${r.period.end})${r.inProgress ? ", in progress" : ""}`,
  );
  out.push(
    `as of ${r.asOf} · won to date ${money(r.wonToDateCents)} · ${count(r.daysToPeriodEnd, "day")} to period end`,
  );
  out.push("");
  out.push(
    textTable(
      ["Scenario", "Amount"],
      [
        ["Conservative (P10)", money(r.scenarios.conservativeCents)],
        ["Base (P50)", money(r.scenarios.baseCents)],
        ["Upside (P90)", money(r.scenarios.upsideCents)],
        ["Ensemble point", money(r.ensemble.pointCents)],
      ],
    ),
  );
  out.push("");
  out.push(
    textTable(
      ["Method", "Forecast", "Weight", `Backtest MAPE (${r.ensemble.backtestHorizonDays}d)`],
      r.ensemble.weights.map((w) => [
        w.method.replace("_", " "),
        money(w.valueCents),
        percent(w.weight) ?? "n/a",
        percent(w.backtestMape) ?? "n/a",
      ]),
    ),
  );
  if (r.ensemble.reason) out.push(`  ${r.ensemble.reason}`);
  out.push(
    `Stage-weighted: ${count(m.stageWeighted.openDeals, "open deal")}, ${money(m.stageWeighted.openAmountCents)} open, ${money(
      m.stageWeighted.weightedOpenCents,
    )} weighted`,
  );
  out.push(
    `Run rate: mean ${money(m.runRate.meanCents)} of ${m.runRate.basePeriods.map((b) => b.period).join(", ") || "no periods"}; seasonal factor ${
      m.runRate.seasonal.factor === null
        ? `n/a (${m.runRate.seasonal.reason ?? ""})`
        : m.runRate.seasonal.factor.toFixed(2)
    }${m.runRate.reason ? ` (${m.runRate.reason})` : ""}`,
  );
  out.push(
    `Monte Carlo: ${num(m.monteCarlo.draws)} draws, seed ${m.monteCarlo.seed}, ${num(m.monteCarlo.slowedDeals)} of ${count(m.monteCarlo.openDeals, "deal")} slowed, new business mean ${money(
      m.monteCarlo.newBusiness.meanCents,
    )}`,
  );
  out.push("");
  out.push(goalLine(r.goal, money));
  out.push("", stageTable(r));
  for (const l of r.assumptions.labels) out.push(`assumption: ${l}`);
  return out.join("\n");
}
