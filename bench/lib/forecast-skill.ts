/**
 * Does the bot's forecast beat the naive run rate on an org unlike the sample? Generates a profile's
 * company (data/sample/profiles.ts), imports it and refreshes at a fixed as-of through the command
 * line, in this process, as a user would type it, then reads `rituals analyze forecast-accuracy
 * --json` for the company and each team and keeps the payload's `skill` entries: per horizon and
 * period kind, our method's MAPE over the naive forecast's (below 1 = the method earns its keep).
 * Shared by the skill test (test/sample/profile-skill.test.ts) and `bench/skill-bench.ts`.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { generateSample, SAMPLE_FILES } from "../../data/sample/generate";
import { main } from "../../src/cli";

/** The data runs to the end of MONTH; the refresh is the next day's, at noon UTC. */
export const SKILL_MONTH = "2026-11";
export const SKILL_AS_OF = "2026-12-01T12:00:00Z";
export const SKILL_HORIZONS = [30, 60, 90] as const;

/** One entry of the forecast-accuracy payload's `skill` array. */
export interface SkillEntry {
  horizonDays: number;
  periodKind: string;
  ourMape: number | null;
  naiveMape: number | null;
  ratio: number | null;
  reason: string | null;
}

export interface ScopeSkill {
  /** "company" or "team:West" */
  scope: string;
  /** null when the payload has no `skill` array (the build does not report it) */
  skill: SkillEntry[] | null;
  /**
   * The same ratios for months, computed here from the payload's backtest trend and the stored
   * bookings (naive = mean bookings of the three full months before the cutoff): a cross-check of
   * `skill`, and the figures to read while a build has none.
   */
  local: SkillEntry[];
}

export interface ProfileSkill {
  profile: string;
  deals: number;
  company: ScopeSkill;
  teams: ScopeSkill[];
}

export interface SkillRunOptions {
  profile: string;
  deals: number;
  seed?: string | number;
  /** an empty scratch directory for the CSV files and the database */
  workDir: string;
}

async function rituals(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    now: () => new Date(SKILL_AS_OF),
    env,
  });
  if (code !== 0) throw new Error(`rituals ${args.join(" ")} exited ${code}: ${err.join("\n")}`);
  return out.join("\n");
}

interface AccuracyDoc {
  payload?: {
    skill?: SkillEntry[];
    trend?: {
      periodKind: string;
      series: {
        source: string;
        horizonDays: number;
        mape: number | null;
        points: { period: string; actualCents: number }[];
      }[];
    };
  };
}

const monthIndex = (key: string) => Number(key.slice(0, 4)) * 12 + Number(key.slice(5, 7)) - 1;
const monthKey = (index: number) => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;

/**
 * Naive forecast for month P at horizon h: the cutoff is P's end (the instant after its last day)
 * minus h days; the forecast is the mean bookings of the three full months before the cutoff.
 */
function naiveForecast(bookings: ReadonlyMap<string, number>, period: string, horizonDays: number): number {
  const end = Date.UTC(Number(period.slice(0, 4)), Number(period.slice(5, 7)), 1);
  const cutoff = new Date(end - horizonDays * 86_400_000);
  // the last month that ended at or before the cutoff
  const last = cutoff.getUTCFullYear() * 12 + cutoff.getUTCMonth() - 1;
  let sum = 0;
  for (let m = last - 2; m <= last; m++) sum += bookings.get(monthKey(m)) ?? 0;
  return sum / 3;
}

function localSkill(doc: AccuracyDoc, bookings: ReadonlyMap<string, number>): SkillEntry[] {
  const trend = doc.payload?.trend;
  if (trend?.periodKind !== "month") return [];
  return SKILL_HORIZONS.map((h) => {
    const series = trend.series.find((s) => s.source === "backtest" && s.horizonDays === h);
    const apes = (series?.points ?? [])
      .filter((p) => p.actualCents > 0 && monthIndex(p.period) >= 0)
      .map((p) => Math.abs(naiveForecast(bookings, p.period, h) - p.actualCents) / p.actualCents);
    const naiveMape = apes.length ? apes.reduce((a, b) => a + b, 0) / apes.length : null;
    const ourMape = series?.mape ?? null;
    const ratio = ourMape !== null && naiveMape ? ourMape / naiveMape : null;
    return { horizonDays: h, periodKind: "month", ourMape, naiveMape, ratio, reason: "computed here" };
  });
}

