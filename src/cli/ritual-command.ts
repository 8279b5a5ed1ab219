import fs from "node:fs";
import os from "node:os";
import { parseArgs } from "node:util";
import { createAnthropicClient } from "../narrative/write-summary";
import { systemClock } from "../rituals/clock";
import {
  createRitual,
  describeRitualSchedule,
  getRitual,
  pauseRitual,
  type RitualContext,
  RitualError,
  type RitualField,
  removeRitual,
  resumeRitual,
  ritualSchedule,
} from "../rituals/definitions";
import { ritualCalendar } from "../rituals/ics";
import { formatInZone, formatLocal } from "../rituals/local-time";
import { ritualsScheduler } from "../rituals/runtime";
import { describeLeadTime, type Occurrence, parseLeadTime, upcoming } from "../rituals/schedule";
import { ritualSubject } from "../rituals/scheduler";
import type { Db } from "../store/db";
import { openDatabase } from "../store/db";
import { listOccurrences, type OccurrenceRecord } from "../store/occurrences-repository";
import {
  listRitualChanges,
  listRituals,
  type RitualChangeRecord,
  type RitualRecord,
} from "../store/rituals-repository";
import { type CliContext, UsageError } from "./io";

export const usage = `usage: rituals ritual <action> [options]

Sets up and inspects rituals: recurring meetings whose pre-read the bot posts before each one.
  add --name N --kind K --channel C0123 --schedule "…" --tz Zone
      [--lead 1d|Nh|Nm] [--lead-on-business-day] [--duration 60m] [--facilitator U0123]
      [--skip YYYY-MM-DD,…] [--agenda "Title=30m; …"]
                    kind: monthly-review, quarterly-planning, year-end-review, custom
                    schedule: "3rd business day after month end at 10:00",
                      "first Tuesday of the month at 09:00",
                      "every Monday at 09:00 for the 4 weeks before quarter end",
                      "every December 15 at 14:00", "once on 2027-01-12 at 10:00",
                      or RRULE:FREQ=…;BYHOUR=…
                    lead: 1d (default) posts at the same local time the day before, 23 or 25
                      hours across a daylight-saving change; 6h is exact elapsed time
  list                          every ritual, its schedule and next post
  show N                        one ritual: schedule, next dates, agenda, change log
  pause N | resume N | remove N
  occurrences N [--from ISO] [--count K]
                                upcoming meetings and posts (UTC and the ritual's local time)
  ics N [--out FILE]            the meetings as an iCalendar file (stdout without --out)
  history N                     past pre-reads: posted (with message ts), late, missed, failed,
                                and which summary each carried (Claude, or the template and why)
  preview N                     the pre-read of the next meeting as it would be posted now (its
                                Block Kit, thread, files, summary and the summary's source)
  run N                         posts the pre-read now through the Web API (SLACK_BOT_TOKEN),
                                recorded as a manual occurrence
Every action takes --json. Changes are logged as the operator running this command, or with
--as U0123 as that Slack user, who must then be an admin or the ritual's facilitator.`;

const OPTIONS = {
  name: { type: "string" },
  kind: { type: "string" },
  channel: { type: "string" },
  schedule: { type: "string" },
  tz: { type: "string" },
  lead: { type: "string" },
  "lead-on-business-day": { type: "boolean" },
  duration: { type: "string" },
  facilitator: { type: "string" },
  skip: { type: "string" },
  agenda: { type: "string" },
  as: { type: "string" },
  from: { type: "string" },
  count: { type: "string" },
  out: { type: "string" },
  json: { type: "boolean" },
} as const;

type Options = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>["values"];

const ACTIONS = [
  "add",
  "list",
  "show",
  "pause",
  "resume",
  "remove",
  "occurrences",
  "ics",
  "history",
  "preview",
  "run",
];

const FIELD_OPTION: Record<RitualField, string> = {
  name: "--name",
  kind: "--kind",
  channel: "--channel",
  schedule: "--schedule",
  zone: "--tz",
  lead: "--lead",
  duration: "--duration",
  facilitator: "--facilitator",
  skip: "--skip",
  agenda: "--agenda",
};

function parse(args: string[]): { action: string; target: string | undefined; options: Options } {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.split("\n")[0] as string);
  }
  const [action, target, ...extra] = parsed.positionals;
  if (!action) throw new UsageError(`name an action: ${ACTIONS.join(", ")}`);
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}" (quote a name with spaces)`);
  return { action, target, options: parsed.values };
}

function operatorName(): string {
  try {
    return os.userInfo().username || "cli";
  } catch {
    return "cli";
  }
}

