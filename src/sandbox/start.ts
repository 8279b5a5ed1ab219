/**
 * `npm start` without Slack tokens: the sandbox around the unchanged app. In two steps, so the
 * address is the first thing printed:
 *
 * 1. listenSandbox binds HOST:PORT at once (a "starting" page answers while the sample loads);
 * 2. serve — once the store holds the sample and its analyses — sets up the sample's admin,
 *    manager and rep as Slack users (the manager linked as `rituals link` links one, the rep by
 *    email as the app links anyone), a demo monthly review in #revenue-review and a few action
 *    items, starts the sandbox's Web API, the real app (createApp, HTTP receiver on a loopback
 *    port, Web API URL pointing at the sandbox) and the page, and runs until SIGINT or SIGTERM.
 *
 * The app gets what it gets in Slack — a token, a signing secret, signed requests — and one
 * injected thing: the sandbox's clock.
 */
import crypto from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { LogLevel } from "@slack/bolt";
import { DateTime } from "luxon";
import { createActionItem } from "../actions/create-item";
import { type ActionReminders, startActionReminders } from "../actions/runtime";
import { createApp, type SlackApp } from "../app";
import type { Config } from "../config";
import { AppError } from "../errors";
import { scheduledReviews } from "../rituals/action-reviews";
import type { Clock } from "../rituals/clock";
import { createRitual } from "../rituals/definitions";
import { type RunningRituals, startRituals } from "../rituals/runtime";
import { slackActionReminderDeps } from "../slack/action-reminders";
import { connectToSlack } from "../slack/connect";
import { consoleLogger, redactingLogger } from "../slack/logger";
import { rememberSecrets } from "../slack/redact";
import type { Db } from "../store/db";
import {
  findManagerLink,
  linkSlackUserToManager,
  listRepDirectory,
  type RepDirectoryEntry,
} from "../store/slack-links-repository";
import { SandboxClock } from "./clock";
import { signedDelivery } from "./delivery";
import { FakeSlackApi } from "./fake-slack-api";
import {
  type PageHandlers,
  type PageServer,
  slashCommandsFromManifest,
  startPageServer,
} from "./page-server";
import { nextScheduled } from "./upcoming";
import { type SandboxBot, type SandboxPerson, type Upcoming, Workspace } from "./workspace";

export interface SandboxOutput {
  say: (line: string) => void;
  complain: (line: string) => void;
}

export const SANDBOX_CHANNELS = [
  { id: "C0REVIEW", name: "revenue-review" },
  { id: "C0GENERAL", name: "general" },
] as const;

export const SANDBOX_BOT: SandboxBot = {
  userId: "U0BOT",
  botId: "B0BOT",
  appId: "A0SANDBOX",
  name: "Revenue Rituals",
};

export const DEMO_RITUAL = { name: "Monthly revenue review", kind: "monthly-review" } as const;

const ORDINALS = ["first", "second", "third", "fourth"];

/**
 * The demo review's schedule, picked so its next meeting is two business days from the start and
 * its pre-read (a day ahead) the next one: a newcomer's first clock jump brings it. Monthly on
 * that weekday, e.g. "first Friday of the month at 08:30".
 */
export function demoSchedule(nowMs: number, zone: string): string {
  let day = DateTime.fromMillis(nowMs, { zone }).startOf("day");
  for (let business = 0; business < 2; ) {
    day = day.plus({ days: 1 });
    if (day.weekday <= 5) business++;
  }
  const nth = Math.ceil(day.day / 7);
  const ordinal = nth > 4 ? "last" : ORDINALS[nth - 1];
  return `${ordinal} ${day.setLocale("en-US").toFormat("cccc")} of the month at 08:30`;
}

/** Only the sandbox's own Web API takes it; it reaches nothing else. */
const SANDBOX_TOKEN = "xoxb-sandbox-local-only";

/** The sandbox could not start: `exitCode` 2 when a setting must change. */
export class SandboxStartError extends AppError {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super("sandbox_start_failed", message);
    this.name = "SandboxStartError";
  }
}

