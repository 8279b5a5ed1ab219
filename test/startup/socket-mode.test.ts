import { spawn } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type WebSocket, WebSocketServer } from "ws";
import { type StoredSample, storedSample } from "../slack/stored-sample";

const TSX = path.resolve("node_modules/.bin/tsx");
const BOT_TOKEN = "xoxb-socket-mode-not-real";
const APP_TOKEN = "xapp-1-socket-mode-not-real";

/**
 * Slack's side of Socket Mode, as small as npm start needs: auth.test for the bot token,
 * apps.connections.open for the app token (answering with this server's WebSocket address), and
 * the socket itself, which says hello and then carries envelopes both ways.
 */
class FakeSocketSlack {
  readonly server = http.createServer((req, res) => this.web(req, res));
  readonly sockets = new WebSocketServer({ noServer: true });
  readonly calls: { method: string; authorization: string | undefined }[] = [];
  readonly acks: Record<string, unknown>[] = [];
  socket: Promise<WebSocket>;
  private connected!: (ws: WebSocket) => void;

  constructor() {
    this.socket = new Promise((resolve) => {
      this.connected = resolve;
    });
    this.server.on("upgrade", (req, socket, head) => {
      this.sockets.handleUpgrade(req, socket, head, (ws) => {
        ws.on("message", (data) => this.acks.push(JSON.parse(String(data)) as Record<string, unknown>));
        ws.send(JSON.stringify({ type: "hello", num_connections: 1, connection_info: { app_id: "A1" } }));
        this.connected(ws);
      });
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return this;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private web(req: http.IncomingMessage, res: http.ServerResponse): void {
    const method = (req.url ?? "").replace(/^\/api\//, "").split("?")[0] as string;
    this.calls.push({ method, authorization: req.headers.authorization });
    req.resume();
    req.on("end", () => {
      const body =
        method === "auth.test"
          ? { ok: true, team_id: "T1", team: "acme", user: "rituals", user_id: "UBOT", bot_id: "BBOT" }
          : method === "apps.connections.open"
            ? { ok: true, url: `${this.origin.replace("http", "ws")}/link` }
            : { ok: false, error: "unknown_method" };
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    });
  }

  async waitForAck(envelopeId: string): Promise<Record<string, unknown>> {
    for (;;) {
      const ack = this.acks.find((a) => a.envelope_id === envelopeId);
      if (ack) return ack;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async stop(): Promise<void> {
    for (const ws of this.sockets.clients) ws.terminate();
    this.sockets.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

let sample: StoredSample;
let slack: FakeSocketSlack;

beforeAll(async () => {
  sample = await storedSample({ deals: 200, analyses: ["attainment"] });
  sample.db.close();
  slack = await new FakeSocketSlack().start();
});
afterAll(async () => {
  await slack.stop();
  sample.close();
});

describe("npm start in Socket Mode", () => {
  it("connects with the app token, says so, answers a slash command over the socket and stops on SIGTERM", async () => {
    const child = spawn(TSX, ["src/main.ts"], {
      env: {
        PATH: process.env.PATH ?? "",
        DATABASE_PATH: sample.file,
        AS_OF: "2026-11-24T18:00:00Z",
        SLACK_BOT_TOKEN: BOT_TOKEN,
        SLACK_APP_TOKEN: APP_TOKEN,
        SLACK_API_URL: `${slack.origin}/api/`,
      },
    });
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on("data", (d: Buffer) => {
          stdout += d.toString();
          if (stdout.includes("Slack: connected in Socket Mode")) resolve();
        });
        child.on("close", () => reject(new Error(`npm start exited early:\n${stdout}\n${stderr}`)));
      });
      expect(slack.calls.find((c) => c.method === "auth.test")?.authorization).toBe(`Bearer ${BOT_TOKEN}`);
      expect(slack.calls.find((c) => c.method === "apps.connections.open")?.authorization).toBe(
        `Bearer ${APP_TOKEN}`,
      );
      const ws = await slack.socket;
      ws.send(
        JSON.stringify({
          envelope_id: "env-1",
          type: "slash_commands",
          accepts_response_payload: true,
          payload: {
            token: "legacy",
            team_id: "T1",
            channel_id: "C1",
            user_id: "U1",
            command: "/rituals",
            text: "help",
            api_app_id: "A1",
            response_url: `${slack.origin}/response`,
            trigger_id: "1.2.3",
          },
        }),
      );
      const ack = await slack.waitForAck("env-1");
      expect((ack.payload as { text?: string } | undefined)?.text).toBe("Revenue Rituals commands");
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited).toBe(0);
    expect(stdout).toMatch(/Daily refresh: every day at 06:00 UTC, next on \d{4}-\d{2}-\d{2}/);
    expect(stdout).toContain("Slack: stopping");
    expect(stdout + stderr).not.toContain(BOT_TOKEN);
    expect(stdout + stderr).not.toContain(APP_TOKEN);
  });
});
