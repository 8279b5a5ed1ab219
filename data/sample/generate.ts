/**
 * Writes the sample company's CRM exports (seven generic CSV files) into a directory. Pure and
 * deterministic: the same options give byte-identical files. Deals are simulated and written one
 * at a time, so a million of them stream to disk with bounded memory.
 */
import fs from "node:fs";
import path from "node:path";
import { buildAccounts, buildContracts } from "./accounts";
import { dayOf, isoOf, monthEnd, monthKeyOf, monthStart } from "./calendar";
import { DealSimulator, dealId, type SampleDeal } from "./deals";
import { buildOrg } from "./org";
import { buildForecasts, buildQuotas } from "./plans";
import { createRng, type Rng } from "./prng";
import { DEFAULT_PROFILE, type SampleProfile, sampleProfile } from "./profiles";
import {
  accountRow,
  contractRow,
  forecastRow,
  HEADERS,
  opportunityRow,
  quotaRow,
  repRow,
  stageHistoryRows,
} from "./rows";
import { CsvFileWriter } from "./writer";

export type SampleKind = keyof typeof HEADERS;

/** The files in the order they must be imported (later files refer to earlier ones). */
export const SAMPLE_FILES: readonly { kind: SampleKind; file: string }[] = [
  { kind: "reps", file: "reps.csv" },
  { kind: "accounts", file: "accounts.csv" },
  { kind: "contracts", file: "contracts.csv" },
  { kind: "opportunities", file: "opportunities.csv" },
  { kind: "stage-history", file: "stage-history.csv" },
  { kind: "quotas", file: "quotas.csv" },
  { kind: "forecasts", file: "forecasts.csv" },
];

export const DEFAULT_DEALS = 20_000;
export const DEFAULT_SEED = "revenue-rituals";
const WINDOW_MONTHS = 24;

export interface SampleOptions {
  outDir: string;
  deals?: number;
  seed?: string | number;
  /** the sales dynamics (profiles.ts); default "standard", the sample company */
  profile?: string;
  /** "YYYY-MM": the last month of data */
  month: string;
  /**
   * "YYYY-MM-DD": the real today. Within `month`, data stops at the start of this day; otherwise
   * the data runs to the end of `month`. So a past month always gives the same files.
   */
  today?: string;
  /** after each month of deals: how many are written, of how many */
  onProgress?: (dealsWritten: number, deals: number) => void;
}

export interface SampleResult {
  dir: string;
  /** data covers events before this date's midnight UTC */
  asOf: string;
  month: string;
  profile: string;
  files: { kind: SampleKind; file: string; rows: number }[];
}

/** The first day not covered by the data. */
export function sampleAsOfDay(month: string, today?: string): number {
  const start = monthStart(month);
  const end = monthEnd(month);
  if (today) {
    const day = dayOf(today);
    if (day >= start && day <= end) return day;
  }
  return end + 1;
}

function monthKeys(month: string, from: number, to: number): string[] {
  const keys: string[] = [];
  for (let delta = from; delta <= to; delta++) keys.push(monthKeyOf(monthStart(month, delta)));
  return keys;
}

/** A calendar month's relative deal volume under the profile's season (1 when it has none). */
function seasonOf(profile: SampleProfile, month: string): number {
  return profile.creationSeason?.[Number(month.slice(5, 7)) - 1] ?? 1;
}

/**
 * Deals created per month: in proportion to covered days, growing by the profile's monthly growth
 * (the sample: ~1.2%) and following its season; sums to `total`.
 */
function allocateDeals(
  createMonths: readonly string[],
  asOfDay: number,
  total: number,
  profile: SampleProfile,
): Map<string, number> {
  const weights = createMonths.map((m, i) => {
    const days = Math.max(0, Math.min(monthEnd(m), asOfDay - 1) - monthStart(m) + 1);
    const weight = days * profile.monthlyGrowth ** i;
    return profile.creationSeason ? weight * seasonOf(profile, m) : weight;
  });
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w / sum) * total);
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((x, i) => ({ i, r: x - Math.floor(x) }))
    .sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left-- <= 0) break;
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return new Map(createMonths.map((m, i) => [m, counts[i] ?? 0]));
}

type Writers = Record<SampleKind, CsvFileWriter>;

