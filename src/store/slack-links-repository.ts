import type { Rep } from "../domain/crm";
import type { Db } from "./db";

/** A rep as the Slack side needs it: who they are, where they sit, who they report to. */
export type RepDirectoryEntry = Omit<Rep, "hireDate">;

const REP_COLUMNS = `r.id, r.name, r.email, t.name AS team, r.region, r.segment, r.manager,
  r.slack_user_id AS slackUserId FROM reps r LEFT JOIN teams t ON t.id = r.team_id`;

/**
 * Statements are prepared once per database and reused: the slash-command path reads here on every
 * request, and preparing costs more than the indexed lookup itself.
 */
const statements = new WeakMap<Db, ReturnType<typeof prepareStatements>>();

function prepareStatements(db: Db) {
  return {
    bySlackUser: db.prepare(`SELECT ${REP_COLUMNS} WHERE r.slack_user_id = ?`),
    byEmail: db.prepare(`SELECT ${REP_COLUMNS} WHERE r.email = ? COLLATE NOCASE`),
    byName: db.prepare(`SELECT ${REP_COLUMNS} WHERE r.name = ? COLLATE NOCASE`),
    all: db.prepare(`SELECT ${REP_COLUMNS} ORDER BY r.name`),
    unlinkUser: db.prepare("UPDATE reps SET slack_user_id = NULL WHERE slack_user_id = ? AND id <> ?"),
    link: db.prepare("UPDATE reps SET slack_user_id = ? WHERE id = ?"),
    reportsOf: db.prepare(`SELECT ${REP_COLUMNS} WHERE r.manager = ? COLLATE NOCASE ORDER BY r.name`),
    managerNamed: db.prepare("SELECT manager FROM reps WHERE manager = ? COLLATE NOCASE LIMIT 1").pluck(),
    managerOf: db.prepare("SELECT manager_name FROM manager_links WHERE slack_user_id = ?").pluck(),
    unlinkManager: db.prepare("DELETE FROM manager_links WHERE slack_user_id = ?"),
    unlinkRepUser: db.prepare("UPDATE reps SET slack_user_id = NULL WHERE slack_user_id = ?"),
    linkManager: db.prepare(
      `INSERT INTO manager_links (slack_user_id, manager_name, linked_at) VALUES (?, ?, ?)
       ON CONFLICT (slack_user_id) DO UPDATE SET manager_name = excluded.manager_name, linked_at = excluded.linked_at`,
    ),
  };
}

function stmts(db: Db) {
  let s = statements.get(db);
  if (!s) {
    s = prepareStatements(db);
    statements.set(db, s);
  }
  return s;
}

export function findRepBySlackUser(db: Db, slackUserId: string): RepDirectoryEntry | null {
  return (stmts(db).bySlackUser.get(slackUserId) as RepDirectoryEntry | undefined) ?? null;
}

export function findRepByEmail(db: Db, email: string): RepDirectoryEntry | null {
  return (stmts(db).byEmail.get(email.trim()) as RepDirectoryEntry | undefined) ?? null;
}

export function findRepByName(db: Db, name: string): RepDirectoryEntry | null {
  return (stmts(db).byName.get(name.trim()) as RepDirectoryEntry | undefined) ?? null;
}

/** The reps whose manager is the named rep. */
export function listDirectReports(db: Db, managerName: string): RepDirectoryEntry[] {
  return stmts(db).reportsOf.all(managerName) as RepDirectoryEntry[];
}

/** Every rep, by name: the permission model needs the whole reporting line. */
export function listRepDirectory(db: Db): RepDirectoryEntry[] {
  return stmts(db).all.all() as RepDirectoryEntry[];
}

/**
 * Links a Slack user to a rep. A Slack user maps to at most one rep (the column is unique), so any
 * previous link of that user is moved, in one transaction.
 */
export function linkSlackUser(db: Db, repId: number, slackUserId: string): void {
  const s = stmts(db);
  db.transaction(() => {
    s.unlinkUser.run(slackUserId, repId);
    s.unlinkManager.run(slackUserId);
    s.link.run(slackUserId, repId);
  })();
}

/**
 * A manager as the reps' `manager` column spells them (matched case-insensitively), or null when
 * no rep reports to that name. Managers who carry quota are reps too; this finds the others.
 */
export function findManagerName(db: Db, name: string): string | null {
  return (stmts(db).managerNamed.get(name.trim()) as string | undefined) ?? null;
}

/** The manager a Slack user is linked to (see linkSlackUserToManager), or null. */
export function findManagerLink(db: Db, slackUserId: string): string | null {
  return (stmts(db).managerOf.get(slackUserId) as string | undefined) ?? null;
}

/**
 * Links a Slack user to a manager who has no rep row, replacing any link of that user to a rep,
 * in one transaction.
 */
export function linkSlackUserToManager(db: Db, managerName: string, slackUserId: string, at: Date): void {
  const s = stmts(db);
  db.transaction(() => {
    s.unlinkRepUser.run(slackUserId);
    s.linkManager.run(slackUserId, managerName, at.toISOString());
  })();
}
