/**
 * Stand-ins for the forecasts a refresh computes before attainment: attainment reads only each
 * stored forecast's base, so a test names the bases it expects to see divided by quota.
 */
import { forecastBases } from "../../../src/analytics/attainment/projection";
import type { Upstream } from "../../../src/analytics/definition";

/** `{ "rep:Ben|2026-11": 400_000 }` → the refresh's forecast results with those bases. */
export function storedForecasts(bases: Record<string, number>): Upstream {
  return {
    forecast: Object.entries(bases).map(([at, baseCents]) => {
      const [scope, period] = at.split("|") as [string, string];
      return { scope, period, isDefault: false, payload: { scenarios: { baseCents } } };
    }),
  };
}

export function basesOf(bases: Record<string, number>) {
  return forecastBases(storedForecasts(bases));
}
