/**
 * Serves the sandbox page: its HTML, script and styles, the workspace as one person sees it
 * (`GET /state`, and `GET /events` pushing it again on every change), the uploaded files, and the
 * person's doings — a slash command, a click, a modal submitted or closed, the Home tab opened, the
 * clock jumped — which it hands to the injected handlers (the code that turns them into signed
 * Slack requests to the app). Binds to 127.0.0.1 unless told otherwise; loads nothing from
 * outside and lets the page load nothing from outside either.
 */
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { errorCode } from "../errors";
import {
  blockAction,
  clientSideErrors,
  findElement,
  PageRequestError,
  type PickedValue,
  suggestedOptions,
  viewStateValues,
  withSuggestions,
} from "./page-payloads";
import { pageState, type SlashCommand } from "./render/page-state";
import {
  type SandboxPerson,
  SLACKBOT_ID,
  SlackRefusal,
  type ViewSubmissionResponse,
  type Workspace,
  type WorkspaceChange,
  type WorkspaceView,
} from "./workspace";

export interface CommandRequest {
  user: string;
  channel: string;
  /** "/forecast" */
  command: string;
  /** what follows the command */
  text: string;
  triggerId: string;
}

export interface ActionRequest {
  user: string;
  triggerId: string;
  /** Slack's block action: type, action_id, block_id, action_ts and the value or selection */
  action: Record<string, unknown>;
  container:
    | { type: "message"; channelId: string; messageTs: string; isEphemeral: boolean }
    | { type: "view"; viewId: string };
  /** the message clicked in (Slack's shape), null in a modal or the Home tab */
  message: Record<string, unknown> | null;
  /** the modal or Home tab clicked in (Slack's shape, with state.values) */
  view: Record<string, unknown> | null;
}

export interface ViewSubmitRequest {
  user: string;
  triggerId: string;
  /** Slack's view, with state.values as entered */
  view: Record<string, unknown>;
}

export interface SuggestRequest {
  user: string;
  blockId: string;
  actionId: string;
  /** what was typed */
  value: string;
  /** the modal searched in (Slack's shape, with state.values) */
  view: Record<string, unknown>;
}

export interface ViewCloseRequest {
  user: string;
  view: Record<string, unknown>;
  /** the whole stack closed (clear_on_close) */
  isCleared: boolean;
}

/** What the page's doings become: each resolves once the app has answered it. */
export interface PageHandlers {
  command(request: CommandRequest): Promise<void>;
  action(request: ActionRequest): Promise<void>;
  /** resolves with the app's response body to the view_submission (null when it answered empty) */
  viewSubmit(request: ViewSubmitRequest): Promise<ViewSubmissionResponse | null>;
  /**
   * An external select's search typed in a modal: Slack's block_suggestion. Resolves with the
   * options the app answered (Slack's option objects); absent, a search finds nothing.
   */
  suggest?(request: SuggestRequest): Promise<Record<string, unknown>[]>;
  /** only for modals opened with notify_on_close */
  viewClose(request: ViewCloseRequest): Promise<void>;
  homeOpened(request: { user: string; channel: string; view: Record<string, unknown> | null }): Promise<void>;
  /** move the clock to the next scheduled post or reminder */
  clockNext(): Promise<void>;
}

export interface PageServerOptions {
  workspace: Workspace;
  handlers: PageHandlers;
  /** the manifest's slash commands: the composer offers them with their usage hints */
  commands: readonly SlashCommand[];
  port?: number;
  host?: string;
  /** who the page shows first; the first person by default */
  viewer?: string;
  /**
   * A server already listening (npm start binds its address first, before the sample loads): the
   * page takes over its requests; `port` and `host` are then not used.
   */
  server?: http.Server;
}