/** The sample's people the switcher offers: an admin, a manager with a team, a rep in it. */
export function samplePeople(reps: readonly RepDirectoryEntry[], zone: string): SandboxPerson[] {
  const managerName = [...new Set(reps.map((r) => r.manager).filter((m): m is string => Boolean(m)))]
    .map((name) => ({ name, reports: reps.filter((r) => r.manager === name && r.team && r.email) }))
    .find((m) => m.reports.length > 0);
  if (!managerName) throw new SandboxStartError("the sample has no manager with reps to show", 1);
  const rep = managerName.reports[0] as RepDirectoryEntry;
  const managerRep = reps.find((r) => r.name === managerName.name);
  return [
    {
      id: "U0ADMIN",
      name: "Avery Admin",
      role: "admin",
      title: "RevOps admin",
      timeZone: zone,
      email: "avery.admin@sandbox.invalid",
    },
    {
      id: "U0MANAGER",
      name: managerName.name,
      role: "manager",
      title: `Manager, ${rep.team}`,
      timeZone: zone,
      ...(managerRep?.email ? { email: managerRep.email } : {}),
    },
    {
      id: "U0REP",
      name: rep.name,
      role: "rep",
      title: `Account executive, ${rep.team}`,
      timeZone: zone,
      email: rep.email as string,
    },
  ];
}

function manifestCommands() {
  return slashCommandsFromManifest(readFileSync(new URL("../../manifest.yml", import.meta.url), "utf8"));
}

function localDate(atMs: number, zone: string, plusDays: number): string {
  return DateTime.fromMillis(atMs, { zone }).plus({ days: plusDays }).toISODate() as string;
}

/**
 * What a newcomer should find: the demo review in #revenue-review and a few open action items.
 * Idempotent: a second start finds them there and adds nothing.
 */
export function seedDemo(db: Db, config: Config, people: readonly SandboxPerson[], nowMs: number): void {
  const [admin, manager, rep] = people as [SandboxPerson, SandboxPerson, SandboxPerson];
  const now = new Date(nowMs);
  if (manager.email === undefined && findManagerLink(db, manager.id) === null) {
    // what `rituals link @manager "Name"` does for a manager without a rep row
    linkSlackUserToManager(db, manager.name, manager.id, now);
  }
  try {
    createRitual(
      {
        db,
        now,
        actor: { slackUserId: admin.id },
        adminIds: new Set([admin.id]),
        fiscalYearStartMonth: config.FISCAL_YEAR_START_MONTH,
      },
      {
        ...DEMO_RITUAL,
        schedule: demoSchedule(nowMs, config.WORKSPACE_TIMEZONE),
        channel: SANDBOX_CHANNELS[0].id,
        zone: config.WORKSPACE_TIMEZONE,
        facilitator: manager.id,
      },
    );
  } catch (error) {
    if ((error as AppError).code !== "ritual_exists") throw error;
  }
  const items = [
    { text: "Send the renewal proposal to the largest account at risk", days: 2 },
    { text: "Book a pricing call with procurement for the stalled expansion", days: 5 },
    { text: "Update next steps on every deal closing this month", days: 9 },
  ];
  items.forEach((item, i) => {
    createActionItem(
      db,
      {
        text: item.text,
        ownerId: rep.id,
        creatorId: manager.id,
        deadline: localDate(nowMs, rep.timeZone, item.days),
        ownerZone: rep.timeZone,
        source: "manual",
        requestKey: `sandbox-demo-${i + 1}`,
      },
      now,
    );
  });
}

/** The bound page address, before the app is there. */
export interface SandboxListener {
  url: string;
  /** Sets everything up over the loaded store and serves until SIGINT/SIGTERM; the exit code. */
  serve: (db: Db) => Promise<number>;
  /** Stops listening (when starting failed before serve); safe to call more than once. */
  close: () => void;
}

