import { execFile, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { FakeSlackApi } from "../../src/sandbox/fake-slack-api";

const run = promisify(execFile);
const TSX = path.resolve("node_modules/.bin/tsx");

/** Runs src/main.ts as `npm start` does, with only the given variables besides PATH. */
async function start(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(TSX, ["src/main.ts"], {
      env: { PATH: process.env.PATH ?? "", ...env },
      timeout: 100_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

// One database for the file: the first test fills it, the Slack tests reuse it (or fill it again).
// Every run starts as of the same instant (AS_OF), so two runs never straddle midnight.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rituals-start-"));
const file = path.join(dir, "rituals.db");
const AS_OF = "2026-11-24T18:00:00Z";
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * Starts src/main.ts as `npm start` does and reads its output until `until` matches; the child is
 * left running for the caller to stop.
 */
function spawnStart(env: Record<string, string>) {
  const child = spawn(TSX, ["src/main.ts"], { env: { PATH: process.env.PATH ?? "", ...env } });
  const out = { stdout: "", stderr: "" };
  child.stdout.on("data", (d: Buffer) => {
    out.stdout += d.toString();
  });
  child.stderr.on("data", (d: Buffer) => {
    out.stderr += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const m = pattern.exec(out.stdout);
        if (m) {
          child.stdout.off("data", check);
          resolve(m);
        }
      };
      child.stdout.on("data", check);
      check();
      child.on("close", () => reject(new Error(`npm start exited early:\n${out.stdout}\n${out.stderr}`)));
    });
  return { child, out, exited, waitFor };
}

describe("npm start without Slack tokens", () => {
  it("prints the sandbox's address first, loads the sample into an empty database and serves the page until SIGTERM", {
    timeout: 120_000,
  }, async () => {
    const first = spawnStart({ DATABASE_PATH: file, PORT: "0", AS_OF });
    try {
      const [, url] = await first.waitFor(/^Sandbox: (http:\/\/127\.0\.0\.1:\d+) /);
      // the address is the first thing printed, before the sample is generated
      expect(first.out.stdout.split("\n")[0]).toMatch(/^Sandbox: http:\/\/127\.0\.0\.1:\d+ /);
      await first.waitFor(/Sandbox: ready at /);
      expect(first.out.stdout).toContain("generating the sample company");
      expect(first.out.stdout).toContain("20,000 opportunities imported");
      expect(first.out.stdout).toMatch(/open pipeline +\$[\d,]+ in [\d,]+ open deals/);
      expect(first.out.stdout).toContain(file);
      expect(first.out.stdout).toContain("Slack is not connected");
      // The analyses are computed at start, so every answer has something stored to read.
      expect(first.out.stdout).toContain("Computing the analyses (no analyses stored yet)");
      expect(first.out.stdout).toMatch(/refresh #1: \d+ analyses/);
      // the sample company is generated as of AS_OF: its last import is that day
      expect(first.out.stdout).toContain("2026-11-24");
      const page = await fetch(`${url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('src="/client.js"');
      const state = (await (await fetch(`${url}/state`)).json()) as {
        people: { role: string }[];
        channels: { name: string }[];
      };
      expect(state.people.map((p) => p.role)).toEqual(["admin", "manager", "rep"]);
      expect(state.channels.map((c) => c.name)).toEqual(
        expect.arrayContaining(["revenue-review", "general"]),
      );
    } finally {
      first.child.kill("SIGTERM");
    }
    expect(await first.exited).toBe(0);
    expect(first.out.stdout).toContain("Sandbox: stopping");
    expect(first.out.stderr).toBe("");

    const second = spawnStart({ DATABASE_PATH: file, PORT: "0", AS_OF });
    try {
      await second.waitFor(/Sandbox: ready at /);
    } finally {
      second.child.kill("SIGINT");
    }
    expect(await second.exited).toBe(0);
    expect(second.out.stdout).not.toContain("generating");
    expect(second.out.stdout).not.toContain("Computing the analyses");
    expect(second.out.stdout).toContain("opportunities  20,000");
  });

  it("exits 2 with one line when the port is taken", { timeout: 60_000 }, async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
    const port = (holder.address() as net.AddressInfo).port;
    try {
      const result = await start({ DATABASE_PATH: file, PORT: String(port) });
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split("\n")).toEqual([
        `Revenue Rituals: port ${port} on 127.0.0.1 is in use: stop what holds it or set PORT to another port`,
      ]);
    } finally {
      holder.close();
    }
  });

  it("exits 2 with one line per configuration problem", async () => {
    const result = await start({ WORKSPACE_TIMEZONE: "Mars/Olympus", FISCAL_YEAR_START_MONTH: "13" });
    expect(result.code).toBe(2);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines.some((l) => l.includes("WORKSPACE_TIMEZONE"))).toBe(true);
    expect(lines.some((l) => l.includes("FISCAL_YEAR_START_MONTH"))).toBe(true);
    expect(result.stdout).toBe("");
  });
});

describe("npm start with Slack tokens", () => {
  const TOKEN = "xoxb-npm-start-not-real";
  const SECRET = "npm-start-signing-secret-0123";
  const help = (responseUrl: string) =>
    new URLSearchParams({
      command: "/rituals",
      text: "help",
      user_id: "U1",
      team_id: "T1",
      channel_id: "C1",
      response_url: responseUrl,
      trigger_id: "1.2.3",
    }).toString();

  /**
   * Starts src/main.ts in HTTP mode against a fake Slack, runs `use` with the address it prints,
   * then stops it with SIGTERM; returns the exit code and everything it wrote.
   */
  async function serving(
    env: Record<string, string>,
    use: (url: string, fake: FakeSlackApi) => Promise<void>,
  ): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const fake = await new FakeSlackApi({ botToken: TOKEN }).start();
    // the people the database's earlier sandbox run linked to reps: their zones are looked up
    for (const id of ["U0ADMIN", "U0MANAGER", "U0REP"])
      fake.users.set(id, { name: id, tz: "America/New_York" });
    const child = spawn(TSX, ["src/main.ts"], {
      env: {
        PATH: process.env.PATH ?? "",
        DATABASE_PATH: file,
        AS_OF,
        SLACK_BOT_TOKEN: TOKEN,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: fake.apiUrl,
        PORT: "0",
        ...env,
      },
    });
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (d: Buffer) => {
          stdout += d.toString();
          const m = /Slack: HTTP mode, requests at (http:\/\/\S+)/.exec(stdout);
          if (m) resolve(m[1] as string);
        });
        child.on("close", () => reject(new Error(`npm start exited early:\n${stdout}\n${stderr}`)));
      });
      await use(url, fake);
    } finally {
      child.kill("SIGTERM");
      await fake.stop();
    }
    const code = await exited;
    expect(stdout + stderr).not.toContain(TOKEN);
    expect(stdout + stderr).not.toContain(SECRET);
    return { code, stdout, stderr };
  }

  const signedPost = (url: string, body: string) => {
    const ts = Math.floor(Date.now() / 1000);
    const signature = crypto.createHmac("sha256", SECRET).update(`v0:${ts}:${body}`).digest("hex");
    return fetch(url, {
      method: "POST",
      body,
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": String(ts),
        "x-slack-signature": `v0=${signature}`,
      },
    });
  };
  const unsignedPost = (url: string) =>
    fetch(url, {
      method: "POST",
      body: help("http://127.0.0.1:9/none"),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });

  it("serves slash commands on HOST until SIGTERM, with the daily refresh scheduled and debug logs at LOG_LEVEL=debug", async () => {
    const result = await serving({ HOST: "127.0.0.2", LOG_LEVEL: "debug" }, async (url) => {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.2:\d+\/slack\/events$/);
      const reply = await signedPost(url, help("http://127.0.0.1:9/none"));
      expect(reply.status).toBe(200);
      expect(((await reply.json()) as { text: string }).text).toBe("Revenue Rituals commands");
      // bound to HOST only: the same port on 127.0.0.1 is not listening
      const elsewhere = await fetch(url.replace("127.0.0.2", "127.0.0.1"), { method: "POST" }).catch(
        (e: { cause?: { code?: string } }) => e.cause?.code,
      );
      expect(elsewhere).toBe("ECONNREFUSED");
      expect((await unsignedPost(url)).status).toBe(401);
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Daily refresh: every day at 06:00 UTC, next on \d{4}-\d{2}-\d{2}/);
    expect(result.stdout).toContain("[DEBUG]");
    expect(result.stdout).toContain("Slack: stopping");
    expect(result.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(/^\[WARN\] +Slack endpoint refused a request with 401: unsigned request$/),
    ]);
  });

  it("logs nothing below LOG_LEVEL=error, not even a refused request", async () => {
    const result = await serving({ LOG_LEVEL: "error" }, async (url) => {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/slack\/events$/);
      expect((await unsignedPost(url)).status).toBe(401);
      expect((await signedPost(url, help("http://127.0.0.1:9/none"))).status).toBe(200);
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).not.toMatch(/\[(DEBUG|INFO|WARN)\]/);
  });
});
