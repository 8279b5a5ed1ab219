import type { Db } from "./db";

/**
 * The deals an action item can link: open opportunities with their owner (and the owner's Slack
 * user, to pre-fill the item's owner), searched by name or account; and when each deal was first
 * seen flagged for executive attention (the start of its 48-hour intervention window).
 */

export interface OpenDeal {
  id: string;
  name: string | null;
  accountName: string | null;
  ownerName: string;
  ownerTeam: string | null;
  /** the owner's linked Slack user, if any */
  ownerSlackUserId: string | null;
  amountCents: number;
  closeDate: string;
}

const DEAL_COLUMNS = `o.id, o.name, a.name AS accountName, r.name AS ownerName, t.name AS ownerTeam,
  r.slack_user_id AS ownerSlackUserId, o.amount_cents AS amountCents, o.close_date AS closeDate
  FROM opportunities o JOIN reps r ON r.id = o.owner_id LEFT JOIN teams t ON t.id = r.team_id
  LEFT JOIN accounts a ON a.id = o.account_id`;

const statements = new WeakMap<Db, ReturnType<typeof prepareStatements>>();

function prepareStatements(db: Db) {
  return {
    byId: db.prepare(`SELECT ${DEAL_COLUMNS} WHERE o.id = ? AND o.is_closed = 0`),
    search: db.prepare(
      `SELECT ${DEAL_COLUMNS}
       WHERE o.is_closed = 0
         AND (@all = 1 OR lower(r.name) IN (SELECT value FROM json_each(@owners))
              OR lower(t.name) IN (SELECT value FROM json_each(@teams)))
         AND (@query = '' OR instr(lower(coalesce(o.name, '') || ' ' || coalesce(a.name, '') || ' ' || o.id), @query) > 0)
       ORDER BY o.amount_cents DESC, o.id
       LIMIT @limit`,
    ),
    recordFlag: db.prepare(
      "INSERT INTO deal_flags (deal_id, first_flagged_at) VALUES (?, ?) ON CONFLICT (deal_id) DO NOTHING",
    ),
    flagsOf: db.prepare(
      `SELECT deal_id AS dealId, first_flagged_at AS flaggedAt FROM deal_flags
       WHERE deal_id IN (SELECT value FROM json_each(?))`,
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

/** An open deal by id; null when there is none (closed, or unknown). */
export function findOpenDeal(db: Db, id: string): OpenDeal | null {
  return (stmts(db).byId.get(id) as OpenDeal | undefined) ?? null;
}

/** Who may see which deals: everyone's (admins), or those of the named owners and teams (lower case). */
export type DealVisibility =
  | { all: true }
  | { all: false; owners: readonly string[]; teams: readonly string[] };

/** Open deals the visibility allows whose name, account or id contains `query`, largest first. */
export function searchOpenDeals(
  db: Db,
  visibility: DealVisibility,
  query: string,
  limit: number,
): OpenDeal[] {
  return stmts(db).search.all({
    all: visibility.all ? 1 : 0,
    owners: JSON.stringify(visibility.all ? [] : visibility.owners),
    teams: JSON.stringify(visibility.all ? [] : visibility.teams),
    query: query.trim().toLowerCase(),
    limit,
  }) as OpenDeal[];
}

/** Records the first time each deal was seen flagged; a deal already recorded keeps its time. */
export function recordDealFlags(db: Db, dealIds: readonly string[], at: string): void {
  const s = stmts(db);
  db.transaction(() => {
    for (const id of dealIds) s.recordFlag.run(id, at);
  })();
}

/** When each of the deals was first seen flagged; deals never recorded are left out. */
export function readDealFlags(db: Db, dealIds: readonly string[]): Map<string, string> {
  if (dealIds.length === 0) return new Map();
  const rows = stmts(db).flagsOf.all(JSON.stringify(dealIds)) as { dealId: string; flaggedAt: string }[];
  return new Map(rows.map((r) => [r.dealId, r.flaggedAt]));
}
