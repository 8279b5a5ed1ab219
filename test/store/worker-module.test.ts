import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { startWorkerModule } from "../../src/store/worker-module";
import { tempDir } from "../ingest/helpers";

function firstMessage(worker: Worker): Promise<unknown> {
  return new Promise((resolve, reject) => {
    worker.once("message", (m) => {
      void worker.terminate();
      resolve(m);
    });
    worker.once("error", reject);
  });
}

describe("startWorkerModule", () => {
  it("runs a TypeScript module, and the app modules it imports, beside a caller running from source", async () => {
    const worker = startWorkerModule(import.meta.url, "fixtures/money-worker", { workerData: "$1,234.50" });
    expect(await firstMessage(worker)).toBe(123450);
  });

  it("runs the JavaScript module beside a compiled caller, without a TypeScript loader", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "package.json"), '{ "type": "module" }\n');
    fs.writeFileSync(
      path.join(dir, "double-worker.js"),
      'import { parentPort, workerData } from "node:worker_threads";\nparentPort.postMessage(workerData * 2);\n',
    );
    const caller = pathToFileURL(path.join(dir, "caller.js")).href;
    const worker = startWorkerModule(caller, "double-worker", { workerData: 21 });
    expect(await firstMessage(worker)).toBe(42);
  });

  it("reports a module that fails to load as the worker's error", async () => {
    const worker = startWorkerModule(import.meta.url, "fixtures/no-such-worker");
    await expect(firstMessage(worker)).rejects.toThrow(/no-such-worker/);
  });
});
