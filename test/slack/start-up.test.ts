import { execFile } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeSlackApi } from "../../src/sandbox/fake-slack-api";
import { type StoredSample, storedSample } from "./stored-sample";

const run = promisify(execFile);
const TSX = path.resolve("node_modules/.bin/tsx");
const TOKEN = "xoxb-start-up-secret-token-4711";
const SECRET = "start-up-signing-secret-0815";

let sample: StoredSample;

beforeAll(async () => {
  sample = await storedSample({ deals: 200, analyses: ["forecast"] });
  sample.db.close();
});
afterAll(() => sample.close());

/** Runs src/main.ts as `npm start` does, with the Slack settings given; resolves when it exits. */
async function start(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(TSX, ["src/main.ts"], {
      env: {
        PATH: process.env.PATH ?? "",
        DATABASE_PATH: sample.file,
        SLACK_BOT_TOKEN: TOKEN,
        SLACK_SIGNING_SECRET: SECRET,
        PORT: "0",
        ...env,
      },
      timeout: 100_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function expectNoSecret(output: string): void {
  expect(output).not.toContain(TOKEN);
  expect(output).not.toContain(TOKEN.slice(5));
  expect(output).not.toContain(SECRET);
}

describe("npm start when Slack cannot be reached", () => {
  it("tries a few times, then says in one line what failed and what to check, exiting 1", async () => {
    const result = await start({ SLACK_API_URL: "http://127.0.0.1:9/api/" });
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toEqual([
      "Revenue Rituals: Slack did not answer at http://127.0.0.1:9/api/ (ECONNREFUSED) after 3 attempts: check SLACK_API_URL / the network",
    ]);
    expect(result.stdout).not.toContain("Slack: HTTP mode");
    expectNoSecret(result.stdout + result.stderr);
  });
});

describe("npm start when Slack refuses the token", () => {
  it("says which setting to fix in one line and exits 2", async () => {
    const fake = await new FakeSlackApi({ botToken: "xoxb-the-right-one" }).start();
    try {
      const result = await start({ SLACK_API_URL: fake.apiUrl });
      expect(result.code).toBe(2);
      const lines = result.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^Revenue Rituals: Slack refused SLACK_BOT_TOKEN \(invalid_auth\): /);
      // Asked once: a refused token is not worth asking again.
      expect(fake.callsOf("auth.test")).toHaveLength(1);
      expectNoSecret(result.stdout + result.stderr);
    } finally {
      await fake.stop();
    }
  });
});

describe("npm start on a port already in use", () => {
  it("names the port and exits 2", async () => {
    const fake = await new FakeSlackApi({ botToken: TOKEN }).start();
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as net.AddressInfo).port;
    try {
      const result = await start({ SLACK_API_URL: fake.apiUrl, PORT: String(port) });
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split("\n")).toEqual([
        `Revenue Rituals: port ${port} on 127.0.0.1 is already in use: set PORT to a free port`,
      ]);
      expectNoSecret(result.stdout + result.stderr);
    } finally {
      taken.close();
      await fake.stop();
    }
  });
});
