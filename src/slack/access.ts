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
  findRepByEmail,
  findRepBySlackUser,
  linkSlackUser,
  listDirectReports,
  type RepDirectoryEntry,
} from "../store/slack-links-repository";
import { redactSecrets } from "./redact";
import { StoreCache } from "./store-cache";

/** Looks up a Slack user's email (users.info → profile.email); null when they have none. */
export type EmailLookup = (slackUserId: string) => Promise<string | null>;

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

  constructor(
    private readonly db: Db,
    private readonly lookupEmail: EmailLookup,
    private readonly adminIds: ReadonlySet<string>,
    private readonly now: () => number,
    private readonly logger: Logger,
  ) {
    this.viewers = new StoreCache(db);
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

export const LINK_HELP =
  "You are not linked to a rep yet, so you see company-level figures. Ask an admin to run " +
  '`npx rituals link @you "Your Name"`, or make sure your Slack email matches your CRM email.';