/** Won value per close month, for the company or one team. */
function bookingsByMonth(dbPath: string, team: string | null): Map<string, number> {
  const db = new Database(dbPath, { readonly: true });
  try {
    const rows = db
      .prepare(
        `SELECT substr(o.close_date, 1, 7) AS month, sum(o.amount_cents) AS cents
           FROM opportunities o JOIN reps r ON r.id = o.owner_id JOIN teams t ON t.id = r.team_id
          WHERE o.is_won = 1 AND (? IS NULL OR t.name = ?) GROUP BY month`,
      )
      .all(team, team) as { month: string; cents: number }[];
    return new Map(rows.map((r) => [r.month, r.cents]));
  } finally {
    db.close();
  }
}

function readSkill(json: string, scope: string, dbPath: string, team: string | null): ScopeSkill {
  const doc = JSON.parse(json) as AccuracyDoc;
  const skill = doc.payload?.skill;
  return {
    scope,
    skill: Array.isArray(skill) ? skill : null,
    local: localSkill(doc, bookingsByMonth(dbPath, team)),
  };
}

/** Generate → import → refresh → `analyze forecast-accuracy --json` for the company and every team. */
export async function profileSkill(options: SkillRunOptions): Promise<ProfileSkill> {
  fs.mkdirSync(options.workDir, { recursive: true });
  const sample = await generateSample({
    outDir: options.workDir,
    deals: options.deals,
    seed: options.seed ?? 7,
    month: SKILL_MONTH,
    profile: options.profile,
  });
  const db = path.join(options.workDir, "rituals.db");
  const env = { DATABASE_PATH: db, WORKSPACE_TIMEZONE: "UTC" };
  for (const f of SAMPLE_FILES) await rituals(["import", f.kind, path.join(sample.dir, f.file)], env);
  await rituals(["refresh", "--as-of", SKILL_AS_OF], env);
  const company = readSkill(
    await rituals(["analyze", "forecast-accuracy", "--json"], env),
    "company",
    db,
    null,
  );
  const teamNames = [
    ...new Set(
      fs
        .readFileSync(path.join(sample.dir, "reps.csv"), "utf8")
        .trimEnd()
        .split("\n")
        .slice(1)
        .map((line) => line.split(",")[2] ?? ""),
    ),
  ];
  const teams: ScopeSkill[] = [];
  for (const team of teamNames) {
    const json = await rituals(["analyze", "forecast-accuracy", "--team", team, "--json"], env);
    teams.push(readSkill(json, `team:${team}`, db, team));
  }
  return { profile: options.profile, deals: options.deals, company, teams };
}

/** The month entry for a horizon (the period kind the company's monthly review reads). */
export function skillAt(
  scope: ScopeSkill,
  horizonDays: number,
  periodKind = "month",
): SkillEntry | undefined {
  return scope.skill?.find((s) => s.horizonDays === horizonDays && s.periodKind === periodKind);
}

const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? "—" : `${(x * 100).toFixed(1)}%`;
const times = (x: number | null | undefined) => (x === null || x === undefined ? "—" : x.toFixed(2));

/**
 * The table a person reads: one line per profile, scope, period kind and horizon with our MAPE,
 * the naive MAPE and their ratio (and whether it beats naive), or the payload's reason.
 */
export function skillTable(results: readonly ProfileSkill[]): string[] {
  const lines = [
    "(ours = the backtest's MAPE; naive = the run rate's; ratio < 1 beats naive; rows marked * are",
    " computed here from the backtest trend because the payload has no skill figures)",
    `${"profile".padEnd(12)} ${"scope".padEnd(14)} ${"period".padEnd(7)} ${"h".padStart(3)} ${"ours".padStart(7)} ${"naive".padStart(7)} ${"ratio".padStart(6)}  verdict`,
  ];
  for (const r of results) {
    for (const scope of [r.company, ...r.teams]) {
      const entries = scope.skill ?? scope.local;
      for (const s of entries) {
        const verdict =
          s.ratio === null ? (s.reason ?? "no ratio") : s.ratio < 1 ? "beats naive" : "does NOT beat naive";
        lines.push(
          `${r.profile.padEnd(12)} ${scope.scope.padEnd(14)} ${(scope.skill ? s.periodKind : `${s.periodKind}*`).padEnd(7)} ${String(s.horizonDays).padStart(3)} ${pct(s.ourMape).padStart(7)} ${pct(s.naiveMape).padStart(7)} ${times(s.ratio).padStart(6)}  ${verdict}`,
        );
      }
    }
  }
  return lines;
}
