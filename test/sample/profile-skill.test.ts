/**
 * A forecast method earns its place only if it beats the naive one (the run rate) — on any org with
 * a year of history and stage history, not only on the sample. Each generator profile's company
 * (slower cycles, more slips, growth, seasonality, and the standard one) is generated, imported and
 * refreshed at a fixed as-of, and `rituals analyze forecast-accuracy --json` must report our
 * method's MAPE below the naive forecast's at 30, 60 and 90 days for the company's months. Team
 * figures are reported (each team has them, or a reason), not required to win: a team of five reps
 * has too few deals a month for the comparison to mean much.
 * `npx tsx bench/skill-bench.ts` prints the same figures as a table.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ProfileSkill,
  profileSkill,
  SKILL_HORIZONS,
  skillAt,
  skillTable,
} from "../../bench/lib/forecast-skill";
import { PROFILE_NAMES } from "../../data/sample/profiles";

const DEALS = 4000;
const root = fs.mkdtempSync(path.join(os.tmpdir(), "rituals-skill-"));
const results = new Map<string, ProfileSkill>();

beforeAll(async () => {
  for (const profile of PROFILE_NAMES)
    results.set(profile, await profileSkill({ profile, deals: DEALS, workDir: path.join(root, profile) }));
}, 180_000);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function result(profile: string): ProfileSkill {
  const r = results.get(profile);
  if (!r) throw new Error(`no result for ${profile}`);
  return r;
}

describe("the forecast beats the naive run rate on generated orgs", () => {
  for (const profile of PROFILE_NAMES) {
    it(`${profile}: the company's monthly forecast beats naive at 30, 60 and 90 days`, () => {
      const r = result(profile);
      const table = `\n${skillTable([{ ...r, teams: [] }]).join("\n")}\n`;
      expect(r.company.skill, `forecast-accuracy --json has no skill array${table}`).not.toBeNull();
      for (const h of SKILL_HORIZONS) {
        const entry = skillAt(r.company, h);
        expect(entry, `no skill entry for months at ${h} days${table}`).toBeDefined();
        expect(entry?.ratio, `${profile} ${h}-day ratio (${entry?.reason ?? ""})${table}`).not.toBeNull();
        // the naive MAPE as worked out here from the stored bookings: the payload's run rate is the issue's
        const local = r.company.local.find((s) => s.horizonDays === h);
        expect(entry?.naiveMape ?? Number.NaN, `${profile} ${h}-day naive MAPE`).toBeCloseTo(
          local?.naiveMape ?? 0,
          6,
        );
        expect(entry?.ratio ?? Number.POSITIVE_INFINITY, `${profile} ${h}-day ratio${table}`).toBeLessThan(1);
      }
    });

    it(`${profile}: every team reports its figures or says why not`, () => {
      const r = result(profile);
      expect(r.teams).toHaveLength(7);
      for (const team of r.teams) {
        expect(team.skill, `${team.scope}: no skill array`).not.toBeNull();
        for (const h of SKILL_HORIZONS) {
          const entry = skillAt(team, h);
          expect(entry, `${team.scope} ${h} days`).toBeDefined();
          const explained = entry?.ratio !== null || (entry?.reason ?? "") !== "";
          expect(explained, `${team.scope} ${h} days: neither a ratio nor a reason`).toBe(true);
        }
      }
    });
  }
});
