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
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

// One database for the file: the first test fills it, the Slack test reuses it (or fills it again).
const file = path.join(os.tmpdir(), `rituals-start-${process.pid}-${Date.now()}.db`);
afterAll(() => {
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(`${file}${suffix}`, { force: true });
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
    const first = spawnStart({ DATABASE_PATH: file, PORT: "0" });
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

    const second = spawnStart({ DATABASE_PATH: file, PORT: "0" });
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

  it("serves slash commands over HTTP until SIGTERM, never printing a token", {
    timeout: 90_000,
  }, async () => {
    const fake = await new FakeSlackApi({ botToken: TOKEN }).start();
    const child = spawn(TSX, ["src/main.ts"], {
      env: {
        PATH: process.env.PATH ?? "",
        DATABASE_PATH: file,
        SLACK_BOT_TOKEN: TOKEN,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: fake.apiUrl,
        PORT: "0",
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
      const body = new URLSearchParams({
        command: "/rituals",
        text: "help",
        user_id: "U1",
        team_id: "T1",
        channel_id: "C1",
        response_url: fake.responseUrl("start"),
        trigger_id: "1.2.3",
      }).toString();
      const ts = Math.floor(Date.now() / 1000);
      const signature = crypto.createHmac("sha256", SECRET).update(`v0:${ts}:${body}`).digest("hex");
      const reply = await fetch(url, {
        method: "POST",
        body,
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "x-slack-request-timestamp": String(ts),
          "x-slack-signature": `v0=${signature}`,
        },
      });
      expect(reply.status).toBe(200);
      expect(((await reply.json()) as { text: string }).text).toBe("Revenue Rituals commands");
    } finally {
      child.kill("SIGTERM");
      await fake.stop();
    }
    expect(await exited).toBe(0);
    expect(stdout).toContain("Slack: stopping");
    expect(stderr).toBe("");
    expect(stdout + stderr).not.toContain(TOKEN);
  });
});