export interface PageServer {
  /** http://host:port */
  url: string;
  viewer(): SandboxPerson;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 64 * 1024;
const KEEPALIVE_MS = 15_000;

const WEB_DIR = new URL("./web/", import.meta.url);
const ASSETS: Record<string, { file: string; type: string }> = {
  "/": { file: "index.html", type: "text/html; charset=utf-8" },
  "/client.js": { file: "client.js", type: "text/javascript; charset=utf-8" },
  "/style.css": { file: "style.css", type: "text/css; charset=utf-8" },
};

/** The page may load only from this server: no fonts, scripts or images from the internet. */
const PAGE_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const picked = z.object({
  blockId: z.string().min(1),
  actionId: z.string().min(1),
  value: z.string().nullable().optional(),
  values: z.array(z.string()).optional(),
});
const schemas = {
  command: z.object({ channel: z.string().min(1), text: z.string().min(1).max(4000) }),
  message: z.object({
    channel: z.string().min(1),
    text: z.string().min(1).max(4000),
    threadTs: z.string().optional(),
  }),
  action: z.object({
    container: z.discriminatedUnion("type", [
      z.object({ type: z.literal("message"), channel: z.string(), ts: z.string() }),
      z.object({ type: z.literal("view"), viewId: z.string() }),
    ]),
    action: picked,
    values: z.array(picked).optional(),
  }),
  viewSubmit: z.object({ viewId: z.string().min(1), values: z.array(picked) }),
  viewClose: z.object({ viewId: z.string().min(1) }),
  suggest: z.object({
    viewId: z.string().min(1),
    blockId: z.string().min(1),
    actionId: z.string().min(1),
    value: z.string().max(200),
    values: z.array(picked).optional(),
  }),
  person: z.object({ id: z.string().min(1) }),
};

/** An option's text object as plain text. */
function plainText(text: unknown): string {
  return typeof text === "object" && text !== null && typeof (text as { text?: unknown }).text === "string"
    ? (text as { text: string }).text
    : "";
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  if (!req.headers["content-type"]?.startsWith("application/json")) {
    // also keeps other sites' plain form posts out: a JSON post from elsewhere needs CORS, never given
    throw new PageRequestError("send the body as application/json", 415);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new PageRequestError(`request body over ${MAX_BODY_BYTES} bytes`, 413);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
  } catch {
    throw new PageRequestError("the body is not valid JSON");
  }
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`);
  throw new PageRequestError(problems.join("; "));
}

/** "/forecast 2026-12 team:West" → command and text, as Slack splits them. */
export function splitCommand(input: string): { command: string; text: string } {
  const trimmed = input.trim();
  const space = trimmed.search(/\s/);
  return space === -1
    ? { command: trimmed.toLowerCase(), text: "" }
    : { command: trimmed.slice(0, space).toLowerCase(), text: trimmed.slice(space + 1).trim() };
}

/**
 * The slash commands of a Slack app manifest (its `features.slash_commands` list). The manifest is
 * this project's own file, so this reads only the YAML forms it is written in: `- command: /x`
 * items with plain or double-quoted scalar fields.
 */
export function slashCommandsFromManifest(yaml: string): SlashCommand[] {
  const commands: SlashCommand[] = [];
  let inList = false;
  let listIndent = 0;
  for (const line of yaml.split("\n")) {
    if (/^\s*#/.test(line) || !line.trim()) continue;
    const indent = line.search(/\S/);
    if (/^\s*slash_commands:\s*$/.test(line)) {
      inList = true;
      listIndent = indent;
      continue;
    }
    if (!inList) continue;
    if (indent <= listIndent && !line.trimStart().startsWith("-")) break;
    const field = /^\s*(?:-\s+)?([a-z_]+):\s*(.*)$/.exec(line);
    if (!field) continue;
    const [, key, rawValue = ""] = field;
    const value = rawValue.startsWith('"') ? (JSON.parse(rawValue) as string) : rawValue.trim();
    if (line.trimStart().startsWith("-")) commands.push({ command: "", description: "", usageHint: "" });
    const current = commands.at(-1);
    if (!current) continue;
    if (key === "command") current.command = value;
    else if (key === "description") current.description = value;
    else if (key === "usage_hint") current.usageHint = value;
  }
  return commands.filter((c) => c.command.startsWith("/"));
}

/** The page's routes over one workspace, for the one person the page is showing. */
class SandboxPage {
  private readonly workspace: Workspace;
  private readonly handlers: PageHandlers;
  private readonly commands: readonly SlashCommand[];
  private readonly assets: Map<string, { body: Buffer; type: string }>;
  private readonly streams = new Set<http.ServerResponse>();
  private readonly unsubscribe: () => void;
  private current: SandboxPerson;
  private pushPending = false;

  readonly routes: Record<string, (body: unknown) => Promise<unknown>> = {
    "/command": (body) => this.command(parse(schemas.command, body)),
    "/message": async (body) => this.message(parse(schemas.message, body)),
    "/action": (body) => this.action(parse(schemas.action, body)),
    "/view-submit": (body) => this.viewSubmit(parse(schemas.viewSubmit, body)),
    "/view-close": (body) => this.viewClose(parse(schemas.viewClose, body)),
    "/suggest": (body) => this.suggest(parse(schemas.suggest, body)),
    "/person": async (body) => this.switchPerson(parse(schemas.person, body).id),
    "/home-opened": () => this.homeOpened(),
    "/clock/next": async () => {
      await this.handlers.clockNext();
      this.workspace.clockMoved();
      return { ok: true };
    },
  };

  constructor(options: PageServerOptions) {
    this.workspace = options.workspace;
    this.handlers = options.handlers;
    this.commands = options.commands;
    this.assets = new Map(
      Object.entries(ASSETS).map(([path, a]) => [
        path,
        { body: readFileSync(new URL(a.file, WEB_DIR)), type: a.type },
      ]),
    );
    const first = this.workspace.person(options.viewer ?? "") ?? this.workspace.people[0];
    if (!first) throw new PageRequestError("the sandbox needs at least one person");
    this.current = first;
    this.unsubscribe = this.workspace.subscribe((change) => {
      if (this.concernsViewer(change)) this.push();
    });
  }

  viewer(): SandboxPerson {
    return this.current;
  }

  state() {
    return pageState(this.workspace, this.current, this.commands);
  }

  private concernsViewer(change: WorkspaceChange): boolean {
    if (change.kind === "clock") return true;
    if (change.kind === "message") return change.visibleTo === null || change.visibleTo === this.current.id;
    return change.user === this.current.id;
  }

  /** Changes come in bursts (a post, then an update): one push per turn of the event loop. */
  private push(): void {
    if (this.pushPending || this.streams.size === 0) return;
    this.pushPending = true;
    setImmediate(() => {
      this.pushPending = false;
      const data = JSON.stringify(this.state());
      for (const res of this.streams) res.write(`event: state\ndata: ${data}\n\n`);
    });
  }

  private async command({ channel, text }: z.infer<typeof schemas.command>) {
    this.workspace.resolveChannel(channel);
    const { command, text: args } = splitCommand(text);
    const user = this.current.id;
    if (!this.commands.some((c) => c.command === command)) {
      // what Slack answers for a command no app in the workspace declares
      this.workspace.postEphemeral({
        channel,
        user,
        author: SLACKBOT_ID,
        text: `\`${command}\` is not a valid command. In Slack, messages that start with “/” are interpreted as commands.`,
      });
      return { ok: true, unknownCommand: command };
    }
    await this.handlers.command({
      user,
      channel,
      command,
      text: args,
      triggerId: this.workspace.issueTrigger(user),
    });
    return { ok: true };
  }

  /** A person's own message: the app does not read messages, so it stays in the workspace. */
  private message({ channel, text, threadTs }: z.infer<typeof schemas.message>) {
    const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    const message = this.workspace.postMessage({
      channel,
      text: escaped,
      user: this.current.id,
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
    return { ok: true, ts: message.ts };
  }

  /** A modal of the viewer's, or their Home tab. */
  private openView(viewId: string): WorkspaceView {
    const home = this.workspace.home(this.current.id);
    const view =
      this.workspace.stackOf(this.current.id).find((v) => v.id === viewId) ??
      (home?.id === viewId ? home : null);
    if (!view) throw new PageRequestError(`view ${viewId} is not open`, 409);
    return view;
  }

  private async action(request: z.infer<typeof schemas.action>) {
    const user = this.current.id;
    const actionTs = (this.workspace.now() / 1000).toFixed(6);
    const triggerId = this.workspace.issueTrigger(user);
    const chosen = request.action as PickedValue;
    if (request.container.type === "message") {
      const { channel, ts } = request.container;
      const message = this.workspace.messagesFor(channel, user).find((m) => m.ts === ts);
      if (!message) throw new PageRequestError(`message ${ts} is no longer in ${channel}`, 409);
      await this.handlers.action({
        user,
        triggerId,
        action: blockAction(message.blocks, chosen, actionTs),
        container: {
          type: "message",
          channelId: channel,
          messageTs: ts,
          isEphemeral: message.visibleTo !== null,
        },
        message: this.workspace.slackMessage(message),
        view: null,
      });
      return { ok: true };
    }
    const view = this.openView(request.container.viewId);
    const blocks = withSuggestions(view.blocks, view.suggestions);
    if (request.values) this.workspace.recordValues(view.id, viewStateValues(blocks, request.values));
    await this.handlers.action({
      user,
      triggerId,
      action: blockAction(blocks, chosen, actionTs),
      container: { type: "view", viewId: view.id },
      message: null,
      view: this.workspace.slackView(view),
    });
    return { ok: true };
  }

  /** Slack's own checks first (required inputs), then the app's answer decides what the modal does. */
  private async viewSubmit({ viewId, values }: z.infer<typeof schemas.viewSubmit>) {
    const user = this.current.id;
    const view = this.openView(viewId);
    const blocks = withSuggestions(view.blocks, view.suggestions);
    const state = viewStateValues(blocks, values);
    this.workspace.recordValues(viewId, state);
    const refused = clientSideErrors(blocks, state);
    if (Object.keys(refused).length > 0) {
      this.workspace.applyViewSubmissionResponse(user, viewId, {
        response_action: "errors",
        errors: refused,
      });
      return { ok: true, errors: refused };
    }
    const response = await this.handlers.viewSubmit({
      user,
      triggerId: this.workspace.issueTrigger(user),
      view: this.workspace.slackView(view),
    });
    this.workspace.applyViewSubmissionResponse(user, viewId, response);
    return { ok: true, ...(response?.response_action === "errors" ? { errors: response.errors ?? {} } : {}) };
  }

  /** Slack asks the app for options once the person has typed min_query_length characters (3 unless set). */
  private async suggest({ viewId, blockId, actionId, value, values }: z.infer<typeof schemas.suggest>) {
    const view = this.openView(viewId);
    const el = findElement(view.blocks, blockId, actionId);
    if (!el || !String(el.type).endsWith("external_select")) {
      throw new PageRequestError(`${blockId}/${actionId} is not an external select of view ${viewId}`, 409);
    }
    const min = typeof el.min_query_length === "number" ? el.min_query_length : 3;
    if (value.length < min || !this.handlers.suggest) return { ok: true, options: [] };
    if (values) {
      this.workspace.recordValues(
        view.id,
        viewStateValues(withSuggestions(view.blocks, view.suggestions), values),
      );
    }
    const options = await this.handlers.suggest({
      user: this.current.id,
      blockId,
      actionId,
      value,
      view: this.workspace.slackView(view),
    });
    const found = suggestedOptions({ options });
    this.workspace.recordSuggestions(view.id, blockId, actionId, found);
    return { ok: true, options: found.map((o) => ({ value: o.value, label: plainText(o.text) })) };
  }

  private async viewClose({ viewId }: z.infer<typeof schemas.viewClose>) {
    const user = this.current.id;
    const view = this.workspace.closeView(user, viewId);
    if (view.notifyOnClose) {
      await this.handlers.viewClose({
        user,
        view: this.workspace.slackView(view),
        isCleared: view.clearOnClose,
      });
    }
    return { ok: true };
  }

  private switchPerson(id: string) {
    const person = this.workspace.person(id);
    if (!person) throw new PageRequestError(`no person "${id}" in the sandbox`, 404);
    this.current = person;
    this.push();
    return { ok: true, viewer: person.id };
  }

  private async homeOpened() {
    const user = this.current.id;
    const home = this.workspace.home(user);
    const channel = this.workspace.dmOf(user)?.id ?? "";
    await this.handlers.homeOpened({ user, channel, view: home ? this.workspace.slackView(home) : null });
    return { ok: true };
  }

  private serveFile(res: http.ServerResponse, path: string): void {
    const id = /^\/files\/(F\w+)\//.exec(path)?.[1];
    const file = id ? this.workspace.file(id) : null;
    if (!file || file.path !== path || file.bytes === null) {
      sendJson(res, 404, { error: `no file at ${path}` });
      return;
    }
    res.writeHead(200, {
      "content-type": file.mimetype,
      "content-length": file.bytes.byteLength,
      // a served SVG or HTML file never runs as the page
      "content-security-policy": "sandbox; default-src 'none'; style-src 'unsafe-inline'",
      "x-content-type-options": "nosniff",
      "cache-control": "private, max-age=3600",
    });
    res.end(file.bytes);
  }

  private openStream(req: http.IncomingMessage, res: http.ServerResponse): void {
    res.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-store",
      connection: "keep-alive",
    });
    res.write(`event: state\ndata: ${JSON.stringify(this.state())}\n\n`);
    this.streams.add(res);
    const keepAlive = setInterval(() => res.write(": keep-alive\n\n"), KEEPALIVE_MS);
    req.on("close", () => {
      clearInterval(keepAlive);
      this.streams.delete(res);
    });
  }

  async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://sandbox").pathname;
    if (req.method === "GET") {
      const asset = this.assets.get(path);
      if (asset) {
        res.writeHead(200, {
          "content-type": asset.type,
          "content-security-policy": PAGE_POLICY,
          "cache-control": "no-cache",
        });
        return void res.end(asset.body);
      }
      if (path === "/state") return sendJson(res, 200, this.state());
      if (path === "/events") return this.openStream(req, res);
      if (path.startsWith("/files/")) return this.serveFile(res, path);
      if (!this.routes[path]) return sendJson(res, 404, { error: `nothing at ${path}` });
    }
    const route = this.routes[path];
    if (!route) return sendJson(res, 404, { error: `nothing at ${path}` });
    if (req.method !== "POST") return sendJson(res, 405, { error: `${path} takes POST` });
    sendJson(res, 200, await route(await readJson(req)));
  }

  close(): void {
    this.unsubscribe();
    for (const res of this.streams) res.end();
    this.streams.clear();
  }
}

