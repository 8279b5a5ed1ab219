import { renderTable } from "../analytics/text-table";
import { refresh } from "../refresh/refresh";
import { openDatabase } from "../store/db";
import { type CliContext, UsageError } from "./io";
import { progressLine } from "./progress";

export const usage = `usage: rituals refresh [--as-of ISO-DATETIME]

Computes every analysis from the stored CRM data and stores the results in one transaction.
  --as-of   the instant to compute for, e.g. 2026-11-25T17:00:00Z (default: now);
            a date alone (2026-11-25) means 12:00 UTC that day`;

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

export async function run(ctx: CliContext): Promise<number> {
  const { asOf } = parseArgs(ctx.args);
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
