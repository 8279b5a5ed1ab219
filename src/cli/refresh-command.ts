import { renderTable } from "../analytics/text-table";
import { formatInstant } from "../refresh/as-of-rule";
import { refresh } from "../refresh/refresh";
import { formatInZone } from "../rituals/local-time";
import {
  DAILY_REFRESH,
  DAILY_REFRESH_SUBJECT,
  refreshRunOutcome,
  refreshScheduleStatus,
} from "../rituals/refresh-schedule";
import { openDatabase } from "../store/db";
import { listOccurrences } from "../store/occurrences-repository";
import { findSchedule } from "../store/schedules-repository";
import { type CliContext, UsageError } from "./io";
import { progressLine } from "./progress";

export const usage = `usage: rituals refresh [--as-of ISO-DATETIME]
       rituals refresh history [--json]

Computes every analysis from the stored CRM data and stores the results in one transaction.
  --as-of   the instant to compute for, e.g. 2026-11-25T17:00:00Z (default: now);
            a date alone (2026-11-25) means 12:00 UTC that day. It may not be in the
            future, nor before the data's latest fact (a deal created or closed, a stage or
            close-date change, a forecast submitted): the figures come from the latest import

history: the daily refresh's schedule, its next run and its past runs (newest first), each
ok, failed (with the exit code and when it is retried), skipped or running.`;

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Parses --as-of: an ISO datetime with a zone (Z or ±hh:mm) or a bare date (noon UTC). */
export function parseAsOf(text: string): Date {
  const bad = () =>
    new UsageError(
      `--as-of "${text}": expected an ISO datetime with a zone such as 2026-11-25T17:00:00Z, or a date such as 2026-11-25`,
    );
  if (DATE.test(text)) {
    const date = new Date(`${text}T12:00:00Z`);
    // Rejects dates that do not exist (2026-02-30) rather than rolling them over.
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) throw bad();
    return date;
  }
  const date = new Date(text);
  if (!INSTANT.test(text) || Number.isNaN(date.getTime())) throw bad();
  return date;
}

function parseArgs(args: string[]): { asOf?: Date } {
  let asOf: Date | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === "--as-of" || arg.startsWith("--as-of=")) {
      const value = arg === "--as-of" ? args[++i] : arg.slice("--as-of=".length);
      if (value === undefined || value === "") throw new UsageError("--as-of needs a value");
      asOf = parseAsOf(value);
    } else throw new UsageError(`unexpected argument "${arg}"`);
  }
  return { asOf };
}

/** A refresh computes what is known at an instant: an as-of after now would be a guess. */
function refuseFuture(asOf: Date, ctx: CliContext): void {
  const now = ctx.now();
  if (asOf.getTime() <= now.getTime()) return;
  const zone = ctx.config.WORKSPACE_TIMEZONE;
  throw new UsageError(
    `--as-of ${formatInstant(asOf, zone)} (${asOf.toISOString()}) is in the future: it is now ` +
      `${formatInstant(now, zone)} (${now.toISOString()}, WORKSPACE_TIMEZONE ${zone}). ` +
      "Give an instant at or before now, or leave --as-of out to compute for now",
  );
}

/** `rituals refresh history`: the daily refresh's schedule and its recorded runs. */
function history(ctx: CliContext, args: string[]): number {
  const json = args.includes("--json");
  const extra = args.find((a) => a !== "--json");
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
  const db = openDatabase(ctx.config.DATABASE_PATH);
  try {
    const zone = ctx.config.WORKSPACE_TIMEZONE;
    const status = refreshScheduleStatus(db, findSchedule(db, DAILY_REFRESH), zone, ctx.now());
    const runs = listOccurrences(db, DAILY_REFRESH_SUBJECT).map((o) => ({
      scheduledAt: String(o.payload.scheduledAt ?? o.dueAt),
      dueAt: o.dueAt,
      attempt: Number(o.payload.attempt ?? 1),
      outcome: refreshRunOutcome(o),
      exitCode: typeof o.result?.exitCode === "number" ? o.result.exitCode : null,
      startedAt: typeof o.result?.startedAt === "string" ? o.result.startedAt : o.firstClaimedAt,
      finishedAt: o.finishedAt,
      refreshId: typeof o.result?.refreshId === "number" ? o.result.refreshId : null,
      rows: typeof o.result?.rows === "number" ? o.result.rows : null,
      reason: o.reason,
    }));
    if (json) {
      ctx.out(
        JSON.stringify(
          { schedule: status.words, timeZone: status.zone, next: status.next?.toISOString() ?? null, runs },
          null,
          2,
        ),
      );
      return 0;
    }
    const when = (iso: string | null) => (iso ? formatInZone(new Date(iso), zone) : "");
    ctx.out(
      `Daily refresh: ${status.words} (${status.zone}); next ${status.next ? when(status.next.toISOString()) : "none"}`,
    );
    if (runs.length === 0) ctx.out("No runs recorded yet: the app records one each day once it is running.");
    for (const r of runs) {
      const code = r.exitCode === null ? "" : `  exit ${r.exitCode}`;
      const refreshed = r.refreshId === null ? "" : `  refresh #${r.refreshId}, ${r.rows} rows`;
      const times = r.startedAt ? `  started ${when(r.startedAt)}, finished ${when(r.finishedAt)}` : "";
      ctx.out(
        `${when(r.dueAt)}  ${r.outcome.padEnd(7)}${code}${refreshed}${times}${r.reason ? `  ${r.reason}` : ""}`,
      );
    }
    return 0;
  } finally {
    db.close();
  }
}

export async function run(ctx: CliContext): Promise<number> {
  if (ctx.args[0] === "history") return history(ctx, ctx.args.slice(1));
  const { asOf } = parseArgs(ctx.args);
  if (asOf !== undefined) refuseFuture(asOf, ctx);
  const db = openDatabase(ctx.config.DATABASE_PATH);
  try {
    const progress = progressLine(ctx, "refresh");
    let s: ReturnType<typeof refresh>;
    try {
      s = refresh(db, {
        asOf,
        now: ctx.now,
        config: ctx.config,
        onStep: (step, done, total) => progress.update({ done, total, unit: "steps", note: step }),
      });
    } finally {
      progress.done();
    }
    const documents = s.analyses.reduce((n, a) => n + a.documents, 0);
    ctx.out(
      `refresh #${s.refreshId}: ${s.analyses.length} analyses, ${documents} documents · as of ${s.asOf} · ` +
        `${s.importId === null ? "no import yet" : `import #${s.importId}`} · ${Math.round(s.totalMs)} ms`,
    );
    ctx.out(
      renderTable(
        ["analysis", "documents", "ms"],
        [
          ["(load + prepare)", null, Math.round(s.loadMs)],
          ...s.analyses.map((a) => [a.name, a.documents, Math.round(a.ms)]),
          ["(schema check, waited)", null, Math.round(s.checkMs)],
          ["(save)", null, Math.round(s.saveMs)],
        ],
        { align: ["left", "right", "right"], empty: "", indent: 2 },
      ),
    );
    if (s.snapshots > 0) ctx.out(`  forecast snapshots stored: ${s.snapshots}`);
    return 0;
  } finally {
    db.close();
  }
}
