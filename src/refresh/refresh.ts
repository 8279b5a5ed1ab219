/**
 * A refresh: load the CRM model once, prepare the shared indexes, compute every analysis, check
 * every payload against its schema, and store the lot in one transaction. A payload that fails its
 * schema is a bug in that analysis: the refresh stores nothing and records a failed run instead.
 * The schema check runs on a second thread while the next analyses compute (payload-check.ts).
 */

import type { AnalysisDefinition, AnalysisName, Upstream } from "../analytics/definition";
import { analysisContext, type Settings } from "../analytics/prepare/context";
import { type Prepared, prepare } from "../analytics/prepare/prepare";
import { ANALYSES } from "../analytics/registry";
import type { Config } from "../config";
import type { ForecastSnapshot } from "../domain/crm";
import { AppError } from "../errors";
import { recordFailedRefresh, saveRefresh } from "../store/analyses-repository";
import { dealsToLoad, loadDataset } from "../store/dataset-repository";
import type { Db } from "../store/db";
import { checkAsOf } from "./as-of-rule";
import { type PayloadChecker, payloadChecker } from "./payload-check";

export interface RefreshOptions {
  /** the clock: when the refresh starts and finishes, and the default as-of instant */
  now: () => Date;
  /** the instant to compute for; default now() */
  asOf?: Date;
  config: Pick<Config, "WORKSPACE_TIMEZONE" | "FISCAL_YEAR_START_MONTH" | "CURRENCY"> &
    Partial<Pick<Config, "REVIEW_BUSINESS_DAYS">>;
  settings?: Partial<Settings>;
  /** the analyses to run; default every registered one (tests substitute their own) */
  // biome-ignore lint/suspicious/noExplicitAny: each definition carries its own payload type
  analyses?: readonly AnalysisDefinition<any>[];
  /** after each step (loading, each analysis, saving): for a progress line */
  onStep?: (step: string, done: number, total: number) => void;
  /** check payloads on a second thread (default: from CHECK_THREAD_MIN_DEALS deals; payload-check.ts) */
  checkThread?: boolean;
}

export interface RefreshSummary {
  refreshId: number;
  asOf: string;
  importId: number | null;
  startedAt: string;
  finishedAt: string;
  /** loading the dataset and building the shared indexes */
  loadMs: number;
  /** waiting, after the last analysis, for the payloads' schema check (payload-check.ts) */
  checkMs: number;
  saveMs: number;
  totalMs: number;
  analyses: { name: AnalysisName; documents: number; bytes: number; ms: number }[];
  snapshots: number;
}

export class RefreshError extends AppError {
  constructor(
    message: string,
    readonly refreshId: number,
  ) {
    super("refresh_failed", message);
    this.name = "RefreshError";
  }
}

/**
 * The analyses in an order where each comes after those it reads (`needs`), otherwise as given;
 * a needed analysis missing from the list is added from the registry (and stored like the others).
 */
// biome-ignore lint/suspicious/noExplicitAny: each definition carries its own payload type
export function inComputeOrder(defs: readonly AnalysisDefinition<any>[]): AnalysisDefinition<any>[] {
  // biome-ignore lint/suspicious/noExplicitAny: each definition carries its own payload type
  const ordered: AnalysisDefinition<any>[] = [];
  const placing = new Set<AnalysisName>();
  // biome-ignore lint/suspicious/noExplicitAny: each definition carries its own payload type
  const place = (def: AnalysisDefinition<any>) => {
    if (ordered.includes(def)) return;
    if (placing.has(def.name)) throw new Error(`${def.name}: analyses that need each other`);
    placing.add(def.name);
    for (const name of def.needs ?? []) place(defs.find((d) => d.name === name) ?? ANALYSES[name]);
    ordered.push(def);
  };
  for (const def of defs) place(def);
  return ordered;
}

export function refresh(db: Db, options: RefreshOptions): RefreshSummary {
  const started = performance.now();
  const startedAt = options.now().toISOString();
  const asOf = options.asOf ?? options.now();
  if (Number.isNaN(asOf.getTime())) throw new Error("refresh: the as-of instant is not a valid date");
  let importId: number | null = null;
  const definitions = inComputeOrder(options.analyses ?? Object.values(ANALYSES));
  const steps = definitions.length + 2;
  let checker: PayloadChecker | null = null;
  try {
    options.onStep?.("loading the CRM data", 0, steps);
    // started before the load, so that the checking thread's own start (loading zod and the
    // schemas, ~0.1 s) runs on the second core while this one reads the data
    checker = payloadChecker(dealsToLoad(db), { thread: options.checkThread });
    const dataset = loadDataset(db);
    importId = dataset.importId;
    checkAsOf(dataset, asOf, options.config.WORKSPACE_TIMEZONE, options.asOf === undefined);
    const ctx = analysisContext(asOf, {
      timeZone: options.config.WORKSPACE_TIMEZONE,
      fiscalStartMonth: options.config.FISCAL_YEAR_START_MONTH,
      currency: options.config.CURRENCY,
      reviewBusinessDays: options.config.REVIEW_BUSINESS_DAYS,
      settings: options.settings,
    });
    const prepared = prepare(dataset, ctx);
    const loadMs = performance.now() - started;
    options.onStep?.("CRM data loaded", 1, steps);

    const { snapshots, timings } = computeAll(definitions, prepared, checker, (name, done) =>
      options.onStep?.(name, done + 1, steps),
    );
    const tc = performance.now();
    const { stored, bytes } = checker.finish();
    checker.close();
    for (const t of timings) t.bytes = bytes.get(t.name) ?? 0;
    const checkMs = performance.now() - tc;

    const t1 = performance.now();
    const finishedAt = options.now().toISOString();
    const refreshId = saveRefresh(db, { asOf: ctx.asOf, importId, startedAt, finishedAt }, stored, snapshots);
    const saveMs = performance.now() - t1;
    options.onStep?.("saved", steps, steps);
    return {
      refreshId,
      asOf: ctx.asOf,
      importId,
      startedAt,
      finishedAt,
      loadMs,
      checkMs,
      saveMs,
      totalMs: performance.now() - started,
      analyses: timings,
      snapshots: snapshots.length,
    };
  } catch (error) {
    checker?.close();
    checker = null;
    const message = (error as Error).message;
    const refreshId = recordFailedRefresh(db, {
      asOf: asOf.toISOString(),
      importId,
      startedAt,
      finishedAt: options.now().toISOString(),
      message,
    });
    throw new RefreshError(`refresh failed, nothing stored: ${message}`, refreshId);
  }
}

/** Compute each analysis in order, handing each payload to the checker as soon as it exists. */
function computeAll(
  // biome-ignore lint/suspicious/noExplicitAny: each definition carries its own payload type
  definitions: readonly AnalysisDefinition<any>[],
  prepared: Prepared,
  checker: PayloadChecker,
  onComputed: (name: AnalysisName, done: number) => void,
): { snapshots: ForecastSnapshot[]; timings: RefreshSummary["analyses"] } {
  const snapshots: ForecastSnapshot[] = [];
  const timings: RefreshSummary["analyses"] = [];
  const upstream: Upstream = {};
  for (const def of definitions) {
    const t0 = performance.now();
    const output = def.compute(prepared, upstream);
    upstream[def.name] = output.results;
    checker.add(def, output.results);
    if (output.snapshots) snapshots.push(...output.snapshots);
    timings.push({ name: def.name, documents: output.results.length, bytes: 0, ms: performance.now() - t0 });
    onComputed(def.name, timings.length);
  }
  return { snapshots, timings };
}
