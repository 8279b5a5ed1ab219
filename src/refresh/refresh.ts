/**
 * A refresh: load the CRM model once, prepare the shared indexes, compute every analysis, check
 * every payload against its schema, and store the lot in one transaction. A payload that fails its
 * schema is a bug in that analysis: the refresh stores nothing and records a failed run instead.
 */

import type { AnalysisDefinition, AnalysisName, AnalysisResult, Upstream } from "../analytics/definition";
import { analysisContext, type Settings } from "../analytics/prepare/context";
import { prepare } from "../analytics/prepare/prepare";
import { ANALYSES } from "../analytics/registry";
import type { Config } from "../config";
import type { ForecastSnapshot } from "../domain/crm";
import { AppError } from "../errors";
import { type NewAnalysis, recordFailedRefresh, saveRefresh } from "../store/analyses-repository";
import { loadDataset } from "../store/dataset-repository";
import type { Db } from "../store/db";
import { checkAsOf } from "./as-of-rule";

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
}

export interface RefreshSummary {
  refreshId: number;
  asOf: string;
  importId: number | null;
  startedAt: string;
  finishedAt: string;
  /** loading the dataset and building the shared indexes */
  loadMs: number;
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

function zodIssues(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join(".") || "(payload)"}: ${i.message}`)
    .join("; ");
}

/**
 * Checks one analysis's results (one per scope and period, at most one default period per scope,
 * each payload valid against its schema) and appends them to `stored` as JSON. Returns the bytes.
 */
function checkResults(
  // biome-ignore lint/suspicious/noExplicitAny: each definition carries its own payload type
  def: AnalysisDefinition<any>,
  results: readonly AnalysisResult<unknown>[],
  stored: NewAnalysis[],
): number {
  const seen = new Set<string>();
  const defaults = new Set<string>();
  let bytes = 0;
  for (const r of results) {
    const where = `${def.name} ${r.scope} ${r.period}`;
    const key = `${r.scope.toLowerCase()}\u0000${r.period.toLowerCase()}`;
    if (seen.has(key)) throw new Error(`${where}: computed twice`);
    seen.add(key);
    if (r.isDefault) {
      if (defaults.has(r.scope.toLowerCase()))
        throw new Error(`${where}: a second default period for the scope`);
      defaults.add(r.scope.toLowerCase());
    }
    const parsed = def.schema.safeParse(r.payload);
    if (!parsed.success)
      throw new Error(`${where}: payload does not match its schema: ${zodIssues(parsed.error)}`);
    const payloadJson = JSON.stringify(parsed.data);
    bytes += payloadJson.length;
    stored.push({
      name: def.name,
      scope: r.scope,
      period: r.period,
      isDefault: r.isDefault,
      definitionVersion: def.definitionVersion,
      payloadJson,
    });
  }
  return bytes;
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
  try {
    options.onStep?.("loading the CRM data", 0, steps);
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

    const stored: NewAnalysis[] = [];
    const snapshots: ForecastSnapshot[] = [];
    const timings: RefreshSummary["analyses"] = [];
    const upstream: Upstream = {};
    for (const def of definitions) {
      const t0 = performance.now();
      const output = def.compute(prepared, upstream);
      upstream[def.name] = output.results;
      const bytes = checkResults(def, output.results, stored);
      if (output.snapshots) snapshots.push(...output.snapshots);
      timings.push({ name: def.name, documents: output.results.length, bytes, ms: performance.now() - t0 });
      options.onStep?.(def.name, timings.length + 1, steps);
    }

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
      saveMs,
      totalMs: performance.now() - started,
      analyses: timings,
      snapshots: snapshots.length,
    };
  } catch (error) {
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
