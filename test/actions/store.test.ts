import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase, schemaVersion } from "../../src/store/db";
import { SCHEMA_VERSION } from "../../src/store/migrations";
import { tempDb, tempDir } from "../ingest/helpers";

const insert = `INSERT INTO action_items (text, owner_id, creator_id, deadline, deadline_zone, source, review_key,
  state, done_at, drop_reason, version, created_at, changed_at, changed_by)
  VALUES (@text, 'UANA', 'UMGR', '2026-12-04', 'UTC', @source, @reviewKey, @state, @doneAt, @dropReason, 1,
  '2026-11-25T12:00:00Z', '2026-11-25T12:00:00Z', 'UMGR')`;
const valid = {
  text: "Call",
  source: "manual",
  reviewKey: null,
  state: "open",
  doneAt: null,
  dropReason: null,
};

describe("the action items tables", () => {
  it("an existing database gains them on open and keeps what it had", () => {
    const file = path.join(tempDir(), "old.db");
    const old = openDatabase(file, { targetVersion: SCHEMA_VERSION - 1 });
    old.exec(
      "INSERT INTO manager_links (slack_user_id, manager_name, linked_at) VALUES ('UMGR', 'Maya', '2026-11-01')",
    );
    old.close();
    const db = openDatabase(file);
    expect(schemaVersion(db)).toBe(SCHEMA_VERSION);
    expect(db.prepare("SELECT manager_name FROM manager_links").pluck().all()).toEqual(["Maya"]);
    expect(db.prepare("SELECT count(*) FROM action_items").pluck().get()).toBe(0);
    db.close();
  });

  it("refuse an item whose state and its done time or drop reason disagree, or a review item without its review", () => {
    const { db } = tempDb();
    db.prepare(insert).run(valid);
    const broken = [
      { ...valid, state: "done" },
      { ...valid, doneAt: "2026-11-25T13:00:00Z" },
      { ...valid, state: "dropped" },
      { ...valid, source: "review" },
      { ...valid, text: "" },
      { ...valid, state: "closed" },
    ];
    for (const row of broken) expect(() => db.prepare(insert).run(row), JSON.stringify(row)).toThrow(/CHECK/);
    expect(db.prepare("SELECT count(*) FROM action_items").pluck().get()).toBe(1);
  });

  it("keep one audit row per item version", () => {
    const { db } = tempDb();
    const id = Number(db.prepare(insert).run(valid).lastInsertRowid);
    const event = db.prepare(
      "INSERT INTO action_item_events (item_id, version, kind, actor_id, at) VALUES (?, 1, 'created', 'UMGR', '2026-11-25T12:00:00Z')",
    );
    event.run(id);
    expect(() => event.run(id)).toThrow(/UNIQUE/);
  });
});
