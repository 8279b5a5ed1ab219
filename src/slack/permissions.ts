import { escapeMrkdwn } from "../../blocks/escape";
import type { RepDirectoryEntry } from "../store/slack-links-repository";

export type Role = "admin" | "manager" | "rep" | "unlinked";

/** Who is asking, and what they may see. Names compared lower-case. */
export interface Viewer {
  slackUserId: string;
  role: Role;
  rep: RepDirectoryEntry | null;
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

export function buildViewer(
  slackUserId: string,
  rep: RepDirectoryEntry | null,
  reports: readonly RepDirectoryEntry[],
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

/** A scope resolved to the key analyses are stored under. */
export interface ResolvedScope {
  kind: "company" | "team" | "region" | "segment" | "rep";
  /** "" for company; the team, region, segment or rep name otherwise */
  value: string;
}

export function scopeKeyOf(scope: ResolvedScope): string {
  return scope.kind === "company" ? "company" : `${scope.kind}:${scope.value}`;
}

export function scopeLabel(scope: ResolvedScope): string {
  if (scope.kind === "company") return "Company";
  const kind = scope.kind[0]?.toUpperCase() + scope.kind.slice(1);
  return `${kind} ${scope.value}`;
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
export function accessTo(viewer: Viewer, scope: ResolvedScope): Access {
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

/** What the viewer may look at, in mrkdwn (CRM names escaped), for refusals. Never names anything they may not see. */
export function describeAccess(viewer: Viewer): string {
  if (viewer.role === "admin") return "everything";
  const parts = ["company figures"];
  if (viewer.rep?.team) parts.push(`team ${escapeMrkdwn(viewer.rep.team)}`);
  if (viewer.role === "manager") {
    const own = (viewer.rep?.team ?? "").toLowerCase();
    const others = viewer.managedTeamNames.filter((t) => t.toLowerCase() !== own);
    if (others.length > 0) parts.push(`the teams you manage (${others.map(escapeMrkdwn).join(", ")})`);
    parts.push("your reports' deals");
  }
  if (viewer.rep) parts.push("your own deals (`me`)");
  return parts.join(", ");
}

export const LINK_HELP =
  "You are not linked to a rep yet, so you see company-level figures. Ask an admin to run " +
  '`npx rituals link @you "Your Name"`, or make sure your Slack email matches your CRM email.';
