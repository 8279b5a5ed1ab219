/**
 * The Slack side of who may see what: which viewer a Slack user is (linked in the store, or matched
 * by email through users.info) and how their access is put in words. The rules themselves are in
 * src/domain/access.ts.
 */
import type { Logger } from "@slack/bolt";
import { escapeMrkdwn } from "../../blocks/escape";
import { buildViewer, everyoneBelow, type Viewer } from "../domain/access";
import type { Db } from "../store/db";
import {
  findManagerLink,
  findManagerName,
  findRepByEmail,
  findRepByName,
  findRepBySlackUser,
  linkSlackUser,
  listDirectReports,
  listRepDirectory,
  type RepDirectoryEntry,
} from "../store/slack-links-repository";
import { teamArg } from "./answers/args";
import { redactSecrets } from "./redact";
import { StoreCache } from "./store-cache";

/** Looks up a Slack user's email (users.info → profile.email); null when they have none. */
export type EmailLookup = (slackUserId: string) => Promise<string | null>;

/** The org's teams, regions and segments as the CRM spells them (from the reps' rows), sorted. */
export interface OrgNames {
  team: string[];
  region: string[];
  segment: string[];
}

/** What a scope name typed by a user is in the CRM. */
export type NamedScope =
  | { kind: "found"; value: string }
  | { kind: "missing"; known: readonly string[] }
  /** a manager without a rep row: carries no deals, manages these teams */
  | { kind: "manager"; name: string; teams: string[] };

/** How long "this Slack user matches no rep" is remembered, so unlinked users stay on the fast path. */
const UNMATCHED_TTL_MS = 5 * 60_000;
/** After a failed users.info, wait this long before asking Slack again. */
const FAILED_TTL_MS = 30_000;

/**
 * Maps Slack users to reps: first by the stored link, then by email (users.info), storing the link
 * it finds. Returns synchronously when the answer is already known, so a command can answer inside
 * its ack; a Promise only when Slack must be asked.
 */
export class SlackDirectory {
  private readonly unmatched = new Map<string, number>();
  /** resolved viewers, until the store changes (a link, an import) */
  private readonly viewers: StoreCache<Viewer | null>;
  private readonly org: StoreCache<OrgNames>;

  constructor(
    private readonly db: Db,
    private readonly lookupEmail: EmailLookup,
    private readonly adminIds: ReadonlySet<string>,
    private readonly now: () => number,
    private readonly logger: Logger,
  ) {
    this.viewers = new StoreCache(db);
    this.org = new StoreCache(db);
  }

  /** The org's teams, regions and segments, read once until the store changes. */
  orgNames(): OrgNames {
    return this.org.get("names", () => {
      const sets = { team: new Set<string>(), region: new Set<string>(), segment: new Set<string>() };
      for (const rep of listRepDirectory(this.db)) {
        if (rep.team) sets.team.add(rep.team);
        if (rep.region) sets.region.add(rep.region);
        if (rep.segment) sets.segment.add(rep.segment);
      }
      const sorted = (set: Set<string>) => [...set].sort((a, b) => a.localeCompare(b));
      return { team: sorted(sets.team), region: sorted(sets.region), segment: sorted(sets.segment) };
    });
  }

  /** A team, region or segment as typed, matched case-insensitively to the CRM's spelling. */
  findScope(kind: "team" | "region" | "segment", typed: string): NamedScope {
    const known = this.orgNames()[kind];
    const lower = typed.toLowerCase();
    const value = known.find((k) => k.toLowerCase() === lower);
    return value === undefined ? { kind: "missing", known } : { kind: "found", value };
  }

  /** A rep by name; a manager without a rep row is told apart from a name nobody has. */
  findRepNamed(typed: string): NamedScope {
    const rep = findRepByName(this.db, typed);
    if (rep) return { kind: "found", value: rep.name };
    const manager = findManagerName(this.db, typed);
    return manager === null ? { kind: "missing", known: [] } : this.managerScope(manager);
  }

  /** The manager (without a rep row) a Slack user is linked to, with their teams; null when none. */
  linkedManager(slackUserId: string): Extract<NamedScope, { kind: "manager" }> | null {
    const manager = findManagerLink(this.db, slackUserId);
    return manager === null ? null : this.managerScope(manager);
  }

  private managerScope(name: string): Extract<NamedScope, { kind: "manager" }> {
    const below = everyoneBelow(name, (n) => listDirectReports(this.db, n));
    const teams = [...new Set(below.map((r) => r.team).filter((t): t is string => Boolean(t)))].sort();
    return { kind: "manager", name, teams };
  }

  repFor(slackUserId: string): RepDirectoryEntry | null | Promise<RepDirectoryEntry | null> {
    const linked = findRepBySlackUser(this.db, slackUserId);
    if (linked) return linked;
    // linked to a manager without a rep row: no rep to look for by email
    if (findManagerLink(this.db, slackUserId) !== null) return null;
    const until = this.unmatched.get(slackUserId);
    if (until !== undefined && until > this.now()) return null;
    return this.matchByEmail(slackUserId);
  }

