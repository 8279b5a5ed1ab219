/**
 * Checking a refresh's results before they are stored: one result per scope and period, at most one
 * default period per scope, and every payload valid against its analysis's schema. A failure is a
 * bug in that analysis: the refresh stores nothing.
 *
 * The schema check is most of the cost (on the 20,000-deal sample ~0.3 s of zod for 1,106 payloads,
 * a fifth of the refresh), and nothing computed later depends on it: with a large enough dataset it
 * runs on a second thread (payload-check-worker.ts) while this one computes the next analyses, and
 * the refresh waits for its verdict before it stores anything. The thread takes the analyses in the
 * order they were computed; once this thread has computed the last, it checks those the other has
 * not started yet, latest first, so the two finish the backlog together. Either way what is stored
 * is the payload as the schema reads it back from JSON, the form readers get.
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
  /**
   * Waits for every check; the rows to store in the order added, each analysis's bytes, and how many
   * analyses were checked on this thread; throws the first failure.
   */
  finish(): CheckedPayloads;
  close(): void;
}

export interface CheckedPayloads {
  stored: NewAnalysis[];
  bytes: Map<AnalysisName, number>;
  checkedHere: number;
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
    // without zod's compiled fast path (a function generated per object schema): a refresh reads
    // each schema's payloads back once, too few reads for building it to pay (the sample's 1,106
    // payloads read back in ~0.09 s less CPU without it: farm-bench, 11 pairs, ×0.84 for a process
    // doing only that)
    const parsed = schema.safeParse(JSON.parse(json), { jitless: true });
    if (!parsed.success)
      throw new Error(`${wheres[i]}: payload does not match its schema: ${zodIssues(parsed.error)}`);
    return JSON.stringify(parsed.data);
  });
}

interface Pending {
  def: AnyDefinition;
  results: readonly AnalysisResult<unknown>[];
  wheres: string[];
  /** the payloads' JSON while the checking thread may leave them to this one */
  jsons: string[] | null;
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

/**
 * The checking thread's answer to request `id`: the checked JSON, the first failure, or `taken`
 * when the refresh's thread had claimed the request first (see claimCheck).
 */
export type CheckReply =
  | { id: number; jsons: string[] }
  | { id: number; error: string }
  | { id: number; taken: true };

/** What the checking thread is given. */
export interface CheckWorkerData {
  port: MessagePort;
  /** [replies posted], shared with the refresh's thread */
  posted: SharedArrayBuffer;
  /** one Int32 per request id below MAX_CLAIMS: 0 while unclaimed (see claimCheck) */
  claims: SharedArrayBuffer;
}

/** Requests beyond this many are always checked by the thread they were sent to. */
const MAX_CLAIMS = 256;

/**
 * Claims request `id` for one of the two threads: true for the first to ask, false for the other
 * (which then leaves it alone). Requests past MAX_CLAIMS belong to the checking thread.
 */
export function claimCheck(claims: Int32Array, id: number, by: "worker" | "refresh"): boolean {
  if (id >= claims.length) return by === "worker";
  return Atomics.compareExchange(claims, id, 0, by === "worker" ? 1 : 2) === 0;
}

/** Longest wait for one analysis's verdict before checking it on this thread instead. */
const REPLY_TIMEOUT_MS = 30_000;

/**
 * The checker for a refresh over `deals` deals: on a second thread from CHECK_THREAD_MIN_DEALS (below
 * that the thread's start costs more than it saves), on this one otherwise or when asked.
 */
export function payloadChecker(
  deals: number,
  options: {
    thread?: boolean;
    /** whether this thread checks, at the end, what the checking thread has not started (default true) */
    shareTail?: boolean;
  } = {},
): PayloadChecker {
  const thread = options.thread ?? deals >= CHECK_THREAD_MIN_DEALS;
  return thread ? new ThreadChecker(options.shareTail ?? true) : new InlineChecker();
}

/** The sample has 20,000 deals; a test's handful of deals checks faster than a thread starts. */
export const CHECK_THREAD_MIN_DEALS = 5_000;

class InlineChecker implements PayloadChecker {
  protected readonly pending: Pending[] = [];
  /** analyses checked on this thread */
  protected checkedHere = 0;

  add(def: AnyDefinition, results: readonly AnalysisResult<unknown>[]): void {
    checkKeys(def, results);
    const wheres = results.map((r) => whereOf(def, r));
    const p: Pending = { def, results, wheres, jsons: null, checked: null };
    this.pending.push(p);
    this.send(p, this.pending.length - 1, jsonOf(results));
  }

  /** checks here; the threaded checker sends instead */
  protected send(p: Pending, _id: number, jsons: string[]): void {
    this.checkHere(p, jsons);
  }

  protected checkHere(p: Pending, jsons: string[]): string[] {
    p.checked = checkPayloadJson(p.def.schema, p.wheres, jsons);
    p.jsons = null;
    this.checkedHere++;
    return p.checked;
  }

  /** waits for the verdicts still out (none here) */
  protected await(): void {}

  finish(): CheckedPayloads {
    this.await();
    const stored: NewAnalysis[] = [];
    const bytes = new Map<AnalysisName, number>();
    for (const p of this.pending) {
      // no verdict from the thread in time: checked here
      const checked = p.checked ?? this.checkHere(p, p.jsons ?? jsonOf(p.results));
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
    return { stored, bytes, checkedHere: this.checkedHere };
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
  private readonly claims = new Int32Array(new SharedArrayBuffer(4 * MAX_CLAIMS));
  /** ids sent to the thread and not yet answered or taken back */
  private readonly out = new Set<number>();
  private sent = 0;
  private received = 0;

  constructor(private readonly shareTail: boolean) {
    super();
    const { port1, port2 } = new MessageChannel();
    const posted = new SharedArrayBuffer(4);
    this.replies = new CountedPort(port1, posted);
    const workerData: CheckWorkerData = {
      port: port2,
      posted,
      claims: this.claims.buffer as SharedArrayBuffer,
    };
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
    // the thread gets its own copy; this one keeps its own until the answer, to check them here
    // should the thread not have started on them by the time the last analysis is computed
    const request: CheckRequest = { id, name: p.def.name, wheres: p.wheres, jsons };
    this.replies.port.postMessage(request);
    if (id < MAX_CLAIMS) p.jsons = jsons;
    this.out.add(id);
    this.sent++;
  }

  protected override await(): void {
    // latest first: the thread works from the oldest, so each takes the other end of the backlog
    const ids = this.shareTail ? [...this.out].sort((a, b) => b - a) : [];
    for (const id of ids) {
      this.takeReplies(false);
      if (!this.out.has(id) || !claimCheck(this.claims, id, "refresh")) continue;
      this.checkHere(this.pending[id] as Pending, (this.pending[id] as Pending).jsons as string[]);
      this.out.delete(id);
    }
    this.takeReplies(true);
  }

  /** takes the thread's replies there are (or, with `wait`, every one still due) */
  private takeReplies(wait: boolean): void {
    while (this.received < this.sent) {
      const reply = this.replies.receive(wait ? REPLY_TIMEOUT_MS : 0) as CheckReply | undefined;
      if (reply === undefined) return;
      this.received++;
      if ("taken" in reply) continue;
      const p = this.pending[reply.id] as Pending;
      this.out.delete(reply.id);
      p.jsons = null;
      if ("error" in reply) throw new Error(reply.error);
      p.checked = reply.jsons;
    }
  }

  override close(): void {
    this.replies.port.close();
    void this.worker.terminate();
  }
}