const STARTING_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="1"><title>Revenue Rituals sandbox</title></head><body style="font-family:sans-serif;margin:4rem;color:#1d1c1d"><h1>Revenue Rituals sandbox</h1><p>Starting: loading the sample company and computing its analyses. This page reloads itself.</p></body></html>`;

function startingAnswer(req: http.IncomingMessage, res: http.ServerResponse): void {
  const path = new URL(req.url ?? "/", "http://sandbox").pathname;
  if (path === "/") {
    res.writeHead(200, {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'",
    });
    res.end(STARTING_PAGE);
    return;
  }
  res.writeHead(503, { "content-type": "application/json; charset=utf-8", "retry-after": "1" });
  res.end(JSON.stringify({ error: "the sandbox is starting" }));
}

/** Binds the page's address and prints it; a port in use or a bad host is one line and exit 2. */
export async function listenSandbox(config: Config, out: SandboxOutput): Promise<SandboxListener> {
  const server = http.createServer(startingAnswer);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(config.PORT, config.HOST, () => resolve());
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "EADDRINUSE"
        ? `port ${config.PORT} on ${config.HOST} is in use: stop what holds it or set PORT to another port`
        : `cannot listen on ${config.HOST}:${config.PORT} (${code ?? (error as Error).message}): check HOST and PORT`;
    throw new SandboxStartError(why, 2);
  }
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  out.say(`Sandbox: ${url} (open it in a browser; Ctrl-C stops it)`);
  return {
    url,
    serve: (db) => serveSandbox(db, config, out, server, url),
    close: () => {
      if (!server.listening) return;
      server.closeAllConnections();
      server.close();
    },
  };
}

export interface RunningSandbox {
  workspace: Workspace;
  api: FakeSlackApi;
  clock: SandboxClock;
  app: SlackApp;
  page: PageServer;
  people: SandboxPerson[];
  stop: () => Promise<void>;
}

/** The parts of the running app, each set as soon as it runs, so a failed start stops what started. */
interface SandboxParts {
  app: SlackApp | null;
  rituals: RunningRituals | null;
  reminders: ActionReminders | null;
}

/** The sample's people as Slack users in the sandbox's one workspace, with the demo set up. */
function sandboxWorkspace(
  db: Db,
  config: Config,
  clock: SandboxClock,
): { people: SandboxPerson[]; workspace: Workspace } {
  const people = samplePeople(listRepDirectory(db), config.WORKSPACE_TIMEZONE);
  seedDemo(db, config, people, clock.now());
  const workspace = new Workspace({
    people,
    bot: SANDBOX_BOT,
    channels: SANDBOX_CHANNELS,
    teamId: "T0SANDBOX",
    teamDomain: "revenue-rituals-sandbox",
    now: () => clock.now(),
    timeZone: config.WORKSPACE_TIMEZONE,
  });
  return { people, workspace };
}

/** The app's configuration in the sandbox: its token, a fresh signing secret, the sandbox's Web API. */
function sandboxAppConfig(config: Config, apiUrl: string, signingSecret: string): Config {
  return {
    ...config,
    SLACK_BOT_TOKEN: SANDBOX_TOKEN,
    SLACK_APP_TOKEN: undefined,
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: apiUrl,
    SLACK_ADMIN_USER_IDS: [...config.SLACK_ADMIN_USER_IDS, "U0ADMIN"],
    // nothing in the sandbox reaches the internet: pre-reads use the template summary
    ANTHROPIC_API_KEY: undefined,
  };
}

/**
 * The app as npm start starts it against Slack (connect, rituals, createApp on a loopback port),
 * on the sandbox's clock, and its reminder loop held here so a clock jump can run it at once.
 */
async function startSandboxApp(
  db: Db,
  appConfig: Config,
  clock: SandboxClock,
  log: (line: string) => void,
  parts: SandboxParts,
): Promise<{ app: SlackApp; rituals: RunningRituals; reminders: ActionReminders; port: number | null }> {
  const ritualsClock: Clock = {
    now: clock.date,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
  };
  // asked as npm start asks Slack, so the app starts exactly as it does there
  const identity = await connectToSlack(appConfig);
  const rituals = startRituals({
    db,
    config: appConfig,
    clock: ritualsClock,
    anthropic: null,
    holder: "sandbox",
    log,
  });
  parts.rituals = rituals;
  const app = createApp({
    config: appConfig,
    db,
    identity,
    mode: "http",
    clock: clock.date,
    rituals: rituals.scheduler,
    anthropic: null,
  });
  parts.app = app;
  const { port } = await app.start(0, "127.0.0.1");
  const reminders = startActionReminders(
    slackActionReminderDeps({
      client: app.app.client,
      db,
      config: appConfig,
      clock: clock.date,
      logger: redactingLogger(consoleLogger(appConfig.LOG_LEVEL as LogLevel)),
      reviews: (at) => scheduledReviews(db, at),
    }),
  );
  parts.reminders = reminders;
  return { app, rituals, reminders, port };
}

/**
 * What the page's clicks and commands do: signed requests to the app, then the next scheduled
 * post shown again; "jump to next" moves the clock there and runs what fell due.
 */
function sandboxHandlers(
  db: Db,
  zone: string,
  link: { workspace: Workspace; api: FakeSlackApi; appUrl: string; signingSecret: string },
  clock: SandboxClock,
  running: { rituals: RunningRituals; reminders: ActionReminders },
): PageHandlers {
  const showUpcoming = () => link.workspace.setUpcoming(nextScheduled(db, zone, clock.now()));
  const delivered = signedDelivery({
    ...link,
    clockNext: async () => {
      const next: Upcoming | null = nextScheduled(db, zone, clock.now());
      if (!next) return;
      // a second past the moment, so whatever is due "by now" includes it
      clock.jumpTo(next.at + 1000);
      await running.rituals.scheduler.tick();
      await running.reminders.runNow();
    },
  });
  const handlers = afterEach(delivered, showUpcoming);
  showUpcoming();
  return handlers;
}

/** Everything but the waiting for a signal: what serve runs, and what tests and the bench drive. */
export async function startSandbox(
  db: Db,
  config: Config,
  server: http.Server,
  clock = new SandboxClock(),
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<RunningSandbox> {
  const { people, workspace } = sandboxWorkspace(db, config, clock);
  const api = await new FakeSlackApi({ workspace, botToken: SANDBOX_TOKEN }).start();
  const signingSecret = crypto.randomBytes(24).toString("hex");
  rememberSecrets([signingSecret]);
  const appConfig = sandboxAppConfig(config, api.apiUrl, signingSecret);
  const parts: SandboxParts = { app: null, rituals: null, reminders: null };
  try {
    const { app, rituals, reminders, port } = await startSandboxApp(db, appConfig, clock, log, parts);
    const appUrl = `http://127.0.0.1:${port}/slack/events`;
    const handlers = sandboxHandlers(
      db,
      config.WORKSPACE_TIMEZONE,
      { workspace, api, appUrl, signingSecret },
      clock,
      { rituals, reminders },
    );
    const page = await startPageServer({ workspace, handlers, commands: manifestCommands(), server });
    return {
      workspace,
      api,
      clock,
      app,
      page,
      people,
      stop: async () => {
        await page.close();
        reminders.stop();
        await rituals.stop();
        await app.stop();
        await api.stop();
      },
    };
  } catch (error) {
    parts.reminders?.stop();
    await parts.rituals?.stop().catch(() => {});
    await parts.app?.stop().catch(() => {});
    await api.stop();
    throw error;
  }
}

/** The handlers, each followed by `then` (a ritual created or an item added moves what is next). */
function afterEach(handlers: PageHandlers, then: () => void): PageHandlers {
  const wrap =
    <A extends unknown[], R>(run: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await run(...args);
      } finally {
        then();
      }
    };
  return {
    command: wrap(handlers.command),
    action: wrap(handlers.action),
    viewSubmit: wrap(handlers.viewSubmit),
    viewClose: wrap(handlers.viewClose),
    ...(handlers.suggest ? { suggest: handlers.suggest } : {}),
    homeOpened: wrap(handlers.homeOpened),
    clockNext: wrap(handlers.clockNext),
  };
}

async function serveSandbox(
  db: Db,
  config: Config,
  out: SandboxOutput,
  server: http.Server,
  url: string,
): Promise<number> {
  const sandbox = await startSandbox(db, config, server, new SandboxClock(), out.complain);
  const who = sandbox.people.map((p) => `${p.name} (${p.role})`).join(", ");
  out.say(`Sandbox: ready at ${url} as ${who}; the demo review posts in #${SANDBOX_CHANNELS[0].name}`);
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  out.say("Sandbox: stopping");
  await sandbox.stop();
  return 0;
}
