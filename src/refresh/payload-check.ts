/**
 * Checking a refresh's results before they are stored: one result per scope and period, at most one
 * default period per scope, and every payload valid against its analysis's schema. A failure is a
 * bug in that analysis: the refresh stores nothing.
 *
 * The schema check is most of the cost (on the 20,000-deal sample ~0.3 s of zod for 1,106 payloads,
 * a fifth of the refresh), and nothing computed later depends on it: with a large enough dataset it
 * runs on a second thread (payload-check-worker.ts) while this one computes the next analyses, and
 * the refresh waits for its verdict before it stores anything. Either way what is stored is the
 * payload as the schema reads it back from JSON, the form readers get.
 */
import { MessageChannel, type MessagePort, type Worker } from "node:worker_threads";
import type { AnalysisDefinition, AnalysisResult } from "../analytics/definition";
import { ANALYSIS_SPECS, type AnalysisName } from "../domain/analyses/catalog";
import type { NewAnalysis } from "../store/analyses-repository";
import { CountedPort, startWorkerModule } from "../store/worker-module";

// biome-ignore lint/suspicious/noExplicitAny: each definition carries its own payload type
type AnyDefinition = AnalysisDefinition<any>;

export interface PayloadChecker {
  /** checks one analysis's results (the schema check now, or on the checking thread) */
  add(def: AnyDefinition, results: readonly AnalysisResult<unknown>[]): void;
  /** waits for every check; the rows to store in the order added, and each analysis's bytes; throws the first failure */
  finish(): { stored: NewAnalysis[]; bytes: Map<AnalysisName, number> };
  close(): void;
}

const jsonOf = (results: readonly AnalysisResult<unknown>[]) => results.map((r) => JSON.stringify(r.payload));

/** Where a payload is: "forecast team:West 2026-12". */
function whereOf(def: AnyDefinition, r: AnalysisResult<unknown>): string {
  return `${def.name} ${r.scope} ${r.period}`;
}

/** One result per scope and period, at most one default period per scope. */
function checkKeys(def: AnyDefinition, results: readonly AnalysisResult<unknown>[]): void {
  const seen = new Set<string>();
  const defaults = new Set<string>();
  for (const r of results) {
    const where = whereOf(def, r);
    const key = `${r.scope.toLowerCase()}\u0000${r.period.toLowerCase()}`;
    if (seen.has(key)) throw new Error(`${where}: computed twice`);
    seen.add(key);
    if (r.isDefault) {
      if (defaults.has(r.scope.toLowerCase()))
        throw new Error(`${where}: a second default period for the scope`);
      defaults.add(r.scope.toLowerCase());
    }
  }
}

