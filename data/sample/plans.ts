/** Monthly quotas for every rep and the managers' forecast submissions at 90, 60 and 30 days out. */
import { monthEnd, monthStart } from "./calendar";
import { AMOUNT_SIGMA, rampFactor, SEGMENT_PARAMS } from "./deals";
import type { Org, SampleRep } from "./org";
import type { Rng } from "./prng";

export interface SampleQuota {
  rep: SampleRep;
  period: string;
  amountCents: number;
}

export interface SampleForecast {
  submittedBy: string;
  scope: string;
  period: string;
  amountCents: number;
  submittedAtMinute: number;
}

/** Quotas ask a little more than an average rep is expected to book, as real plans do. */
const QUOTA_STRETCH = 1.08;
/**
 * Deal size scales with sqrt(account size), and accounts are picked in proportion to size, so the
 * mean factor is E[size^1.5] / E[size] for log-normal size (mu -0.18, sigma 0.6): exp(1.5·mu + 2.25·0.18).
 */
const SIZE_FACTOR = Math.exp(1.5 * -0.18 + 2.25 * 0.18);

export function expectedWonValue(rep: SampleRep): number {
  const p = SEGMENT_PARAMS[rep.team.segment];
  return p.winRate * p.medianAmount * Math.exp((AMOUNT_SIGMA * AMOUNT_SIGMA) / 2) * SIZE_FACTOR;
}

/**
 * A rep's quota for a month: the deals a ramped rep of their segment is expected to work that month
 * times the expected won value, stretched; new hires ramp at 25/50/75% in months 1–3. Rounded to $100.
 */
export function buildQuotas(
  org: Org,
  months: readonly string[],
  dealsPerMonth: ReadonlyMap<string, number>,
  repWeightsOf: (day: number) => number[],
): SampleQuota[] {
  const quotas: SampleQuota[] = [];
  for (const month of months) {
    const mid = monthStart(month) + 14;
    const weights = repWeightsOf(mid);
    const total = weights.reduce((a, b) => a + b, 0);
    const deals = dealsPerMonth.get(month) ?? 0;
    for (const rep of org.reps) {
      if (monthEnd(month) < rep.hireDay) continue;
      // Full-ramp share: what this rep would get at 100%, then the ramp scales it down.
      const fullShare = SEGMENT_PARAMS[rep.team.segment].volume / Math.max(total, 1e-9);
      const ramp = Math.max(rampFactor(rep, mid), 0.25);
      const dollars = deals * fullShare * ramp * expectedWonValue(rep) * QUOTA_STRETCH;
      quotas.push({ rep, period: month, amountCents: Math.round(dollars / 100) * 10_000 });
    }
  }
  return quotas;
}

/** Days before a period's end at which managers submit their forecast, and how wrong they tend to be. */
const HORIZONS: readonly { days: number; noise: number }[] = [
  { days: 90, noise: 0.12 },
  { days: 60, noise: 0.08 },
  { days: 30, noise: 0.045 },
];

/**
 * Submissions for each month whose submission date has passed, by the VP (company), the regional
 * directors (region) and team managers (team). Each manager has a personal bias (most slightly
 * optimistic, one sandbagger); error shrinks as the period nears. `bookings` holds the bookings each
 * scope will end up with in each month ("YYYY-MM|scope" → cents), from the simulated outcomes.
 */
export function buildForecasts(
  rng: Rng,
  org: Org,
  months: readonly string[],
  bookings: ReadonlyMap<string, number>,
  cutMinute: number,
): SampleForecast[] {
  const submitters: { by: string; scope: string; bias: number }[] = [
    { by: org.vp, scope: "company", bias: 0.04 },
    ...[...org.directors].map(([region, by]) => ({ by, scope: `region:${region}`, bias: 0 })),
    ...org.teams.map((t) => ({ by: t.manager, scope: `team:${t.name}`, bias: 0 })),
  ];
  submitters.forEach((s, i) => {
    if (i > 0) s.bias = i === 5 ? -0.06 : 0.03 + 0.04 * rng.next();
  });
  const forecasts: SampleForecast[] = [];
  for (const period of months) {
    for (const horizon of HORIZONS) {
      const at = (monthEnd(period) - horizon.days) * 1440 + 16 * 60 + rng.int(0, 90);
      if (at >= cutMinute) continue;
      for (const s of submitters) {
        const actual = bookings.get(`${period}|${s.scope}`) ?? 0;
        if (actual <= 0) continue;
        const error = Math.min(0.25, Math.max(-0.2, s.bias + horizon.noise * rng.normal()));
        const cents = Math.round((actual * (1 + error)) / 100_000) * 100_000; // to the $1,000
        forecasts.push({
          submittedBy: s.by,
          scope: s.scope,
          period,
          amountCents: cents,
          submittedAtMinute: at,
        });
      }
    }
  }
  return forecasts;
}