  viewer(slackUserId: string): Viewer | Promise<Viewer> {
    let pending: Promise<Viewer> | null = null;
    const known = this.viewers.get(slackUserId, () => {
      const manager = findManagerLink(this.db, slackUserId);
      if (manager !== null) return this.toViewer(slackUserId, null, manager);
      const rep = this.repFor(slackUserId);
      if (rep instanceof Promise) {
        pending = rep.then((r) => this.toViewer(slackUserId, r));
        return null;
      }
      return this.toViewer(slackUserId, rep);
    });
    if (known) return known;
    // Not cached while Slack is being asked: the next request looks again.
    this.viewers.delete(slackUserId);
    return pending ?? Promise.resolve(this.toViewer(slackUserId, null));
  }

  private toViewer(slackUserId: string, rep: RepDirectoryEntry | null, managerName?: string): Viewer {
    const root = rep?.name ?? managerName;
    const reports = root === undefined ? [] : everyoneBelow(root, (name) => listDirectReports(this.db, name));
    return buildViewer(slackUserId, rep, reports, this.adminIds.has(slackUserId), managerName);
  }

  private async matchByEmail(slackUserId: string): Promise<RepDirectoryEntry | null> {
    let email: string | null;
    try {
      email = await this.lookupEmail(slackUserId);
    } catch (error) {
      // Slack down or rate limited: answer as unlinked now, ask again shortly.
      this.logger.warn(redactSecrets(`users.info for ${slackUserId} failed: ${(error as Error).message}`));
      this.unmatched.set(slackUserId, this.now() + FAILED_TTL_MS);
      return null;
    }
    const rep = email ? findRepByEmail(this.db, email) : null;
    if (rep && rep.slackUserId === null) {
      linkSlackUser(this.db, rep.id, slackUserId);
      this.viewers.clear();
      return { ...rep, slackUserId };
    }
    // No match, or the rep is already linked to another Slack user (an explicit link wins).
    this.unmatched.set(slackUserId, this.now() + UNMATCHED_TTL_MS);
    return null;
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

/** Most names a "there is no such scope" notice lists before "and N more". */
const MAX_NAMES_LISTED = 20;

/** A team, region or segment the CRM does not have, in mrkdwn: says so and lists the ones it has. */
export function noSuchScope(
  kind: "team" | "region" | "segment",
  typed: string,
  known: readonly string[],
): string {
  const plural = { team: "teams", region: "regions", segment: "segments" }[kind];
  if (known.length === 0)
    return `:mag: There is no ${kind} named *${escapeMrkdwn(typed)}*: the CRM has no ${plural} yet.`;
  const listed = known.slice(0, MAX_NAMES_LISTED).map((k) => `\`${kind}:${escapeMrkdwn(k)}\``);
  const more = known.length > MAX_NAMES_LISTED ? ` and ${known.length - MAX_NAMES_LISTED} more` : "";
  return `:mag: There is no ${kind} named *${escapeMrkdwn(typed)}*. The ${plural} are ${listed.join(", ")}${more}.`;
}

/** A rep name nobody in the CRM has, in mrkdwn. */
export function noSuchRep(typed: string): string {
  return `:mag: There is no rep named *${escapeMrkdwn(typed)}* in the CRM: write the name as the CRM does (\`rep:"Ana Lima"\`) or mention them (\`rep:@someone\`).`;
}

/** A manager without a rep row asked for as a rep, in mrkdwn: they carry no deals; offers their teams. */
export function managerNotRep(who: string, teams: readonly string[]): string {
  const offer =
    teams.length === 0
      ? "and nobody reports to them yet."
      : `ask for ${teams.length === 1 ? "their team" : "one of their teams"}: ${teams.map((t) => `\`${teamArg(t)}\``).join(", ")}.`;
  return `${who} is a manager and carries no deals of their own: ${offer}`;
}

/**
 * Where the viewer finds deal rows they may see, as commands to try (mrkdwn); null when there is
 * none, so a hint never sends someone to an answer that shows them nothing (an unlinked user).
 */
export function ownDealsHint(viewer: Viewer, command: string): string | null {
  if (viewer.rep) return `\`/${command} me\``;
  if (viewer.role === "manager" && viewer.managedTeamNames.length > 0) {
    return viewer.managedTeamNames.map((t) => `\`/${command} ${teamArg(t)}\``).join(" or ");
  }
  return null;
}

export const LINK_HELP =
  "You are not linked to a rep yet, so you see company-level figures. Ask an admin to run " +
  '`npx rituals link @you "Your Name"`, or make sure your Slack email matches your CRM email.';