function context(ctx: CliContext, db: Db, options: Options): RitualContext {
  const as = options.as?.trim();
  if (as !== undefined && !/^[UW][A-Z0-9]{2,}$/.test(as))
    throw new UsageError(`--as "${as}" is not a Slack user id (U0123ABCD)`);
  return {
    db,
    now: ctx.now(),
    actor: as ? { slackUserId: as } : { operator: operatorName() },
    adminIds: new Set(ctx.config.SLACK_ADMIN_USER_IDS),
    fiscalYearStartMonth: ctx.config.FISCAL_YEAR_START_MONTH,
  };
}

export async function run(ctx: CliContext): Promise<number> {
  const { action, target, options } = parse(ctx.args);
  if (!ACTIONS.includes(action)) throw new UsageError(`unknown action "${action}" (${ACTIONS.join(", ")})`);
  const needsName = !["add", "list"].includes(action);
  if (needsName && !target) throw new UsageError(`ritual ${action} needs the ritual's name`);
  if (!needsName && target) throw new UsageError(`unexpected argument "${target}"`);
  const db = openDatabase(ctx.config.DATABASE_PATH);
  try {
    if (action === "preview" || action === "run")
      return await runPreRead(ctx, db, action, target as string, options);
    return runAction(ctx, db, action, target as string, options);
  } catch (error) {
    if (!(error instanceof RitualError)) throw error;
    if (error.problems.length > 0) {
      for (const p of error.problems)
        ctx.err(`rituals ritual ${action}: ${FIELD_OPTION[p.field]}: ${p.message}`);
    } else ctx.err(`rituals ritual ${action}: ${error.message}`);
    return 1;
  } finally {
    db.close();
  }
}

/** One case per action, each printing JSON with --json and lines otherwise. */
function runAction(ctx: CliContext, db: Db, action: string, name: string, options: Options): number {
  const fiscal = ctx.config.FISCAL_YEAR_START_MONTH;
  const print = (json: unknown, text: () => string[]) => {
    if (options.json) ctx.out(JSON.stringify(json, null, 2));
    else for (const line of text()) ctx.out(line);
    return 0;
  };
  switch (action) {
    case "add": {
      const ritual = add(ctx, db, options);
      const next = upcoming(ritualSchedule(ritual), ctx.now(), 3);
      return print(ritualJson(ritual, fiscal, next), () => [
        `Added ritual "${ritual.name}" (${ritual.kind}) in ${ritual.channelId}.`,
        ...summary(ritual, fiscal, next),
      ]);
    }
    case "list": {
      const rituals = listRituals(db);
      const rows = rituals.map((r) => ({
        ritual: r,
        next: r.status === "active" ? upcoming(ritualSchedule(r), ctx.now(), 1) : [],
      }));
      return print(
        rows.map((r) => ritualJson(r.ritual, fiscal, r.next)),
        () =>
          rituals.length === 0
            ? ["No rituals yet: add one with `rituals ritual add` (see --help)."]
            : rows.map((r) => listLine(r.ritual, fiscal, r.next[0])),
      );
    }
    case "show": {
      const ritual = getRitual(db, name);
      const next = upcoming(ritualSchedule(ritual), ctx.now(), 3);
      const changes = listRitualChanges(db, ritual.id);
      return print({ ...ritualJson(ritual, fiscal, next), changes }, () =>
        showLines(ritual, fiscal, next, changes),
      );
    }
    case "pause":
    case "resume":
    case "remove": {
      const rc = context(ctx, db, options);
      const change = { pause: pauseRitual, resume: resumeRitual, remove: removeRitual }[action];
      const ritual = change(rc, name);
      const done = { pause: "Paused", resume: "Resumed", remove: "Removed" }[action];
      return print(ritualJson(ritual, fiscal, []), () => [`${done} ritual "${ritual.name}".`]);
    }
    case "occurrences": {
      const ritual = getRitual(db, name);
      const from = options.from ? parseInstant(options.from) : ctx.now();
      const count = options.count ? parseCount(options.count) : 5;
      const list = upcoming(ritualSchedule(ritual), from, count);
      return print(
        list.map((o) => occurrenceJson(o, ritual.timeZone)),
        () => list.map((o) => occurrenceLine(o, ritual.timeZone)),
      );
    }
    case "ics":
      return printCalendar(ctx, getRitual(db, name), options);
    case "history": {
      const ritual = getRitual(db, name);
      const rows = listOccurrences(db, ritualSubject(ritual.id));
      return print(rows, () =>
        rows.length === 0
          ? [`No pre-reads due yet for "${ritual.name}".`]
          : rows.map((o) => historyLine(o, ritual.timeZone)),
      );
    }
    default:
      throw new UsageError(`unknown action "${action}"`);
  }
}

