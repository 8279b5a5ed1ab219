import type { ActionItem, ActionItemEvent, ActionSource, ActionState } from "../domain/action-items";
import type { Db } from "./db";

/**
 * Action items, their audit trail, Slack users' time zones and claimed reminder sends. A change is
 * written only against the version it was made from, with its audit row, in one transaction.
 */

const ITEM_COLUMNS = `id, text, owner_id AS ownerId, creator_id AS creatorId, deadline,
  deadline_zone AS deadlineZone, source, review_key AS reviewKey, ritual, deal_id AS dealId, state,
  drop_reason AS dropReason, done_at AS doneAt, version, created_at AS createdAt,
  changed_at AS changedAt, changed_by AS changedBy, channel_id AS channelId, message_ts AS messageTs`;

const EVENT_COLUMNS = `item_id AS itemId, version, kind, actor_id AS actorId, at, from_value AS "from",
  to_value AS "to", note`;

export interface NewActionItemRow {
  text: string;
  ownerId: string;
  creatorId: string;
  deadline: string;
  deadlineZone: string;
  source: ActionSource;
  reviewKey: string | null;
  ritual: string | null;
  dealId: string | null;
  /** ISO instant */
  createdAt: string;
  /** the Slack request that asked for it; a second insert with the same key returns the first item */
  requestKey: string | null;
}

/** Which items to list; every field left out matches all. */
export interface ActionItemFilter {
  ownerIds?: readonly string[];
  states?: readonly ActionState[];
  ritual?: string;
  reviewKeys?: readonly string[];
  dealIds?: readonly string[];
  /** items done at or after this ISO instant */
  doneSince?: string;
  /** items whose deadline is on or before this date */
  deadlineOnOrBefore?: string;
}

const statements = new WeakMap<Db, ReturnType<typeof prepareStatements>>();