function zodIssues(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join(".") || "(payload)"}: ${i.message}`)
    .join("; ");
}

/**
 * The payloads (as JSON) as the schema reads them back, as JSON; throws naming the first that fails.
 * What the checking thread runs, and this thread when there is none.
 */
export function checkPayloadJson(
  schema: AnyDefinition["schema"],
  wheres: readonly string[],
  jsons: readonly string[],
): string[] {
  return jsons.map((json, i) => {
    const parsed = schema.safeParse(JSON.parse(json));
    if (!parsed.success)
      throw new Error(`${wheres[i]}: payload does not match its schema: ${zodIssues(parsed.error)}`);
    return JSON.stringify(parsed.data);
  });
}

interface Pending {
  def: AnyDefinition;
  results: readonly AnalysisResult<unknown>[];
  wheres: string[];
  /** the checked JSON, once known */
  checked: string[] | null;
}

/** A request to the checking thread: one analysis's payloads. */
export interface CheckRequest {
  id: number;
  name: AnalysisName;
  wheres: string[];
  jsons: string[];
}

/** The checking thread's answer to request `id`. */
export type CheckReply = { id: number; jsons: string[] } | { id: number; error: string };

/** What the checking thread is given. */
export interface CheckWorkerData {
  port: MessagePort;
  /** [replies posted], shared with the refresh's thread */
  posted: SharedArrayBuffer;
}

/** Longest wait for one analysis's verdict before checking it on this thread instead. */
const REPLY_TIMEOUT_MS = 30_000;

/**
 * The checker for a refresh over `deals` deals: on a second thread from CHECK_THREAD_MIN_DEALS (below
 * that the thread's start costs more than it saves), on this one otherwise or when asked.
 */
export function payloadChecker(deals: number, options: { thread?: boolean } = {}): PayloadChecker {
  const thread = options.thread ?? deals >= CHECK_THREAD_MIN_DEALS;
  return thread ? new ThreadChecker() : new InlineChecker();
}

/** The sample has 20,000 deals; a test's handful of deals checks faster than a thread starts. */
export const CHECK_THREAD_MIN_DEALS = 5_000;

class InlineChecker implements PayloadChecker {
  protected readonly pending: Pending[] = [];

  add(def: AnyDefinition, results: readonly AnalysisResult<unknown>[]): void {
    checkKeys(def, results);
    const wheres = results.map((r) => whereOf(def, r));
    const p: Pending = { def, results, wheres, checked: null };
    this.pending.push(p);
    this.send(p, this.pending.length - 1, jsonOf(results));
  }

  /** checks here; the threaded checker sends instead */
  protected send(p: Pending, _id: number, jsons: string[]): void {
    p.checked = checkPayloadJson(p.def.schema, p.wheres, jsons);
  }

  /** waits for the verdicts still out (none here) */
  protected await(): void {}

  finish(): { stored: NewAnalysis[]; bytes: Map<AnalysisName, number> } {
    this.await();
    const stored: NewAnalysis[] = [];
    const bytes = new Map<AnalysisName, number>();
    for (const p of this.pending) {
      // no verdict from the thread in time: checked here
      const checked = p.checked ?? checkPayloadJson(p.def.schema, p.wheres, jsonOf(p.results));
      let n = 0;
      p.results.forEach((r, i) => {
        const payloadJson = checked[i] as string;
        n += payloadJson.length;
        stored.push({
          name: p.def.name,
          scope: r.scope,
          period: r.period,
          isDefault: r.isDefault,
          definitionVersion: p.def.definitionVersion,
          payloadJson,
        });
      });
      bytes.set(p.def.name, (bytes.get(p.def.name) ?? 0) + n);
    }
    return { stored, bytes };
  }

  close(): void {}
}

/**
 * Sends each analysis whose schema is its catalogue entry's to the checking thread (an analysis a
 * test substitutes, with a schema of its own, is checked here). Replies are read synchronously, as
 * the range reader's are: the thread bumps a shared counter after each, this one sleeps on it.
 */
class ThreadChecker extends InlineChecker {
  private readonly replies: CountedPort;
  private readonly worker: Worker;
  private sent = 0;
  private received = 0;

  constructor() {
    super();
    const { port1, port2 } = new MessageChannel();
    const posted = new SharedArrayBuffer(4);
    this.replies = new CountedPort(port1, posted);
    const workerData: CheckWorkerData = { port: port2, posted };
    this.worker = startWorkerModule(import.meta.url, "payload-check-worker", {
      workerData,
      transferList: [port2],
      // small generations: with V8's defaults the thread held ~50 MB, which at 1M deals took the
      // refresh past its 1 GB budget; one analysis's payloads are at most a few MB
      resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 128 },
    });
    this.worker.unref();
  }

  protected override send(p: Pending, id: number, jsons: string[]): void {
    if (p.def.schema !== ANALYSIS_SPECS[p.def.name]?.schema) {
      super.send(p, id, jsons);
      return;
    }
    // the thread gets its own copy: this one keeps no JSON until the answer
    const request: CheckRequest = { id, name: p.def.name, wheres: p.wheres, jsons };
    this.replies.port.postMessage(request);
    this.sent++;
  }

  protected override await(): void {
    while (this.received < this.sent) {
      const reply = this.replies.receive(REPLY_TIMEOUT_MS) as CheckReply | undefined;
      if (reply === undefined) return;
      this.received++;
      const p = this.pending[reply.id] as Pending;
      if ("error" in reply) throw new Error(reply.error);
      p.checked = reply.jsons;
    }
  }

  override close(): void {
    this.replies.port.close();
    void this.worker.terminate();
  }
}
