/**
 * Who may see what: the rules every way into the figures shares (slash commands, buttons, the
 * Home tab, pre-reads, the sandbox). Pure: the caller looks the person up (src/slack/access.ts
 * for a Slack user) and hands over their rep row and everyone below them.
 */
import type { Rep, Scope } from "./crm";

export type Role = "admin" | "manager" | "rep" | "unlinked";

/** A person of the org chart as the rules read them. */
export type OrgPerson = Pick<Rep, "name" | "team" | "region" | "segment">;

/** Who is asking, and what they may see. Names compared lower-case. */
export interface Viewer {
  slackUserId: string;
  role: Role;
  rep: OrgPerson | null;
  /** teams whose figures they may see (own team, managed teams) */
  figureTeams: Set<string>;
  /** teams whose deal-level rows they may see (managed teams) */
  detailTeams: Set<string>;
  /** reps whose figures and deals they may see (self, everyone reporting to them) */
  reps: Set<string>;
  /** regions and segments whose figures they may see: their own and their reports' */
  regions: Set<string>;
  segments: Set<string>;
  /** the managed teams as the CRM spells them, for messages */
  managedTeamNames: string[];
  /** set when linked to a manager who has no rep row (carries no quota, owns no deals) */
  managerName: string | null;
}

/**
 * Everyone below `root` in the org chart, not only direct reports: a director manages their
 * managers' teams. Breadth first; a person met twice (a loop in the CRM's manager column) once.
 */
export function everyoneBelow<P extends { name: string }>(
  root: string,
  directReportsOf: (managerName: string) => readonly P[],
): P[] {
  const below: P[] = [];
  const seen = new Set([root.toLowerCase()]);
  const queue = [root];
  while (queue.length > 0) {
    for (const person of directReportsOf(queue.shift() as string)) {
      if (seen.has(person.name.toLowerCase())) continue;
      seen.add(person.name.toLowerCase());
      below.push(person);
      queue.push(person.name);
    }
  }
  return below;
}

/**
 * The viewer of a person linked to `rep` (or to a manager without a rep row, `managerName`) with
 * `reports` below them (see everyoneBelow); admins are named by the workspace's configuration.
 */
export function buildViewer(
  slackUserId: string,
  rep: OrgPerson | null,
  reports: readonly OrgPerson[],
  isAdmin: boolean,
  managerName: string | null = null,
): Viewer {
  const lower = (s: string | null) => (s ?? "").toLowerCase();
  const managedTeams = new Set(reports.map((r) => lower(r.team)).filter(Boolean));
  const figureTeams = new Set(managedTeams);
  if (rep?.team) figureTeams.add(lower(rep.team));
  const reps = new Set(reports.map((r) => lower(r.name)));
  if (rep) reps.add(lower(rep.name));
  const people = rep ? [rep, ...reports] : reports;
  const regions = new Set(people.map((r) => lower(r.region)).filter(Boolean));
  const segments = new Set(people.map((r) => lower(r.segment)).filter(Boolean));
  const role: Role = isAdmin
    ? "admin"
    : reports.length > 0 && (rep || managerName)
      ? "manager"
      : rep
        ? "rep"
        : "unlinked";
  const managedTeamNames = [...new Set(reports.map((r) => r.team).filter((t): t is string => Boolean(t)))];
  return {
    slackUserId,
    role,
    rep,
    figureTeams,
    detailTeams: managedTeams,
    reps,
    regions,
    segments,
    managedTeamNames,
    managerName: rep ? null : managerName,
  };
}

export interface Access {
  /** aggregate figures of the scope */
  figures: boolean;
  /** deal-level and rep-level rows inside the scope */
  detail: boolean;
}

/**
 * Company figures are for everyone; team figures for the team's members and managers; a rep's
 * figures and deals for the rep and anyone above them; deal and rep rows of a team for its
 * managers; everything for admins. Region and segment figures for the people inside them and
 * their managers.
 */
export function accessTo(viewer: Viewer, scope: Scope): Access {
  if (viewer.role === "admin") return { figures: true, detail: true };
  const value = scope.value.toLowerCase();
  switch (scope.kind) {
    case "company":
      return { figures: true, detail: false };
    case "team":
      return { figures: viewer.figureTeams.has(value), detail: viewer.detailTeams.has(value) };
    case "region":
      return { figures: viewer.regions.has(value), detail: false };
    case "segment":
      return { figures: viewer.segments.has(value), detail: false };
    case "rep": {
      const allowed = viewer.reps.has(value);
      return { figures: allowed, detail: allowed };
    }
  }
}

const COMPANY: Scope = { kind: "company", value: "" };

/** Figures default to the company: everyone may see them. */
export function companyScope(): Scope {
  return COMPANY;
}

/**
 * Deal lists default to what the viewer owns: a rep their own deals, a manager of one team that
 * team (a manager of several their own deals, or the company when they carry none), everyone else
 * the company (admins see its deals, others its totals).
 */
export function ownDealsScope(viewer: Viewer): Scope {
  if (viewer.role === "rep" && viewer.rep) return { kind: "rep", value: viewer.rep.name };
  if (viewer.role === "manager") {
    const teams = viewer.managedTeamNames;
    if (teams.length === 1) return { kind: "team", value: teams[0] as string };
    if (viewer.rep) return { kind: "rep", value: viewer.rep.name };
  }
  return COMPANY;
}
