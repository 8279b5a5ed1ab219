import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/**
 * A local stand-in for the Anthropic Messages API (POST /v1/messages), for tests and the sandbox:
 * the real SDK talks to it through `baseURL`. Each request takes the next scripted behaviour
 * (good text, text with an invented number, an overload, a rate limit, a hang, a refusal) and is
 * recorded, so a test can check what was sent: the system prompt, and that no email or raw row
 * went out. It listens on 127.0.0.1 on a port of its own and nowhere else.
 */
export type FakeAnthropicBehaviour =
  /** a reply with this text (stop_reason end_turn unless told) */
  | { kind: "text"; text: string; stopReason?: "end_turn" | "max_tokens" }
  /** an API error as Anthropic sends it; 529 overloaded and 429 rate limit carry a retry delay */
  | { kind: "error"; status: number; type: string; message: string }
  /** the API's refusal: stop_reason "refusal" and no text */
  | { kind: "refusal" }
  /** accept the request and never answer */
  | { kind: "hang" };

export const overloaded: FakeAnthropicBehaviour = {
  kind: "error",
  status: 529,
  type: "overloaded_error",
  message: "Overloaded",
};
export const rateLimited: FakeAnthropicBehaviour = {
  kind: "error",
  status: 429,
  type: "rate_limit_error",
  message: "Number of request tokens has exceeded your per-minute rate limit",
};

export interface RecordedRequest {
  method: string;
  path: string;
  /** request headers, except the API key, which is only noted as present */
  headers: Record<string, string>;
  hadApiKey: boolean;
  /** the parsed JSON body (model, max_tokens, system, messages) */
  body: { model?: string; max_tokens?: number; system?: unknown; messages?: unknown[] } & Record<
    string,
    unknown
  >;
  /** the raw body text, for "nothing like an email address was sent" checks */
  rawBody: string;
}

export interface FakeAnthropic {
  /** the base URL to give the SDK (`baseURL`) or ANTHROPIC_BASE_URL */
  url: string;
  requests: RecordedRequest[];
  /** queues behaviours, one per request; when the queue is empty the default answers */
  script(...behaviours: FakeAnthropicBehaviour[]): void;
  close(): Promise<void>;
}

export interface FakeAnthropicOptions {
  /** what answers when nothing is scripted; by default a reply written by `writer` */
  defaultBehaviour?: FakeAnthropicBehaviour;
  /**
   * the delay a 429/529 asks for (retry-after-ms), so a client's retries run at test speed; the
   * real API asks in whole seconds (retry-after)
   */
  retryAfterMs?: number;
  /** writes the default reply from the request (the sandbox can echo figures back) */
  writer?: (request: RecordedRequest) => string;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, {
    "content-type": "application/json",
    "request-id": `req_fake_${Date.now()}`,
    ...headers,
  });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, type: string, message: string, headers = {}) {
  sendJson(res, status, { type: "error", error: { type, message } }, headers);
}

/** The request as a test sees it (headers without the API key), or null when its body is not JSON. */
function recordOf(req: IncomingMessage, rawBody: string): RecordedRequest | null {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers))
    if (k !== "x-api-key" && k !== "authorization") headers[k] = Array.isArray(v) ? v.join(", ") : String(v);
  let body: RecordedRequest["body"] = {};
  try {
    body = rawBody ? JSON.parse(rawBody) : {};
  } catch {
    return null;
  }
  return {
    method: req.method ?? "GET",
    path: (req.url ?? "/").split("?")[0] as string,
    headers,
    hadApiKey: Boolean(req.headers["x-api-key"] || req.headers.authorization),
    body,
    rawBody,
  };
}

/** Why the Messages API would refuse the request (status, type, message); null when it is one. */
function requestProblem(recorded: RecordedRequest): [number, string, string] | null {
  const { method, path, body } = recorded;
  if (method !== "POST" || path !== "/v1/messages")
    return [404, "not_found_error", `${method} ${path} is not served here`];
  if (!recorded.hadApiKey) return [401, "authentication_error", "x-api-key header is required"];
  if (!body.model || !body.max_tokens || !Array.isArray(body.messages))
    return [400, "invalid_request_error", "model, max_tokens and messages are required"];
  return null;
}

/** Answers as `behaviour` says: reply number `replyNumber` of this server. */
function reply(
  res: ServerResponse,
  behaviour: FakeAnthropicBehaviour,
  recorded: RecordedRequest,
  replyNumber: number,
  retryAfterMs: number,
) {
  const message = (content: unknown[], stopReason: string) => ({
    id: `msg_fake_${replyNumber}`,
    type: "message",
    role: "assistant",
    model: recorded.body.model,
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    usage: { input_tokens: Math.ceil(recorded.rawBody.length / 4), output_tokens: 0 },
  });
  switch (behaviour.kind) {
    case "hang":
      return; // the socket stays open until the client gives up or close() ends it
    case "refusal":
      return sendJson(res, 200, message([], "refusal"));
    case "error":
      return sendError(res, behaviour.status, behaviour.type, behaviour.message, {
        "retry-after-ms": String(retryAfterMs),
      });
    case "text":
      return sendJson(
        res,
        200,
        message([{ type: "text", text: behaviour.text }], behaviour.stopReason ?? "end_turn"),
      );
  }
}

export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const queue: FakeAnthropicBehaviour[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let replies = 0;
  const retryAfterMs = options.retryAfterMs ?? 10;

  const server = createServer(async (req, res) => {
    const recorded = recordOf(req, await readBody(req));
    if (!recorded) return sendError(res, 400, "invalid_request_error", "body is not JSON");
    requests.push(recorded);
    const problem = requestProblem(recorded);
    if (problem) return sendError(res, ...problem);
    const behaviour = queue.shift() ??
      options.defaultBehaviour ?? { kind: "text", text: options.writer?.(recorded) ?? "" };
    replies += 1;
    reply(res, behaviour, recorded, replies, retryAfterMs);
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (...behaviours) => {
      queue.push(...behaviours);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const socket of sockets) socket.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
