/**
 * The forecast's skill on every generator profile: our method's MAPE over the naive run rate's, for
 * the company's months at 30, 60 and 90 days (budget: below 1), with the whole per-scope table on
 * stderr. Run alone, it prints that table on stdout:
 *
 *   npx tsx bench/skill-bench.ts [--deals N] [--profile NAME …]
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { PROFILE_NAMES, sampleProfile } from "../data/sample/profiles";
import { type BenchFigure, type BenchOptions, figure } from "./lib/figure";
import { type ProfileSkill, profileSkill, SKILL_HORIZONS, skillAt, skillTable } from "./lib/forecast-skill";

export const name = "skill";

async function allProfiles(
  profiles: readonly string[],
  deals: number,
  workDir: string,
  log: (line: string) => void,
): Promise<ProfileSkill[]> {
  const results: ProfileSkill[] = [];
  for (const profile of profiles) {
    log(`${profile}: ${deals.toLocaleString("en-US")} deals, import, refresh, analyze`);
    results.push(await profileSkill({ profile, deals, workDir: path.join(workDir, profile) }));
  }
  return results;
}

export async function run(options: BenchOptions): Promise<BenchFigure[]> {
  const results = await allProfiles(PROFILE_NAMES, options.quick ? 2500 : 5000, options.workDir, options.log);
  for (const line of skillTable(results)) options.log(line);
  const figures: BenchFigure[] = [];
  for (const r of results) {
    for (const h of SKILL_HORIZONS) {
      const entry = skillAt(r.company, h) ?? r.company.local.find((s) => s.horizonDays === h);
      if (entry?.ratio === null || entry?.ratio === undefined) continue;
      const pass = options.quick ? null : entry.ratio < 1;
      figures.push(figure(`skill.${r.profile}.company.month.${h}d`, entry.ratio, "x", "< 1", pass));
    }
  }
  return figures;
}

async function cli(): Promise<void> {
  const { values } = parseArgs({
    options: { deals: { type: "string", default: "3000" }, profile: { type: "string", multiple: true } },
  });
  const deals = Number(values.deals);
  if (!Number.isInteger(deals) || deals < 1)
    throw new Error(`--deals "${values.deals}" must be a positive whole number`);
  const profiles = values.profile ?? PROFILE_NAMES;
  for (const p of profiles) sampleProfile(p); // an unknown name stops here, listing the profiles
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "rituals-skill-"));
  try {
    const results = await allProfiles(profiles, deals, workDir, (line) => process.stderr.write(`${line}\n`));
    process.stdout.write(`${skillTable(results).join("\n")}\n`);
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  cli().catch((error: Error) => {
    process.stderr.write(`skill: ${error.message}\n`);
    process.exitCode = 1;
  });
}
