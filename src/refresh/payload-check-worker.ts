/**
 * The refresh's checking thread (see payload-check.ts): reads each analysis's payloads back from
 * JSON against its catalogue schema and answers with the JSON to store, or the first failure.
 * Loaded as CommonJS from source (see startWorkerModule): no top-level await.
 */
import { workerData } from "node:worker_threads";
import { ANALYSIS_SPECS } from "../domain/analyses/catalog";
import { postCounted } from "../store/worker-module";
import {
  type CheckReply,
  type CheckRequest,
  type CheckWorkerData,
  checkPayloadJson,
  claimCheck,
} from "./payload-check";

const { port, posted, claims } = workerData as CheckWorkerData;
const claimed = new Int32Array(claims);

port.on("message", (request: CheckRequest) => {
  let reply: CheckReply;
  if (!claimCheck(claimed, request.id, "worker")) {
    // the refresh's thread checks this one itself
    postCounted(port, posted, { id: request.id, taken: true });
    return;
  }
  try {
    reply = {
      id: request.id,
      jsons: checkPayloadJson(ANALYSIS_SPECS[request.name].schema, request.wheres, request.jsons),
    };
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  postCounted(port, posted, reply);
});
