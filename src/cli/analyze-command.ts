import { ANALYSIS_NAMES, type AnalysisName } from "../analytics/definition";
import { ANALYSES } from "../analytics/registry";
import { parsePeriod } from "../domain/period";
import { latestRefresh, listStoredKeys, readLatestAnalysis } from "../store/analyses-repository";
import { openDatabase } from "../store/db";
import { type CliContext, UsageError } from "./io";

export const usage = `usage: rituals analyze <name> [--period YYYY-MM|YYYY-Qn|FYyyyy] [--team T|--region R|--segment S|--rep NAME] [--json]

Prints an analysis as stored by the latest refresh (it never recomputes; run \`rituals refresh\` first).
  <name>      ${ANALYSIS_NAMES.join(", ")}
  --period    a stored period (default: the analysis's default period)
  --team, --region, --segment, --rep
              one scope (default: the whole company)
  --json      the stored document (meta and payload) as JSON`;

const SCOPE_FLAGS = ["team", "region", "segment", "rep"] as const;

interface AnalyzeArgs {
  name: AnalysisName;
  period?: string;
  scope: string;
  json: boolean;
}

export function parseAnalyzeArgs(args: string[], fiscalStartMonth: number): AnalyzeArgs {
  let name: string | undefined;
  let period: string | undefined;
  let scope: string | undefined;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const [flag, inline] =
      arg.startsWith("--") && arg.includes("=")
        ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
        : [arg, undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined || v.trim() === "" || (inline === undefined && v.startsWith("--")))
        throw new UsageError(`${flag} needs a value`);
      return v.trim();
    };
    if (flag === "--json") json = true;
    else if (flag === "--period") {
      const text = value();
      const parsed = text.toLowerCase() === "current" ? "current" : parsePeriod(text, fiscalStartMonth)?.key;
      if (!parsed)
        throw new UsageError(
          `--period "${text}": expected YYYY-MM, YYYY-Qn or FYyyyy (e.g. 2026-11, 2026-Q4, FY2026)`,
        );
      period = parsed;
    } else if (SCOPE_FLAGS.some((k) => flag === `--${k}`)) {
      if (scope !== undefined) throw new UsageError("give at most one of --team, --region, --segment, --rep");
      scope = `${flag.slice(2)}:${value()}`;
    } else if (flag.startsWith("-")) throw new UsageError(`unknown option "${flag}"`);
    else if (name === undefined) name = arg;
    else throw new UsageError(`unexpected argument "${arg}"`);
  }
  if (name === undefined) throw new UsageError(`name an analysis: ${ANALYSIS_NAMES.join(", ")}`);
  if (!(ANALYSIS_NAMES as readonly string[]).includes(name))
    throw new UsageError(`unknown analysis "${name}"; the analyses are: ${ANALYSIS_NAMES.join(", ")}`);
  return { name: name as AnalysisName, period, scope: scope ?? "company", json };
}

function describeScope(scope: string): string {
  return scope === "company"
    ? "company"
    : `${scope.slice(0, scope.indexOf(":"))} "${scope.slice(scope.indexOf(":") + 1)}"`;
}

export async function run(ctx: CliContext): Promise<number> {
  const args = parseAnalyzeArgs(ctx.args, ctx.config.FISCAL_YEAR_START_MONTH);
  const db = openDatabase(ctx.config.DATABASE_PATH);
  try {
    if (latestRefresh(db) === null) {
      ctx.err("rituals analyze: no analyses stored yet: run `rituals refresh` first");
      return 1;
    }
    const stored = readLatestAnalysis(db, args.name, args.scope, args.period);
    if (!stored) {
      const keys = listStoredKeys(db, args.name);
      const scopeKnown = keys.scopes.some((s) => s.toLowerCase() === args.scope.toLowerCase());
      if (keys.scopes.length === 0)
        ctx.err(`rituals analyze: no ${args.name} results stored yet: run \`rituals refresh\``);
      else if (!scopeKnown)
        ctx.err(
          `rituals analyze: no ${args.name} results for ${describeScope(args.scope)}; stored scopes: ${keys.scopes.join(", ")}`,
        );
      else
        ctx.err(
          `rituals analyze: no ${args.name} result for period ${args.period ?? "(default)"}; stored periods: ${keys.periods.join(", ")}`,
        );
      return 1;
    }
    if (args.json) {
      ctx.out(JSON.stringify(stored, null, 2));
      return 0;
    }
    const def = ANALYSES[args.name];
    ctx.out(
      `${def.title} — ${stored.scope} — ${stored.period} · as of ${stored.asOf} · ` +
        `import #${stored.importId ?? "none"} · definitions v${stored.definitionVersion}`,
    );
    ctx.out("");
    ctx.out(
      def.renderText(stored.payload, {
        scope: stored.scope,
        period: stored.period,
        currency: ctx.config.CURRENCY,
      }),
    );
    return 0;
  } finally {
    db.close();
  }
}