/** The ritual's .ics calendar, to --out FILE or printed (as JSON with --json). */
function printCalendar(ctx: CliContext, ritual: RitualRecord, options: Options): number {
  const fiscal = ctx.config.FISCAL_YEAR_START_MONTH;
  const ics = ritualCalendar(ritual, { now: ctx.now(), fiscalYearStartMonth: fiscal });
  if (options.out) {
    fs.writeFileSync(options.out, ics);
    const file = { file: options.out, bytes: Buffer.byteLength(ics) };
    ctx.out(options.json ? JSON.stringify(file, null, 2) : `Wrote ${options.out}`);
    return 0;
  }
  // out() ends each line with "\n": end on "\r" so the file keeps CRLF throughout.
  if (options.json) ctx.out(JSON.stringify({ ics }));
  else ctx.out(ics.slice(0, -1));
  return 0;
}

function add(ctx: CliContext, db: Db, options: Options): RitualRecord {
  const missing = (["name", "kind", "channel", "schedule", "tz"] as const).filter((k) => !options[k]);
  if (missing.length > 0) throw new UsageError(`ritual add needs ${missing.map((m) => `--${m}`).join(", ")}`);
  const rc = context(ctx, db, options);
  return createRitual(rc, {
    name: options.name as string,
    kind: options.kind as string,
    channel: options.channel as string,
    schedule: options.schedule as string,
    zone: options.tz as string,
    lead: options.lead,
    leadOnBusinessDay: options["lead-on-business-day"] ?? false,
    duration: options.duration,
    facilitator: options.facilitator ?? null,
    skipDates: options.skip ? options.skip.split(",") : [],
    agenda: options.agenda,
  });
}

function parseInstant(text: string): Date {
  const d = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || Number.isNaN(d.getTime())) {
    throw new UsageError(
      `--from "${text}" is not an ISO date or instant (2027-01-01 or 2027-01-01T09:00:00Z)`,
    );
  }
  return d;
}

function parseCount(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 500)
    throw new UsageError(`--count "${text}": a number from 1 to 500`);
  return n;
}

function summary(ritual: RitualRecord, fiscal: number, next: Occurrence[]): string[] {
  const zone = ritual.timeZone;
  const lead = describeLeadTime(parseLeadTime(ritual.lead));
  return [
    `Schedule: ${describeRitualSchedule(ritual, fiscal)} (${zone}), ${ritual.durationMinutes} min`,
    `  RRULE:${ritual.rrule} from ${ritual.dtstart}`,
    `Pre-read: ${lead}${ritual.leadOnBusinessDay ? ", on a business day" : ""}${ritual.facilitatorId ? `; facilitator ${ritual.facilitatorId}` : ""}`,
    ...(next.length > 0
      ? ["Next:", ...next.map((o) => `  ${occurrenceLine(o, zone)}`)]
      : ["Next: none (the schedule has ended)"]),
  ];
}

function showLines(
  ritual: RitualRecord,
  fiscal: number,
  next: Occurrence[],
  changes: RitualChangeRecord[],
): string[] {
  return [
    `${ritual.name} (${ritual.kind}, ${ritual.status}) in ${ritual.channelId}`,
    ...summary(ritual, fiscal, next),
    ...(ritual.agenda.length > 0
      ? ["Agenda:", ...ritual.agenda.map((a, i) => `  ${i + 1}. ${a.title} (${a.minutes} min)`)]
      : []),
    ...(ritual.skipDates.length > 0 ? [`Skip dates: ${ritual.skipDates.join(", ")}`] : []),
    "Changes:",
    ...changes.map(
      (c) => `  ${c.changedAt}  ${c.action.padEnd(6)}  by ${c.actor}  ${Object.keys(c.changes).join(", ")}`,
    ),
  ];
}

function listLine(ritual: RitualRecord, fiscal: number, next: Occurrence | undefined): string {
  const when =
    ritual.status === "paused"
      ? "paused"
      : next
        ? `next pre-read ${formatInZone(next.postAt, ritual.timeZone)}`
        : "ended";
  return `${ritual.name}  ${ritual.kind}  ${ritual.channelId}  ${describeRitualSchedule(ritual, fiscal)} (${ritual.timeZone})  ${when}`;
}

function occurrenceJson(o: Occurrence, zone: string) {
  return {
    meetingAt: o.meetingAt.toISOString(),
    meetingLocal: formatLocal(o.meetingLocal),
    postAt: o.postAt.toISOString(),
    postLocal: formatLocal(o.postLocal),
    timeZone: zone,
    ...(o.movedFrom ? { movedFrom: o.movedFrom } : {}),
  };
}

