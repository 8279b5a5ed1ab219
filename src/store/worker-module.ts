import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  type MessagePort,
  receiveMessageOnPort,
  type Transferable,
  Worker,
  type WorkerOptions,
} from "node:worker_threads";
import type { Db } from "./db";

/**
 * Starts a worker thread on the module `name` next to the caller (`callerUrl` is the caller's
 * import.meta.url): `name.js` when the caller is compiled JavaScript, `name.ts` when it runs from
 * source. Node 20 runs no TypeScript, and a worker does not inherit the tsx loader of the thread
 * that starts it, so from source the worker first registers tsx's require hook, which runs in the
 * worker's own thread (~0.1 s of CPU); tsx's ES module loader would start a hooks thread of its
 * own (about twice that).
 *
 * From source the module is therefore loaded as CommonJS, compiled as an ES module: a worker module
 * must use neither top-level await nor import.meta.
 */
export function startWorkerModule(callerUrl: string, name: string, options: WorkerOptions = {}): Worker {
  const fromSource = callerUrl.endsWith(".ts");
  const file = new URL(`./${name}${fromSource ? ".ts" : ".js"}`, callerUrl);
  if (!fromSource) return new Worker(file, options);
  const require = createRequire(import.meta.url);
  const register = JSON.stringify(require.resolve("tsx/cjs/api"));
  const bootstrap = `require(${register}).register();\nrequire(${JSON.stringify(fileURLToPath(file))});`;
  return new Worker(bootstrap, { ...options, eval: true });
}

/**
 * A worker's messages read synchronously, for a thread that must not return to its event loop (a
 * refresh is one synchronous call): the worker posts with `postCounted`, which bumps a shared
 * counter, and `receive` sleeps on that counter (Atomics.wait) until a message is there.
 */
export class CountedPort {
  private readonly counter: Int32Array;
  private received = 0;

  constructor(
    readonly port: MessagePort,
    /** [messages posted], shared with the worker (SharedArrayBuffer of 4 bytes) */
    posted: SharedArrayBuffer,
  ) {
    this.counter = new Int32Array(posted);
  }

  /** the next message, or undefined when none came within `timeoutMs` */
  receive(timeoutMs: number): unknown {
    for (;;) {
      const m = receiveMessageOnPort(this.port);
      if (m !== undefined) {
        this.received++;
        return m.message;
      }
      if (Atomics.wait(this.counter, 0, this.received, timeoutMs) === "timed-out") return undefined;
    }
  }
}

/** The worker's side of a CountedPort: posts `message` (moving `transfer`) and wakes the reading thread. */
export function postCounted(
  port: MessagePort,
  posted: SharedArrayBuffer,
  message: unknown,
  transfer: Transferable[] = [],
): void {
  const counter = new Int32Array(posted);
  port.postMessage(message, transfer);
  Atomics.add(counter, 0, 1);
  Atomics.notify(counter, 0);
}

/**
 * The database file a worker's own connection would open to see what `db` sees; null where it would
 * not (an in-memory database, or an open transaction whose writes only this connection sees).
 */
export function fileForSecondConnection(db: Db): string | null {
  if (db.memory || db.inTransaction || db.name === "") return null;
  return path.resolve(db.name);
}
