import http from "node:http";
import { type App, HTTPReceiver, type Logger, type Receiver } from "@slack/bolt";
import { RecentSignatures } from "./recent-signatures";
import {
  bodyProblem,
  isSslCheck,
  SIGNATURE_WINDOW_SECONDS,
  type SignatureHeaders,
  signatureHeaders,
  signatureMatches,
} from "./slack-request";

/** Where Slack posts commands, interactions and events (manifest.yml's request URLs). */
export const SLACK_ENDPOINT = "/slack/events";

/**
 * Slack's payloads are far smaller (a click on a full Home tab is a few hundred kB at most); a
 * bigger body is refused before it is read, so unsigned uploads cannot fill the memory.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface GuardedReceiverOptions {
  signingSecret: string;
  logger: Logger;
  maxBodyBytes?: number;
  now?: () => number;
}

/** What a refused request is answered, and why (for the log). */
type Refusal = { status: 400 | 401 | 404 | 413; reason: string };

/** What admit decided: Bolt handles it, it is answered 200 here, nobody is left to answer, or refused. */
type Admission = "to Bolt" | "answered" | "gone" | Refusal;

/**
 * Reads the body up to `limit` bytes: "too long" (and reading stopped) as soon as it passes
 * them, "gone" when the client went away before the end.
 */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | "too long" | "gone"> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const onData = (chunk: Buffer) => {
      length += chunk.length;
      if (length > limit) {
        req.off("data", onData);
        req.pause();
        resolve("too long");
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => resolve(Buffer.concat(chunks, length)));
    // After "end" these settle nothing: a promise resolves once.
    req.once("error", () => resolve("gone"));
    req.once("close", () => resolve("gone"));
  });
}

/** Answers without a body and closes the connection, so what the client still sends is never read. */
function refuse(req: http.IncomingMessage, res: http.ServerResponse, status: number): void {
  res.writeHead(status, { connection: "close", "content-length": "0" });
  res.end(() => req.destroy());
}

/**
 * Bolt's HTTPReceiver behind a node:http server of our own that lets through only what Slack
 * sends: POSTs to /slack/events of at most MAX_BODY_BYTES (413 as soon as the length says so or
 * the stream passes it), signed within 5 minutes either way, not seen before, with a body Bolt
 * can read (400 otherwise). Bolt then handles the request as it always does, without checking
 * the signature a second time. Refusals are logged at most once a minute per reason, so a flood of junk
 * cannot flood the log too.
 */
export class GuardedReceiver implements Receiver {
  private readonly bolt: HTTPReceiver;
  private readonly recent = new RecentSignatures(SIGNATURE_WINDOW_SECONDS);
  private readonly maxBodyBytes: number;
  private readonly now: () => number;
  private readonly refusalsLogged = new Map<string, { at: number; count: number }>();
  private server: http.Server | null = null;

  constructor(private readonly options: GuardedReceiverOptions) {
    this.bolt = new HTTPReceiver({
      signingSecret: options.signingSecret,
      logger: options.logger,
      endpoints: [SLACK_ENDPOINT],
      // Every request Bolt sees was admitted here: signature, window and replay already checked
      // against the same secret, so Bolt's second HMAC and body parse per request checked nothing new.
      signatureVerification: false,
    });
    this.maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
    this.now = options.now ?? Date.now;
  }

  init(app: App): void {
    this.bolt.init(app);
  }

  /** Listens on `port` (0 for an ephemeral one) and `host`; resolves to the server once bound. */
  start(listen: { port: number; host?: string }): Promise<http.Server> {
    if (this.server) return Promise.reject(new Error("the Slack receiver is already started"));
    const server = http.createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.options.logger.error(`Slack request failed before Bolt saw it: ${(error as Error).message}`);
        if (!res.headersSent) refuse(req, res, 500);
      });
    });
    // Slack sends a whole request at once: a client trickling one in holds a socket for nothing.
    server.headersTimeout = 10_000;
    server.requestTimeout = 15_000;
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(listen.port, listen.host, () => {
        server.off("error", reject);
        server.on("error", (error) => this.options.logger.error(`Slack receiver: ${error.message}`));
        resolve(server);
      });
    });
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const admission = await this.admit(req);
    if (admission === "to Bolt") {
      this.bolt.requestListener(req, res);
    } else if (admission === "answered") {
      res.writeHead(200, { "content-length": "0" });
      res.end();
    } else if (admission === "gone") {
      req.destroy();
    } else {
      this.logRefusal(admission);
      refuse(req, res, admission.status);
    }
  }

  /**
   * "to Bolt" when the request may go on (its body then read into `rawBody`, where Bolt looks
   * first); "answered" for an ssl_check or a Slack retry of a request already handled; else why not.
   */
  private async admit(req: http.IncomingMessage): Promise<Admission> {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (req.method !== "POST" || path !== SLACK_ENDPOINT)
      return { status: 404, reason: "not the Slack endpoint" };
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > this.maxBodyBytes)
      return { status: 413, reason: "body longer than allowed (Content-Length)" };
    const signed = signatureHeaders(req.headers, this.now());
    // Refused on its headers alone: the body of a request that cannot be Slack's is never read.
    if (typeof signed === "object" && "refused" in signed) return { status: 401, reason: signed.refused };
    const body = await readBody(req, this.maxBodyBytes);
    if (body === "gone") return "gone";
    if (body === "too long") return { status: 413, reason: "body longer than allowed" };
    const contentType = req.headers["content-type"];
    if (signed === "missing") {
      return isSslCheck(contentType, body) ? "answered" : { status: 401, reason: "unsigned request" };
    }
    if (!signatureMatches(this.options.signingSecret, signed, body)) {
      return { status: 401, reason: "signature mismatch" };
    }
    const replay = this.replayed(req, signed);
    if (replay) return replay;
    const problem = bodyProblem(contentType, body);
    if (problem) return { status: 400, reason: `malformed body: ${problem}` };
    (req as http.IncomingMessage & { rawBody: Buffer }).rawBody = body;
    return "to Bolt";
  }

  /**
   * A signed request seen before within the window: refused, unless Slack marks it as its own
   * retry of something already handled, which is acknowledged so Slack stops retrying.
   */
  private replayed(req: http.IncomingMessage, signed: SignatureHeaders): Admission | null {
    const nowSeconds = Math.floor(this.now() / 1000);
    if (!this.recent.seenBefore(signed.signature, signed.timestampSeconds, nowSeconds)) return null;
    if (req.headers["x-slack-retry-num"] !== undefined) return "answered";
    return { status: 401, reason: "replayed request (same signature seen within 5 minutes)" };
  }

  private logRefusal(refusal: Refusal): void {
    const now = this.now();
    const logged = this.refusalsLogged.get(refusal.reason);
    if (logged && now - logged.at < 60_000) {
      logged.count += 1;
      return;
    }
    const since = logged && logged.count > 0 ? ` (${logged.count} more since the last such line)` : "";
    this.refusalsLogged.set(refusal.reason, { at: now, count: 0 });
    this.options.logger.warn(
      `Slack endpoint refused a request with ${refusal.status}: ${refusal.reason}${since}`,
    );
  }
}