export async function startPageServer(options: PageServerOptions): Promise<PageServer> {
  const page = new SandboxPage(options);
  const serve = (req: http.IncomingMessage, res: http.ServerResponse) => {
    page.handle(req, res).catch((error: unknown) => answerError(res, error));
  };
  let server: http.Server;
  if (options.server) {
    server = options.server;
    server.removeAllListeners("request");
    server.on("request", serve);
  } else {
    const created = http.createServer(serve);
    server = created;
    await new Promise<void>((resolve, reject) => {
      created.once("error", reject);
      created.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
    });
  }
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    viewer: () => page.viewer(),
    close: async () => {
      page.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Every failure is answered as JSON with a message the page shows; none is dropped. */
function answerError(res: http.ServerResponse, error: unknown): void {
  if (res.headersSent) res.end();
  else if (error instanceof PageRequestError) {
    sendJson(res, error.status, { error: error.message, code: error.code });
  } else if (error instanceof SlackRefusal) {
    sendJson(res, 400, { error: error.message, code: error.code, slackError: error.slackError });
  } else {
    // the handlers stand for the app: its failure is a bad gateway, not the page's fault
    const message = error instanceof Error ? error.message : String(error);
    sendJson(res, 502, {
      error: `the app did not answer: ${message}`,
      code: errorCode(error) ?? "app_failed",
    });
  }
}
