/**
 * Generator profiles: the same company with different sales dynamics, so a forecast method can be
 * checked on orgs unlike the sample (a method tuned to one org's rhythm may not beat the naive run
 * rate on another's). `standard` is the sample itself and draws exactly as it always has, so its
 * files stay byte-identical; every other profile changes the simulation for real.
 */

export interface SampleProfile {
  name: string;
  /** one line for `--help` and the README */
  summary: string;
  /** deals created per month grow by this factor each month */
  monthlyGrowth: number;
  /** months of deal creation before the 24-month window, so its first months have closings too */
  leadInMonths: number;
  /** multiplies each segment's median sales cycle (stage durations stretch with it) */
  cycleFactor: number;
  /** the longest sales cycle, in days */
  maxCycleDays: number;
  /** chance of 0, 1, 2, … close-date pushes per deal */
  pushCountWeights: readonly number[];
  /** each push moves the expected close date by this many days (inclusive range) */
  slipDays: readonly [number, number];
  /**
   * false: pushes only walk an early first estimate towards the deal's real close (the sample);
   * true: the rep's first estimate is the natural close and each push delays the real close.
   */
  slipsDelayClose: boolean;
  /** relative volume of deals created in each calendar month (January first); null = flat */
  creationSeason: readonly number[] | null;
  /** a win this many days or fewer before its quarter's end may be pulled into the quarter's last days */
  quarterEndWindowDays: number;
  /** the chance of that pull, in Q1–Q3 and in Q4 (year end) */
  quarterEndPull: number;
  yearEndPull: number;
  /** the chance a win due in July or August waits for September (the slow summer) */
  summerSlip: number;
}

const STANDARD: SampleProfile = {
  name: "standard",
  summary: "the sample company: 38/70-day median cycles, few slips, ~1.2%/month growth",
  monthlyGrowth: 1.012,
  leadInMonths: 2,
  cycleFactor: 1,
  maxCycleDays: 420,
  pushCountWeights: [0.6, 0.24, 0.11, 0.05],
  slipDays: [7, 40],
  slipsDelayClose: false,
  creationSeason: null,
  quarterEndWindowDays: 45,
  quarterEndPull: 0.35,
  yearEndPull: 0.35,
  summerSlip: 0,
};

export const SAMPLE_PROFILES: Readonly<Record<string, SampleProfile>> = {
  standard: STANDARD,
  "slow-cycles": {
    ...STANDARD,
    name: "slow-cycles",
    summary: "cycles 2.5× as long (95/175 days): stages last longer, deals close later",
    cycleFactor: 2.5,
    maxCycleDays: 720,
    leadInMonths: 9,
  },
  slips: {
    ...STANDARD,
    name: "slips",
    summary: "most deals push their close date 1–4 times by 2–7 weeks and close that late",
    pushCountWeights: [0.15, 0.25, 0.27, 0.2, 0.13],
    slipDays: [14, 50],
    slipsDelayClose: true,
    leadInMonths: 4,
  },
  growth: {
    ...STANDARD,
    name: "growth",
    summary: "deal volume and bookings grow ~5% a month (about 3.5× in two years)",
    monthlyGrowth: 1.05,
  },
  seasonal: {
    ...STANDARD,
    name: "seasonal",
    summary: "quarter-end and year-end spikes and a slow summer (July, August)",
    creationSeason: [0.95, 1, 1.05, 1, 1, 0.85, 0.6, 0.55, 1.05, 1.1, 1.15, 0.85],
    quarterEndWindowDays: 45,
    quarterEndPull: 0.5,
    yearEndPull: 0.7,
    summerSlip: 0.4,
  },
};

export const DEFAULT_PROFILE = "standard";
export const PROFILE_NAMES = Object.keys(SAMPLE_PROFILES);

/** The named profile, or an error that lists the ones there are. */
export function sampleProfile(name: string): SampleProfile {
  const profile = Object.hasOwn(SAMPLE_PROFILES, name) ? SAMPLE_PROFILES[name] : undefined;
  if (!profile) throw new Error(`profile "${name}" is not one of: ${PROFILE_NAMES.join(", ")}`);
  return profile;
}
