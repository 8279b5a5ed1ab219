/** The sample company's people: regions, teams, their managers and the reps who carry quota. */
import { FIRST_NAMES, LAST_NAMES } from "./names";
import type { Rng } from "./prng";

export type Segment = "Enterprise" | "Mid-Market";

export interface Team {
  name: string;
  region: string;
  segment: Segment;
  manager: string;
  repCount: number;
}

export interface SampleRep {
  index: number;
  name: string;
  email: string;
  team: Team;
  hireDay: number;
  /** multiplies win rate and deal size: a few reps far ahead (>1.5), a few far behind (<0.6) */
  skill: number;
}

export interface Org {
  vp: string;
  directors: Map<string, string>;
  teams: Team[];
  reps: SampleRep[];
}

const TEAM_LAYOUT: readonly { name: string; region: string; segment: Segment; repCount: number }[] = [
  { name: "West", region: "Americas", segment: "Enterprise", repCount: 6 },
  { name: "East", region: "Americas", segment: "Enterprise", repCount: 6 },
  { name: "Central", region: "Americas", segment: "Mid-Market", repCount: 7 },
  { name: "DACH", region: "EMEA", segment: "Enterprise", repCount: 5 },
  { name: "Nordics", region: "EMEA", segment: "Mid-Market", repCount: 6 },
  { name: "ANZ", region: "APAC", segment: "Enterprise", repCount: 5 },
  { name: "Asia", region: "APAC", segment: "Mid-Market", repCount: 5 },
];

export const REGIONS = ["Americas", "EMEA", "APAC"] as const;

/** Unique person names drawn without replacement from the first × last name grid. */
function namePool(rng: Rng, count: number): string[] {
  const names = new Set<string>();
  while (names.size < count) names.add(`${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`);
  return [...names];
}

function emailOf(name: string): string {
  return `${name
    .toLowerCase()
    .replace(/[^a-z ]/g, "")
    .replace(/ /g, ".")}@example.com`;
}

/**
 * Builds the org as of `asOfDay`. Most reps were hired years ago; three joined during the
 * two-year window and four in the last three months (new hires still ramping).
 */
export function buildOrg(rng: Rng, asOfDay: number): Org {
  const repTotal = TEAM_LAYOUT.reduce((sum, t) => sum + t.repCount, 0);
  const names = namePool(rng, repTotal + TEAM_LAYOUT.length + REGIONS.length + 1);
  let next = 0;
  const take = (): string => names[next++] ?? `Person ${next}`;
  const vp = take();
  const directors = new Map<string, string>(REGIONS.map((region) => [region, take()]));
  const teams: Team[] = TEAM_LAYOUT.map((t) => ({ ...t, manager: take() }));

  const reps: SampleRep[] = [];
  for (const team of teams) {
    for (let i = 0; i < team.repCount; i++) {
      const name = take();
      const hireDay = asOfDay - rng.int(2 * 365 + 120, 7 * 365);
      reps.push({ index: reps.length, name, email: emailOf(name), team, hireDay, skill: 1 });
    }
  }
  // Spread the recent joiners across teams: every 5th rep starting at 2, then the mid-window ones.
  const newHires = [2, 13, 24, 35].filter((i) => i < reps.length);
  const windowHires = [8, 19, 30].filter((i) => i < reps.length);
  for (const i of newHires) (reps[i] as SampleRep).hireDay = asOfDay - rng.int(10, 85);
  for (const i of windowHires) (reps[i] as SampleRep).hireDay = asOfDay - rng.int(130, 600);

  const veterans = reps.filter((_, i) => !newHires.includes(i) && !windowHires.includes(i));
  veterans.forEach((rep, i) => {
    if (i % 11 === 1) rep.skill = 1.6 + rng.next() * 0.3;
    else if (i % 11 === 6) rep.skill = 0.45 + rng.next() * 0.12;
    else rep.skill = Math.min(1.35, Math.max(0.7, 1 + 0.13 * rng.normal()));
  });
  return { vp, directors, teams, reps };
}
