/**
 * A local Slack Web API: what the sandbox serves in place of slack.com, and the fake Slack every
 * Slack-level test and benchmark talks to. Point the app's SLACK_API_URL at `apiUrl`.
 *
 * Routes, as Slack has them:
 * - `POST /api/<method>`: the Web API (form-encoded or JSON), answered from a Workspace (web-api.ts);
 * - `POST /response/<id>`: response_urls, answered `ok` and applied to the conversation they were
 *   issued for (responseUrl);
 * - `POST /upload/<file id>`: the upload URLs files.getUploadURLExternal hands out.
 *
 * Every request is recorded (method, headers, parsed body) in order, and the next calls of a
 * method can be made to fail with 429 + Retry-After or 500, as Slack does under load.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { type ApiArgs, type ApiResult, answerWebApi } from "./web-api";
import { type ResponseContext, SlackRefusal, Workspace } from "./workspace";

/** One request the app made: a Web API method, a response_url post or a file upload. */
export interface RecordedCall {
  /** "users.info", "chat.postMessage", … or "response_url", "file_upload" */
  method: string;
  path: string;
  /** the response_url id for response_url posts */
  responseId?: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
  /** ms since the epoch, when the request arrived */
  at: number;
}

export interface Failure {
  status: 429 | 500;
  /** seconds, for 429 */
  retryAfter?: number;
  /** how many calls to fail; default 1 */
  times?: number;
}

export interface FakeSlackApiOptions {
  /** the workspace to answer from; a new empty one (team T1, bot UBOT) when absent */
  workspace?: Workspace;
  /** when set, Web API calls must carry it (Authorization: Bearer, or a token field), as Slack checks */
  botToken?: string;
}

/** Arguments the Web API client sends as JSON text inside a form body. */
const JSON_ARGUMENTS = new Set(["blocks", "attachments", "view", "files", "metadata"]);

function parseBody(raw: string, contentType: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  if (contentType?.includes("application/json")) return JSON.parse(raw) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) out[k] = JSON_ARGUMENTS.has(k) ? JSON.parse(v) : v;
  return out;
}

/**
 * The file's bytes from an upload request: the body itself, or its first part when multipart (as
 * the Web API client sends it). Slack's upload URLs take both.
 */
function uploadedBytes(raw: Buffer, contentType: string | undefined): Buffer {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType ?? "");
  if (!contentType?.startsWith("multipart/form-data") || !boundary) return raw;
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const partStart = raw.indexOf(delimiter);
  const headersEnd = raw.indexOf("\r\n\r\n", partStart);
  const partEnd = raw.indexOf(Buffer.concat([Buffer.from("\r\n"), delimiter]), headersEnd);
  if (partStart < 0 || headersEnd < 0 || partEnd < 0) return raw;
  return raw.subarray(headersEnd + 4, partEnd);
}

function sendJson(res: http.ServerResponse, status: number, body: unknown, headers = {}): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}

export class FakeSlackApi {
  readonly workspace: Workspace;
  readonly calls: RecordedCall[] = [];
  private readonly failures = new Map<string, Failure>();
  private readonly responseContexts = new Map<string, ResponseContext>();
  private readonly waiters: { test: (c: RecordedCall) => boolean; resolve: (c: RecordedCall) => void }[] = [];
  private readonly botToken: string | undefined;
  private server: http.Server | null = null;
  private port = 0;

  constructor(options: FakeSlackApiOptions = {}) {
    this.workspace = options.workspace ?? new Workspace();
    this.botToken = options.botToken;
  }

  /** The workspace's users, by Slack user id (what users.info answers from). */
  get users() {
    return this.workspace.users;
  }

  /** Listens on 127.0.0.1, on an ephemeral port unless given one. */
  async start(port = 0): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => this.handle(req, res, Buffer.concat(chunks)));
    });
    await new Promise<void>((resolve) => this.server?.listen(port, "127.0.0.1", resolve));
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
    return `${this.origin}/api/`;
  }

  /**
   * A response_url to put in a slash command or click. With a context, what is posted to it lands
   * in that conversation (in_channel, ephemeral, replace_original, delete_original); without one
   * it is only recorded.
   */
  responseUrl(id: string, context?: ResponseContext): string {
    if (context) this.responseContexts.set(id, context);
    return `${this.origin}/response/${encodeURIComponent(id)}`;
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

  private get origin(): string {
    return `http://127.0.0.1:${this.port}`;
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

  private handle(req: http.IncomingMessage, res: http.ServerResponse, raw: Buffer): void {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const route = /^\/(api|response|upload)\/([^/]+)$/.exec(url.pathname);
    const kind = route?.[1];
    const name = decodeURIComponent(route?.[2] ?? "");
    const method = kind === "response" ? "response_url" : kind === "upload" ? "file_upload" : name;
    // An upload's body is the file's bytes, not arguments.
    const body = kind === "upload" ? {} : parseBody(raw.toString("utf8"), req.headers["content-type"]);
    const call: RecordedCall = { method, path: url.pathname, headers: req.headers, body, at: Date.now() };
    if (kind === "response") call.responseId = name;
    this.record(call);
    if (this.failInjected(method, res)) return;
    if (kind === "response") {
      const context = this.responseContexts.get(name);
      const refused = context ? this.applyResponse(context, body) : null;
      res.writeHead(refused ? 400 : 200, { "content-type": "text/plain" });
      res.end(refused ?? "ok");
    } else if (kind === "upload") {
      const bytes = uploadedBytes(raw, req.headers["content-type"]);
      const received = this.workspace.receiveUpload(name, bytes);
      res.writeHead(received ? 200 : 404, { "content-type": "text/plain" });
      res.end(received ? `OK - ${bytes.length}` : "file_not_found");
    } else if (kind === "api") {
      sendJson(res, 200, this.answer(method, body, req.headers.authorization));
    } else {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
    }
  }

  /** Applies a response_url post; Slack's error name when it refuses it, else null. */
  private applyResponse(context: ResponseContext, body: Record<string, unknown>): string | null {
    try {
      this.workspace.respond(context, body);
      return null;
    } catch (error) {
      if (error instanceof SlackRefusal) return error.slackError;
      throw error;
    }
  }

  /** Answers with the failure set for this method, if any: true when it did. */
  private failInjected(method: string, res: http.ServerResponse): boolean {
    const failure = this.failures.get(method);
    if (!failure) return false;
    const left = (failure.times ?? 1) - 1;
    if (left <= 0) this.failures.delete(method);
    else this.failures.set(method, { ...failure, times: left });
    const headers = failure.status === 429 ? { "retry-after": String(failure.retryAfter ?? 1) } : {};
    const error = failure.status === 429 ? "ratelimited" : "internal_error";
    sendJson(res, failure.status, { ok: false, error }, headers);
    return true;
  }

  private answer(method: string, args: ApiArgs, authorization: string | undefined): ApiResult {
    if (this.botToken !== undefined) {
      const token = authorization?.replace(/^Bearer /, "") ?? (args.token as string | undefined);
      if (!token) return { ok: false, error: "not_authed" };
      if (token !== this.botToken) return { ok: false, error: "invalid_auth" };
    }
    const result = answerWebApi(this.workspace, method, args);
    // The upload URL is on this server: the workspace knows only its path.
    if (result.ok && typeof result.upload_url === "string")
      result.upload_url = this.origin + result.upload_url;
    return result;
  }
}