export async function generateSample(options: SampleOptions): Promise<SampleResult> {
  const total = options.deals ?? DEFAULT_DEALS;
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(options.month))
    throw new Error(`month "${options.month}" is not YYYY-MM`);
  if (!Number.isInteger(total) || total < 1) throw new Error(`deals "${total}" must be a positive integer`);
  const profile = sampleProfile(options.profile ?? DEFAULT_PROFILE);
  const rng = createRng(options.seed ?? DEFAULT_SEED);
  const asOfDay = sampleAsOfDay(options.month, options.today);
  fs.mkdirSync(options.outDir, { recursive: true });

  // Every step draws from the one generator in this order, which is what makes the files repeatable.
  const org = buildOrg(rng, asOfDay);
  const accounts = buildAccounts(rng, org);
  const contracts = buildContracts(rng, accounts, asOfDay);
  const writers = Object.fromEntries(
    SAMPLE_FILES.map((f) => [f.kind, new CsvFileWriter(path.join(options.outDir, f.file), HEADERS[f.kind])]),
  ) as Writers;
  for (const rep of org.reps) writers.reps.add(repRow(rep));
  for (const account of accounts) writers.accounts.add(accountRow(account));
  for (const contract of contracts) writers.contracts.add(contractRow(contract));

  const createMonths = monthKeys(options.month, -(WINDOW_MONTHS - 1 + profile.leadInMonths), 0);
  const dealsPerMonth = allocateDeals(createMonths, asOfDay, total, profile);
  const simulator = new DealSimulator(rng, org, accounts, asOfDay, profile);
  const progress = options.onProgress ?? (() => {});
  const bookings = await writeDeals(rng, simulator, dealsPerMonth, asOfDay, writers, (written) =>
    progress(written, total),
  );

  const planMonths = monthKeys(options.month, -(WINDOW_MONTHS - 1), 3);
  const expected = expectedDeals(options.month, createMonths, dealsPerMonth, planMonths, profile);
  for (const quota of buildQuotas(org, planMonths, expected, (day) => simulator.repWeights(day))) {
    writers.quotas.add(quotaRow(quota));
  }
  const forecastMonths = monthKeys(options.month, -(WINDOW_MONTHS - 1), 2);
  for (const forecast of buildForecasts(rng, org, forecastMonths, bookings, asOfDay * 1440)) {
    writers.forecasts.add(forecastRow(forecast));
  }
  for (const writer of Object.values(writers)) await writer.close();
  return {
    dir: options.outDir,
    asOf: isoOf(asOfDay),
    month: options.month,
    profile: profile.name,
    files: SAMPLE_FILES.map((f) => ({
      ...f,
      file: path.join(options.outDir, f.file),
      rows: writers[f.kind].rows,
    })),
  };
}

/**
 * Simulates and writes each month's deals, in creation order, with their stage history; calls
 * `monthDone` with the deals written so far after each month. Returns the won value booked per
 * close month and scope ("YYYY-MM|company", "|region:X", "|team:X"), which the forecasts follow.
 */
async function writeDeals(
  rng: Rng,
  simulator: DealSimulator,
  dealsPerMonth: ReadonlyMap<string, number>,
  asOfDay: number,
  writers: Writers,
  monthDone: (written: number) => void,
): Promise<Map<string, number>> {
  const bookings = new Map<string, number>();
  const book = (key: string, cents: number) => bookings.set(key, (bookings.get(key) ?? 0) + cents);
  let index = 0;
  for (const [month, count] of dealsPerMonth) {
    const first = monthStart(month);
    const days = Math.min(monthEnd(month), asOfDay - 1) - first + 1;
    const createdDays = Array.from({ length: count }, () => first + Math.floor(rng.next() * days));
    createdDays.sort((a, b) => a - b);
    const weights = simulator.repWeights(first + 14);
    let duplicateOf: SampleDeal | null = null;
    for (const createdDay of createdDays) {
      // Dirty: now and then an open deal is entered twice (same account, name, amount, close date).
      const deal: SampleDeal = duplicateOf
        ? { ...duplicateOf, id: dealId(index++) }
        : simulator.simulate(index++, createdDay, weights);
      duplicateOf = !duplicateOf && !deal.isClosed && rng.chance(0.015) ? deal : null;
      if (deal.willWin) {
        const key = monthKeyOf(deal.finalCloseDay);
        book(`${key}|company`, deal.amountCents);
        book(`${key}|region:${deal.rep.team.region}`, deal.amountCents);
        book(`${key}|team:${deal.rep.team.name}`, deal.amountCents);
      }
      const full = writers.opportunities.add(opportunityRow(deal));
      if (writers["stage-history"].add(stageHistoryRows(deal), deal.history.length) || full) {
        await writers.opportunities.flush();
        await writers["stage-history"].flush();
      }
    }
    monthDone(index);
  }
  return bookings;
}

/**
 * Deals expected per plan month, for the quotas: as created, and for months not yet (fully)
 * created the last full month's volume, grown (and moved with the season, if the profile has one).
 */
function expectedDeals(
  month: string,
  createMonths: readonly string[],
  dealsPerMonth: ReadonlyMap<string, number>,
  planMonths: readonly string[],
  profile: SampleProfile,
): Map<string, number> {
  const lastFull = createMonths.at(-2) ?? month;
  const expected = new Map(dealsPerMonth);
  for (const [i, m] of planMonths.entries()) {
    if (m >= month) {
      const ahead = i - planMonths.indexOf(lastFull);
      const grown = (dealsPerMonth.get(lastFull) ?? 0) * profile.monthlyGrowth ** ahead;
      expected.set(
        m,
        profile.creationSeason ? (grown * seasonOf(profile, m)) / seasonOf(profile, lastFull) : grown,
      );
    }
  }
  return expected;
}