function occurrenceLine(o: Occurrence, zone: string): string {
  const moved = o.movedFrom ? `  (moved from ${o.movedFrom}, a skip date)` : "";
  return `meeting ${o.meetingAt.toISOString()} (${formatInZone(o.meetingAt, zone)})  pre-read ${o.postAt.toISOString()} (${formatInZone(o.postAt, zone)})${moved}`;
}

function ritualJson(ritual: RitualRecord, fiscal: number, next: Occurrence[]) {
  return {
    ...ritual,
    schedule: describeRitualSchedule(ritual, fiscal),
    next: next.map((o) => occurrenceJson(o, ritual.timeZone)),
  };
}

function historyLine(o: OccurrenceRecord, zone: string): string {
  const meeting =
    typeof o.payload.meetingAt === "string" ? formatInZone(new Date(o.payload.meetingAt), zone) : o.dueAt;
  const ts = o.messageTs ? `  ts ${o.messageTs}` : "";
  const manual = o.payload.manual ? `  manual run by ${String(o.payload.requestedBy ?? "?")}` : "";
  const summary = o.summarySource ? `  summary: ${o.summarySource}` : "";
  const why = o.reason ?? o.note;
  return `${o.dueAt}  ${o.state.padEnd(9)}  meeting ${meeting}${ts}${manual}${summary}${why ? `  ${why}` : ""}`;
}

/**
 * `preview` builds the next meeting's pre-read from what is stored (no refresh, nothing posted);
 * `run` posts it now through the Web API, as `/rituals run` does, and says how it went.
 */
async function runPreRead(
  ctx: CliContext,
  db: Db,
  action: "preview" | "run",
  name: string,
  options: Options,
) {
  const ritual = getRitual(db, name);
  if (action === "run" && !ctx.config.SLACK_BOT_TOKEN)
    throw new UsageError(
      "ritual run posts through Slack: set SLACK_BOT_TOKEN (and SLACK_API_URL for a local fake)",
    );
  // time runs from the command's now (tests pin it), so waits between posts end
  const started = Date.now();
  const at = ctx.now().getTime();
  const clock = { now: () => new Date(at + Date.now() - started), sleep: systemClock.sleep };
  const scheduler = ritualsScheduler({
    db,
    config: ctx.config,
    clock,
    anthropic: createAnthropicClient(ctx.config),
    holder: `cli:${os.hostname()}:${process.pid}`,
    log: ctx.err,
  });
  if (action === "preview") {
    const preview = await scheduler.preview(ritual.id, ctx.now());
    if (options.json) {
      ctx.out(JSON.stringify(preview, null, 2));
      return 0;
    }
    ctx.out(`Pre-read of "${ritual.name}" as it would be posted now (${ritual.channelId}):`);
    ctx.out(
      `summary: ${preview.summary?.source ?? "none"}${preview.asOf ? ` · figures as of ${preview.asOf}` : ""}`,
    );
    for (const line of preview.summary?.lines ?? []) ctx.out(`  ${line}`);
    ctx.out(
      `channel message: ${preview.blocks?.length ?? 0} blocks; thread: ${preview.thread.length} messages`,
    );
    for (const m of preview.thread) ctx.out(`  - ${m.text}`);
    for (const f of preview.files) ctx.out(`  file ${f.filename}: ${f.alt}`);
    ctx.out("--json prints the Block Kit of every message.");
    return 0;
  }
  const outcome = await scheduler.runNow(ritual.id, operatorName(), ctx.now());
  await scheduler.stop();
  const row = outcome.occurrence;
  const json = {
    state: outcome.state,
    ...("ts" in outcome ? { ts: outcome.ts } : {}),
    ...("reason" in outcome ? { reason: outcome.reason } : {}),
    ...("problem" in outcome && outcome.problem ? { problem: outcome.problem } : {}),
    key: row?.key ?? null,
  };
  if (options.json) ctx.out(JSON.stringify(json, null, 2));
  else if (outcome.state === "posted" || outcome.state === "late")
    ctx.out(
      `Posted the pre-read of "${ritual.name}" in ${ritual.channelId} (ts ${outcome.ts})${outcome.problem ? `, but ${outcome.problem}` : ""}.`,
    );
  else
    ctx.err(
      `rituals ritual run: not posted (${outcome.state})${"reason" in outcome ? `: ${outcome.reason}` : ""}`,
    );
  return outcome.state === "posted" || outcome.state === "late" ? 0 : 1;
}