function prepareStatements(db: Db) {
  return {
    insertItem: db.prepare(
      `INSERT INTO action_items (text, owner_id, creator_id, deadline, deadline_zone, source, review_key,
         ritual, deal_id, state, version, created_at, changed_at, changed_by, request_key)
       VALUES (@text, @ownerId, @creatorId, @deadline, @deadlineZone, @source, @reviewKey, @ritual, @dealId,
         'open', 1, @createdAt, @createdAt, @creatorId, @requestKey)
       ON CONFLICT (request_key) DO NOTHING`,
    ),
    byId: db.prepare(`SELECT ${ITEM_COLUMNS} FROM action_items WHERE id = ?`),
    byRequestKey: db.prepare(`SELECT ${ITEM_COLUMNS} FROM action_items WHERE request_key = ?`),
    update: db.prepare(
      `UPDATE action_items SET owner_id = @ownerId, deadline = @deadline, deadline_zone = @deadlineZone,
         state = @state, drop_reason = @dropReason, done_at = @doneAt, version = version + 1,
         changed_at = @changedAt, changed_by = @changedBy
       WHERE id = @id AND version = @expectedVersion`,
    ),
    insertEvent: db.prepare(
      `INSERT INTO action_item_events (item_id, version, kind, actor_id, at, from_value, to_value, note)
       VALUES (@itemId, @version, @kind, @actorId, @at, @from, @to, @note)`,
    ),
    eventsOf: db.prepare(
      `SELECT ${EVENT_COLUMNS} FROM action_item_events WHERE item_id = ? ORDER BY version`,
    ),
    eventsOfMany: db.prepare(
      `SELECT ${EVENT_COLUMNS} FROM action_item_events
       WHERE item_id IN (SELECT value FROM json_each(?)) ORDER BY item_id, version`,
    ),
    list: db.prepare(
      `SELECT ${ITEM_COLUMNS} FROM action_items
       WHERE (@owners IS NULL OR owner_id IN (SELECT value FROM json_each(@owners)))
         AND (@states IS NULL OR state IN (SELECT value FROM json_each(@states)))
         AND (@ritual IS NULL OR ritual = @ritual)
         AND (@reviews IS NULL OR review_key IN (SELECT value FROM json_each(@reviews)))
         AND (@deals IS NULL OR deal_id IN (SELECT value FROM json_each(@deals)))
         AND (@doneSince IS NULL OR done_at >= @doneSince)
         AND (@deadlineTo IS NULL OR deadline <= @deadlineTo)
       ORDER BY deadline, id`,
    ),
    setMessage: db.prepare("UPDATE action_items SET channel_id = ?, message_ts = ? WHERE id = ?"),
    saveZone: db.prepare(
      `INSERT INTO slack_user_zones (slack_user_id, time_zone, fetched_at) VALUES (?, ?, ?)
       ON CONFLICT (slack_user_id) DO UPDATE SET time_zone = excluded.time_zone, fetched_at = excluded.fetched_at`,
    ),
    zones: db.prepare(
      "SELECT slack_user_id AS userId, time_zone AS zone, fetched_at AS fetchedAt FROM slack_user_zones",
    ),
    claimSend: db.prepare(
      `INSERT INTO reminder_sends (key, kind, recipient_id, claimed_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (key) DO NOTHING`,
    ),
    releaseSend: db.prepare("DELETE FROM reminder_sends WHERE key = ?"),
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

/**
 * Stores a new open item at version 1 with its "created" audit row, in one transaction. When an item
 * with the same request key exists, nothing is written and that item comes back with created false.
 */
export function insertActionItem(db: Db, row: NewActionItemRow): { item: ActionItem; created: boolean } {
  const s = stmts(db);
  return db.transaction(() => {
    const info = s.insertItem.run(row);
    if (info.changes === 0) {
      return { item: s.byRequestKey.get(row.requestKey) as ActionItem, created: false };
    }
    const id = Number(info.lastInsertRowid);
    s.insertEvent.run({
      itemId: id,
      version: 1,
      kind: "created",
      actorId: row.creatorId,
      at: row.createdAt,
      from: null,
      to: "open",
      note: null,
    });
    return { item: s.byId.get(id) as ActionItem, created: true };
  })();
}

export function readActionItem(db: Db, id: number): ActionItem | null {
  return (stmts(db).byId.get(id) as ActionItem | undefined) ?? null;
}

/**
 * Writes `next` (its owner, deadline, state, reason, done time, changed at/by) over the item only if
 * the item is still at `expectedVersion`, and appends `event` as version expectedVersion + 1, in one
 * transaction. Null when the item has moved on (or does not exist): nothing is written then.
 */
export function updateActionItem(
  db: Db,
  next: ActionItem,
  expectedVersion: number,
  event: Omit<ActionItemEvent, "itemId" | "version">,
): ActionItem | null {
  const s = stmts(db);
  return db.transaction(() => {
    const info = s.update.run({
      id: next.id,
      expectedVersion,
      ownerId: next.ownerId,
      deadline: next.deadline,
      deadlineZone: next.deadlineZone,
      state: next.state,
      dropReason: next.dropReason,
      doneAt: next.doneAt,
      changedAt: next.changedAt,
      changedBy: next.changedBy,
    });
    if (info.changes === 0) return null;
    s.insertEvent.run({ ...event, itemId: next.id, version: expectedVersion + 1 });
    return s.byId.get(next.id) as ActionItem;
  })();
}

/** An item's audit trail, oldest first. */
export function listActionItemEvents(db: Db, itemId: number): ActionItemEvent[] {
  return stmts(db).eventsOf.all(itemId) as ActionItemEvent[];
}

/** The audit trails of many items, by item id then version. */
export function listEventsOfItems(db: Db, itemIds: readonly number[]): ActionItemEvent[] {
  if (itemIds.length === 0) return [];
  return stmts(db).eventsOfMany.all(JSON.stringify(itemIds)) as ActionItemEvent[];
}

const json = (values: readonly unknown[] | undefined) => (values ? JSON.stringify(values) : null);

/** Items matching the filter, by deadline then id. */
export function listActionItems(db: Db, filter: ActionItemFilter = {}): ActionItem[] {
  return stmts(db).list.all({
    owners: json(filter.ownerIds),
    states: json(filter.states),
    ritual: filter.ritual ?? null,
    reviews: json(filter.reviewKeys),
    deals: json(filter.dealIds),
    doneSince: filter.doneSince ?? null,
    deadlineTo: filter.deadlineOnOrBefore ?? null,
  }) as ActionItem[];
}

/** Where the item's interactive message was posted; not a change of the item, so no version. */
export function setActionItemMessage(db: Db, id: number, channelId: string, messageTs: string): void {
  stmts(db).setMessage.run(channelId, messageTs, id);
}

export interface StoredUserZone {
  userId: string;
  zone: string;
  /** ISO instant of the users.info answer it came from */
  fetchedAt: string;
}

export function saveUserZone(db: Db, userId: string, zone: string, fetchedAt: string): void {
  stmts(db).saveZone.run(userId, zone, fetchedAt);
}

/** Every cached zone, by Slack user id. */
export function readUserZones(db: Db): Map<string, StoredUserZone> {
  const rows = stmts(db).zones.all() as StoredUserZone[];
  return new Map(rows.map((r) => [r.userId, r]));
}

/**
 * Claims a reminder send; true only for the first claim of `key` in this database, so one reminder
 * goes out once however many processes run the reminder loop.
 */
export function claimReminderSend(
  db: Db,
  claim: { key: string; kind: string; recipientId: string; claimedAt: string },
): boolean {
  return stmts(db).claimSend.run(claim.key, claim.kind, claim.recipientId, claim.claimedAt).changes === 1;
}

/** Gives a claim back after the send failed, so the next run tries again. */
export function releaseReminderSend(db: Db, key: string): void {
  stmts(db).releaseSend.run(key);
}
