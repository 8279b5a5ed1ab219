/**
 * Computing part of a refresh's analyses on a second thread. The machine has two cores, and
 * between loading the data and saving, a refresh was one thread computing nine analyses in turn:
 * on the 20,000-deal sample most of its time. The forecast and the analyses reading its backtest
 * (forecast accuracy) or its results (attainment) stay on this thread, about half the work; the
 * other six go to the second thread, which first has to take in its copy of the data.
 *
 * The thread is given the loaded dataset (a copy, so its data is exactly what this thread loaded,
 * whatever an import commits meanwhile) and the analysis context, prepares its own indexes and
 * sends each analysis's results as it finishes. The results are the same as on one thread: the
 * same code on the same data. A copy of the dataset doubles its memory, and taking it in costs the
 * thread ~7 µs a deal (0.8 s at 200,000 deals, where it then saves little), so the thread is used
 * only up to COMPUTE_THREAD_MAX_DEALS deals.
 */
import { MessageChannel, type Worker } from "node:worker_threads";
import type { AnalysisDefinition, AnalysisOutput, AnalysisResult } from "../analytics/definition";
import type { AnalysisContext } from "../analytics/prepare/context";
import { ANALYSES } from "../analytics/registry";
import type { AnalysisName } from "../domain/analyses/catalog";
import type { Dataset, ForecastSnapshot } from "../domain/crm";
import type { DatasetColumns } from "../store/dataset-repository";
import { CountedPort, startWorkerModule } from "../store/worker-module";
import { jsonOf } from "./payload-check";

// biome-ignore lint/suspicious/noExplicitAny: each definition carries its own payload type
type AnyDefinition = AnalysisDefinition<any>;

/** The analyses kept on this thread: the forecast, its backtest's reader and its results' reader. */
export const KEPT_HERE: readonly AnalysisName[] = ["forecast", "attainment", "forecast-accuracy"];

/** Below this many deals the thread's start (~0.1 s) costs more than it saves. */
export const COMPUTE_THREAD_MIN_DEALS = 5_000;
/** Above this, the dataset's copy costs more than the thread saves, and memory (at 1M deals ~400 MB). */
export const COMPUTE_THREAD_MAX_DEALS = 100_000;

/** Longest wait for the thread's next analysis before the refresh gives up on it. */
const REPLY_TIMEOUT_MS = 600_000;

/** What the thread is sent: the dataset (history as columns only) and the context. */
export interface ComputeRequest {
  dataset: DatasetColumns;
  ctx: AnalysisContext;
  names: AnalysisName[];
}

/**
 * One analysis computed on the thread: its results without their payloads, each payload's JSON
 * (made there, which is what the refresh needs of them, rather than copied here as objects to be
 * made into JSON here), its snapshots and time; or the first failure there.
 */
export type ComputeReply =
  | {
      name: AnalysisName;
      results: AnalysisResult<undefined>[];
      jsons: string[];
      snapshots: ForecastSnapshot[];
      ms: number;
    }
  | { error: string };

/** What the thread sends of an analysis's output. */
export function replyOf(name: AnalysisName, output: AnalysisOutput<unknown>, ms: number): ComputeReply {
  return {
    name,
    results: output.results.map((r) => ({
      scope: r.scope,
      period: r.period,
      isDefault: r.isDefault,
      payload: undefined,
    })),
    jsons: jsonOf(output.results),
    snapshots: output.snapshots ?? [],
    ms,
  };
}

export interface ComputeWorkerData {
  port: import("node:worker_threads").MessagePort;
  /** [replies posted], shared with the refresh's thread */
  posted: SharedArrayBuffer;
}

/**
 * How a refresh's analyses divide between this thread and the second one: every analysis the
 * thread computes is the registry's own (a test's substitute cannot cross threads), and none left
 * here needs one computed there. Null when they cannot be divided: all are computed here.
 */
export function divideAnalyses(
  definitions: readonly AnyDefinition[],
): { here: AnyDefinition[]; there: AnyDefinition[] } | null {
  const here = definitions.filter((d) => KEPT_HERE.includes(d.name));
  const there = definitions.filter((d) => !KEPT_HERE.includes(d.name));
  if (there.length === 0 || there.some((d) => d !== ANALYSES[d.name])) return null;
  const thereNames = new Set(there.map((d) => d.name));
  if (here.some((d) => (d.needs ?? []).some((n) => thereNames.has(n)))) return null;
  if (there.some((d) => (d.needs ?? []).some((n) => !thereNames.has(n)))) return null;
  return { here, there };
}

/** Whether a refresh over `deals` deals uses the thread (unless told). */
export function usesComputeThread(deals: number, asked?: boolean): boolean {
  return asked ?? (deals >= COMPUTE_THREAD_MIN_DEALS && deals <= COMPUTE_THREAD_MAX_DEALS);
}

/** The dataset without its row-object views of the history (the thread rebuilds them from the columns). */
function columnsOnly(dataset: Dataset): DatasetColumns {
  const { reps, accounts, contracts, deals, quotas, submissions, snapshots, importId, historyColumns } =
    dataset;
  if (!historyColumns) throw new Error("the compute thread needs the history as columns");
  return { reps, accounts, contracts, deals, quotas, submissions, snapshots, importId, historyColumns };
}

/** The second thread: started before the load (its start then costs nothing), sent work after it. */
export class ComputeThread {
  private readonly replies: CountedPort;
  private readonly worker: Worker;
  private names: AnalysisName[] = [];

  constructor() {
    const { port1, port2 } = new MessageChannel();
    const posted = new SharedArrayBuffer(4);
    this.replies = new CountedPort(port1, posted);
    const workerData: ComputeWorkerData = { port: port2, posted };
    this.worker = startWorkerModule(import.meta.url, "compute-thread-worker", {
      workerData,
      transferList: [port2],
    });
    this.worker.unref();
  }

  /** starts computing `there` (registry analyses, in order) over a copy of `dataset` */
  start(dataset: Dataset, ctx: AnalysisContext, there: readonly AnyDefinition[]): void {
    this.names = there.map((d) => d.name);
    const request: ComputeRequest = { dataset: columnsOnly(dataset), ctx, names: this.names };
    this.replies.port.postMessage(request);
  }

  /** waits for each analysis in turn; throws the thread's failure as this thread would have */
  *outputs(): Generator<{
    def: AnyDefinition;
    results: AnalysisResult<undefined>[];
    jsons: string[];
    snapshots: ForecastSnapshot[];
    ms: number;
  }> {
    for (const name of this.names) {
      const reply = this.replies.receive(REPLY_TIMEOUT_MS) as ComputeReply | undefined;
      if (reply === undefined) throw new Error(`the second compute thread stopped answering before ${name}`);
      if ("error" in reply) throw new Error(reply.error);
      if (reply.name !== name) throw new Error(`the second compute thread sent ${reply.name} for ${name}`);
      yield { ...reply, def: ANALYSES[name] };
    }
  }

  close(): void {
    this.replies.port.close();
    void this.worker.terminate();
  }
}
