import path from "node:path";
import { DEFAULT_DEALS, DEFAULT_SEED, generateSample } from "../../data/sample/generate";
import { DEFAULT_PROFILE, PROFILE_NAMES, SAMPLE_PROFILES } from "../../data/sample/profiles";
import { localDate } from "../domain/period";
import { type CliContext, UsageError } from "./io";
import { progressLine } from "./progress";

const profileLines = PROFILE_NAMES.map(
  (name) => `                   ${name.padEnd(12)} ${SAMPLE_PROFILES[name]?.summary ?? ""}`,
).join("\n");

export const usage = `usage: rituals sample --out DIR [--deals N] [--seed S] [--month YYYY-MM] [--profile NAME]

Writes the sample company's CRM exports (reps, accounts, contracts, opportunities, stage-history,
quotas, forecasts as CSV) into DIR. The same seed, month and profile give byte-identical files.

  --out DIR        directory to write into (created if missing)
  --deals N        number of opportunities (default ${DEFAULT_DEALS.toLocaleString("en-US")})
  --seed S         any text or number (default "${DEFAULT_SEED}")
  --month YYYY-MM  last month of data (default: this month; data then stops at today)
  --profile NAME   the company's sales dynamics (default "${DEFAULT_PROFILE}"), one of:
${profileLines}`;

function parseArgs(args: string[]): Map<string, string> {
  const values = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    const [flag, inline] = arg.split("=", 2) as [string, string | undefined];
    if (!["--out", "--deals", "--seed", "--month", "--profile"].includes(flag))
      throw new UsageError(`unknown option "${arg}"`);
    const value = inline ?? args[++i];
    if (value === undefined || value === "") throw new UsageError(`${flag} needs a value`);
    values.set(flag, value);
  }
  return values;
}

export async function run(ctx: CliContext): Promise<number> {
  const options = parseArgs(ctx.args);
  const out = options.get("--out");
  if (!out) throw new UsageError("--out DIR is required");
  const dealsText = options.get("--deals") ?? String(DEFAULT_DEALS);
  if (!/^\d+$/.test(dealsText) || Number(dealsText) < 1) {
    throw new UsageError(`--deals "${dealsText}" must be a positive whole number`);
  }
  const today = ctx.now().toISOString().slice(0, 10);
  const month = options.get("--month") ?? today.slice(0, 7);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new UsageError(`--month "${month}" must be YYYY-MM`);
  const zone = ctx.config.WORKSPACE_TIMEZONE;
  const thisMonth = localDate(ctx.now(), zone).slice(0, 7);
  if (month > thisMonth) {
    throw new UsageError(
      `--month ${month} is in the future: it is ${localDate(ctx.now(), zone)} now (WORKSPACE_TIMEZONE ${zone}), ` +
        `so the latest month with data is ${thisMonth} (data up to today)`,
    );
  }

  const profile = options.get("--profile") ?? DEFAULT_PROFILE;
  if (!PROFILE_NAMES.includes(profile))
    throw new UsageError(`--profile "${profile}" is not a profile; profiles: ${PROFILE_NAMES.join(", ")}`);

  const started = performance.now();
  const progress = progressLine(ctx, "sample");
  const result = await generateSample({
    outDir: out,
    deals: Number(dealsText),
    seed: options.get("--seed") ?? DEFAULT_SEED,
    month,
    profile,
    today,
    onProgress: (done, total) => progress.update({ done, total, unit: "deals" }),
  }).finally(() => progress.done());
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const dynamics = result.profile === DEFAULT_PROFILE ? "" : ` (profile ${result.profile})`;
  ctx.out(`Sample company${dynamics} as of ${result.asOf} written to ${path.resolve(out)} in ${seconds}s:`);
  for (const f of result.files)
    ctx.out(`  ${path.basename(f.file).padEnd(20)} ${f.rows.toLocaleString("en-US")} rows`);
  ctx.out(`Import them in this order: ${result.files.map((f) => f.kind).join(", ")}.`);
  return 0;
}
