import http from "node:http";
import type { AddressInfo } from "node:net";

/** One request the app made to the fake: a Web API method or a response_url post. */
export interface RecordedCall {
  /** "users.info", "chat.postMessage", … or "response_url" */
  method: string;
  path: string;
  /** the response_url id for response_url posts */
  responseId?: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
  at: number;
}

export interface Failure {
  status: 429 | 500;
  /** seconds, for 429 */
  retryAfter?: number;
  /** how many calls to fail; default 1 */
  times?: number;
}

export interface FakeUser {
  email?: string;
  name?: string;
}

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (contentType?.includes("application/json")) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    // The Web API client sends nested values (blocks, view) as JSON text.
    out[k] = /^[[{]/.test(v) ? JSON.parse(v) : v;
  }
  return out;
}

/**
 * A local stand-in for Slack: the Web API under /api/<method> and response_urls under
 * /response/<id>. Records every call; answers users.info from `users`; can fail the next calls of a
 * method with 429 (Retry-After) or 500.
 */
export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  readonly users = new Map<string, FakeUser>();
  private readonly failures = new Map<string, Failure>();
  private readonly waiters: { test: (c: RecordedCall) => boolean; resolve: (c: RecordedCall) => void }[] = [];
  /** chat.postMessage messages that succeeded, by channel, for conversations.history */
  readonly posted = new Map<string, { ts: string; text: unknown; metadata?: unknown }[]>();
  private server: http.Server | null = null;
  private port = 0;
  private seq = 0;

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      let raw = "";
      req.setEncoding("utf8");
      req.on("data", (chunk: string) => {
        raw += chunk;
      });
      req.on("end", () => this.handle(req, res, raw));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The Web API base for clientOptions.slackApiUrl / SLACK_API_URL. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  responseUrl(id: string): string {
    return `http://127.0.0.1:${this.port}/response/${id}`;
  }

  failNext(method: string, failure: Failure): void {
    this.failures.set(method, { times: 1, ...failure });
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves with the first call (already made or future) that passes the test. */
  waitFor(test: (c: RecordedCall) => boolean, timeoutMs = 5000): Promise<RecordedCall> {
    const seen = this.calls.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`fake Slack: no matching call within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiters.push({
        test,
        resolve: (c) => {
          clearTimeout(timer);
          resolve(c);
        },
      });
    });
  }

  private record(call: RecordedCall): void {
    this.calls.push(call);
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const w = this.waiters[i];
      if (w?.test(call)) {
        this.waiters.splice(i, 1);
        w.resolve(call);
      }
    }
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse, raw: string): void {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const response = /^\/response\/([^/]+)$/.exec(url.pathname);
    const api = /^\/api\/([\w.]+)$/.exec(url.pathname);
    const method = response ? "response_url" : (api?.[1] ?? url.pathname);
    const call: RecordedCall = {
      method,
      path: url.pathname,
      headers: req.headers,
      body: parseBody(raw, req.headers["content-type"]),
      at: Date.now(),
    };
    if (response) call.responseId = response[1];
    this.record(call);

    const failure = this.failures.get(method);
    if (failure) {
      const left = (failure.times ?? 1) - 1;
      if (left <= 0) this.failures.delete(method);
      else this.failures.set(method, { ...failure, times: left });
      const headers: http.OutgoingHttpHeaders = { "content-type": "application/json" };
      if (failure.status === 429) headers["retry-after"] = String(failure.retryAfter ?? 1);
      res.writeHead(failure.status, headers);
      res.end(
        JSON.stringify({ ok: false, error: failure.status === 429 ? "ratelimited" : "internal_error" }),
      );
      return;
    }
    if (response) {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("ok");
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(this.answer(method, call.body)));
  }

  private answer(method: string, body: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case "auth.test":
        return { ok: true, user_id: "UBOT", bot_id: "BBOT", team_id: "T1", user: "rituals" };
      case "users.info": {
        const id = String(body.user ?? "");
        const user = this.users.get(id);
        if (!user) return { ok: false, error: "user_not_found" };
        return { ok: true, user: { id, name: user.name ?? id, profile: { email: user.email } } };
      }
      case "chat.postMessage": {
        // A counter keeps ts unique within a millisecond, as Slack's are within a channel.
        const ts = `${Math.floor(Date.now() / 1000)}.${String(++this.seq).padStart(6, "0")}`;
        const channel = String(body.channel);
        const list = this.posted.get(channel) ?? [];
        list.push({ ts, text: body.text, ...(body.metadata ? { metadata: body.metadata } : {}) });
        this.posted.set(channel, list);
        return { ok: true, channel, ts, message: { text: body.text } };
      }
      case "conversations.history": {
        const oldest = Number(body.oldest ?? 0);
        const withMetadata = String(body.include_all_metadata) === "true";
        const messages = (this.posted.get(String(body.channel)) ?? [])
          .filter((m) => Number(m.ts) >= oldest)
          .reverse()
          .map((m) => (withMetadata ? m : { ts: m.ts, text: m.text }));
        return { ok: true, messages, has_more: false };
      }
      case "views.publish":
        return { ok: true, view: { id: "V1" } };
      default:
        return { ok: true };
    }
  }
}
