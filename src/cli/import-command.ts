import path from "node:path";
import { parseArgs } from "node:util";
import { IMPORT_KINDS, type ImportKind, PRESETS, type Preset } from "../ingest/columns";
import { describeImport, ImportOptionsError, importCsv } from "../ingest/import-csv";
import { formatProblem, ImportRejectedError } from "../ingest/problems";
import type { FileEncoding } from "../ingest/text-decoding";
import { openDatabase } from "../store/db";
import { type CliContext, UsageError } from "./io";
import { progressLine } from "./progress";

export const usage = `usage: rituals import <kind> <file.csv> [options]

kinds: ${IMPORT_KINDS.join(", ")}

options:
  --preset generic|salesforce|hubspot   column names of the export (default generic)
  --map "Header=field"                  read a column as a field; repeatable
  --date-format FORMAT                  e.g. M/D/YYYY or DD.MM.YYYY (ISO dates always work;
                                        salesforce defaults to M/D/YYYY)
                                        a time may follow: 5/1/2024, 4:45 PM or 01/05/2024 16:45
  --timezone ZONE                       IANA zone of times written without an offset
                                        (default WORKSPACE_TIMEZONE)
  --decimal-comma                       amounts are written 1.234,50
  --wait SECONDS                        how long to wait for another import holding the
                                        database (default 60)
  --encoding utf-8|windows-1252|latin1|utf-16
                                        how the file's text is stored (default utf-8; Excel on
                                        Windows saves "CSV" as windows-1252; a byte-order mark,
                                        as in Excel's "Unicode text", is read without it)

Amounts: 1234.50, $1,234.50 (or 1.234,50 with --decimal-comma); negative amounts are refused.
Probability in percent: 45, 45% or 45.5; a decimal up to 1 such as 0.45 is a fraction (45%);
with --preset hubspot every value up to 1 is a fraction, as HubSpot exports them.
Without is_closed/is_won, a stage ending in "won" or "lost" is closed won / closed lost.

One file is one transaction: if any row is bad, nothing is written and the problems are listed.`;

export async function run(ctx: CliContext): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(ctx.args);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const [kind, file, ...extra] = positionals;
  if (!kind || !file) throw new UsageError("needs a kind and a file");
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  if (!IMPORT_KINDS.includes(kind as ImportKind)) {
    throw new UsageError(`unknown kind "${kind}" (kinds: ${IMPORT_KINDS.join(", ")})`);
  }
  const preset = values.preset ?? "generic";
  if (!PRESETS.includes(preset as Preset)) {
    throw new UsageError(`unknown preset "${preset}" (presets: ${PRESETS.join(", ")})`);
  }
  const map: Record<string, string> = {};
  for (const entry of values.map ?? []) {
    const at = entry.lastIndexOf("=");
    if (at <= 0 || at === entry.length - 1) throw new UsageError(`--map "${entry}" is not "Header=field"`);
    map[entry.slice(0, at).trim()] = entry.slice(at + 1).trim();
  }
  const wait = values.wait === undefined ? undefined : Number(values.wait);
  if (wait !== undefined && !(Number.isFinite(wait) && wait >= 0)) {
    throw new UsageError(`--wait "${values.wait}" is not a number of seconds`);
  }
  const db = openDatabase(ctx.config.DATABASE_PATH);
  const progress = progressLine(ctx, `import ${kind}`);
  try {
    const summary = await importCsv(db, {
      kind: kind as ImportKind,
      file,
      preset: preset as Preset,
      map,
      ...(values["date-format"] ? { dateFormat: values["date-format"] } : {}),
      timeZone: values.timezone ?? ctx.config.WORKSPACE_TIMEZONE,
      ...(wait === undefined ? {} : { waitMs: wait * 1000 }),
      decimalComma: values["decimal-comma"] ?? false,
      ...(values.encoding ? { encoding: values.encoding as FileEncoding } : {}),
      now: ctx.now(),
      onProgress: (done, fraction) =>
        progress.update({ done, unit: "rows", fraction, note: path.basename(file) }),
    }).finally(() => progress.done());
    ctx.out(describeImport(summary));
    return 0;
  } catch (error) {
    if (error instanceof ImportOptionsError) throw new UsageError(error.message);
    if (error instanceof ImportRejectedError) {
      for (const problem of error.problems) ctx.err(formatProblem(problem));
      const more = error.total - error.problems.length;
      const n = (x: number) => x.toLocaleString("en-US");
      ctx.err(
        more > 0
          ? `… and ${n(more)} more problem${more === 1 ? "" : "s"}; nothing was written`
          : `${n(error.total)} problem${error.total === 1 ? "" : "s"} in ${path.basename(file)}; nothing was written`,
      );
      return 1;
    }
    throw error;
  } finally {
    db.close();
  }
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      preset: { type: "string" },
      map: { type: "string", multiple: true },
      "date-format": { type: "string" },
      "decimal-comma": { type: "boolean" },
      encoding: { type: "string" },
      timezone: { type: "string" },
      wait: { type: "string" },
    },
  });
}
