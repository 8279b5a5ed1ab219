import { type ChildProcess, fork } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const CHILD = path.resolve("test/slack/fixtures/serve-http.ts");
const MB = 1024 * 1024;

let child: ChildProcess;
let url: string;

/** The next message from the child that has `key`. */
function reply<T>(key: string): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (message: Record<string, unknown>) => {
      if (!(key in message)) return;
      child.off("message", onMessage);
      resolve(message[key] as T);
    };
    child.on("message", onMessage);
  });
}

async function rss(): Promise<number> {
  const answer = reply<number>("rss");
  child.send("rss");
  return answer;
}

/**
 * An unsigned POST that tries to send `total` bytes in 1 MB chunks, declaring its length or
 * chunked; resolves with the status the app answered (0 when it only closed the connection).
 */
function flood(total: number, declareLength: boolean): Promise<number> {
  return new Promise((resolve) => {
    let status = 0;
    let sent = 0;
    const req = http.request(url, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        ...(declareLength ? { "content-length": String(total) } : {}),
      },
    });
    const chunk = Buffer.alloc(MB, "a");
    const pump = () => {
      while (sent < total && status === 0 && !req.destroyed) {
        sent += MB;
        if (!req.write(chunk)) return;
      }
      if (sent >= total) req.end();
    };
    req.on("drain", pump);
    req.on("response", (res) => {
      status = res.statusCode ?? 0;
      res.resume();
      req.destroy();
      resolve(status);
    });
    req.on("error", () => resolve(status));
    req.on("close", () => resolve(status));
    pump();
  });
}

beforeAll(async () => {
  child = fork(CHILD, [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "ignore", "inherit", "ipc"] });
  url = `http://127.0.0.1:${await reply<number>("port")}/slack/events`;
});
afterAll(async () => {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.send("stop");
  await exited;
});

describe("four parallel 200 MB unsigned uploads", () => {
  it("are refused without the process holding them: its memory stays where it was", async () => {
    const before = await rss();
    const statuses = await Promise.all([
      flood(200 * MB, true),
      flood(200 * MB, true),
      flood(200 * MB, false),
      flood(200 * MB, false),
    ]);
    // 413 at once, or, while the client is still sending, the connection closed under it.
    // (receiver.test.ts checks the 413 itself, for a client that waits for it.)
    for (const status of statuses) expect([413, 0]).toContain(status);
    const after = await rss();
    // Generous: the limit is 1 MB a request; reading the bodies would add 800 MB.
    expect(after - before).toBeLessThan(100 * MB);
  });
});
