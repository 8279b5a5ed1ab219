/**
 * The refresh's second compute thread (see compute-thread.ts): prepares its own indexes over the
 * dataset it is sent, computes the analyses it is asked for in order, and sends each one's results
 * as soon as they exist, or the first failure. Loaded as CommonJS from source (see
 * startWorkerModule): no top-level await.
 */
import { workerData } from "node:worker_threads";
import type { Upstream } from "../analytics/definition";
import { prepare } from "../analytics/prepare/prepare";
import { ANALYSES } from "../analytics/registry";
import { withHistoryRows } from "../store/dataset-repository";
import { postCounted } from "../store/worker-module";
import { type ComputeReply, type ComputeRequest, type ComputeWorkerData, replyOf } from "./compute-thread";

const { port, posted } = workerData as ComputeWorkerData;
const reply = (message: ComputeReply) => postCounted(port, posted, message);

port.once("message", (request: ComputeRequest) => {
  try {
    const prepared = prepare(withHistoryRows(request.dataset), request.ctx);
    const upstream: Upstream = {};
    for (const name of request.names) {
      const t0 = performance.now();
      const output = ANALYSES[name].compute(prepared, upstream);
      upstream[name] = output.results;
      reply(replyOf(name, output, performance.now() - t0));
    }
  } catch (error) {
    reply({ error: error instanceof Error ? error.message : String(error) });
  } finally {
    port.close();
  }
});
