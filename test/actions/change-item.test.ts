import { describe, expect, it } from "vitest";
import { changeActionItem } from "../../src/actions/change-item";
import { createActionItem } from "../../src/actions/create-item";
import { ActionItemError } from "../../src/actions/errors";
import type { NewActionItem } from "../../src/actions/item-rules";
import {
  listActionItemEvents,
  listActionItems,
  readActionItem,
  updateActionItem,
} from "../../src/store/actions-repository";
import { openDatabase } from "../../src/store/db";
import { tempDb } from "../ingest/helpers";
import { NO_AUTHORITY } from "./helpers";

const T0 = new Date("2026-11-25T12:00:00Z");
const T1 = new Date("2026-11-25T13:00:00Z");
const T2 = new Date("2026-11-25T14:00:00Z");

const NEW_ITEM: NewActionItem = {
  text: "Call the CFO about renewal",
  ownerId: "UOWNER",
  creatorId: "UCREATOR",
  deadline: "2026-12-04",
  ownerZone: "Europe/Berlin",
  source: "review",
  reviewKey: "monthly-close:2026-11",
  ritual: "monthly-close",
  dealId: "OPP-1",
};

function setup() {
  const { db, file } = tempDb();
  const { item } = createActionItem(db, NEW_ITEM, T0);
  return { db, file, id: item.id };
}

describe("creating an action item", () => {
  it("stores it open at version 1 with its deadline zone and one 'created' audit row", () => {
    const { db, id } = setup();
    const item = readActionItem(db, id);
    expect(item).toMatchObject({
      text: "Call the CFO about renewal",
      ownerId: "UOWNER",
      creatorId: "UCREATOR",
      deadline: "2026-12-04",
      deadlineZone: "Europe/Berlin",
      source: "review",
      state: "open",
      version: 1,
      createdAt: T0.toISOString(),
      changedBy: "UCREATOR",
    });
    expect(listActionItemEvents(db, id)).toEqual([
      {
        itemId: id,
        version: 1,
        kind: "created",
        actorId: "UCREATOR",
        at: T0.toISOString(),
        from: null,
        to: "open",
        note: null,
      },
    ]);
  });

  it("a retried submission with the same request key creates nothing new", () => {
    const { db } = tempDb();
    const first = createActionItem(db, { ...NEW_ITEM, requestKey: "V123" }, T0);
    const again = createActionItem(db, { ...NEW_ITEM, requestKey: "V123" }, T1);
    expect(first.created).toBe(true);
    expect(again).toEqual({ item: first.item, created: false });
    expect(listActionItems(db)).toHaveLength(1);
    expect(listActionItemEvents(db, first.item.id)).toHaveLength(1);
  });

  it("bad input names the field and stores nothing", () => {
    const { db } = tempDb();
    const cases: [Partial<NewActionItem>, string, RegExp][] = [
      [{ text: "   " }, "text", /text is empty/],
      [{ text: "x".repeat(501) }, "text", /501 characters; keep it to 500/],
      [{ ownerId: "ana" }, "owner", /owner "ana" is not a Slack user id/],
      [{ ownerZone: "Mars/Olympus" }, "owner", /"Mars\/Olympus" is not an IANA time zone/],
      [{ deadline: "2026-11-24" }, "deadline", /is in the past \(today is 2026-11-25 in Europe\/Berlin\)/],
      [{ deadline: "04/12/2026" }, "deadline", /not a date: use YYYY-MM-DD/],
      [{ reviewKey: null }, "source", /needs the review/],
      [{ source: "deal", dealId: " " }, "deal", /needs the deal/],
    ];
    for (const [change, field, message] of cases) {
      let error: unknown;
      try {
        createActionItem(db, { ...NEW_ITEM, ...change }, T0);
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(change)).toBeInstanceOf(ActionItemError);
      expect((error as ActionItemError).field).toBe(field);
      expect((error as Error).message).toMatch(message);
    }
    expect(listActionItems(db)).toEqual([]);
    expect(db.prepare("SELECT count(*) FROM action_item_events").pluck().get()).toBe(0);
  });
});

describe("changing an action item", () => {
  it("done, then reopen: each bumps the version with an audit row from → to", () => {
    const { db, id } = setup();
    const done = changeActionItem(
      db,
      {
        itemId: id,
        change: { kind: "done" },
        actorId: "UOWNER",
        expectedVersion: 1,
        authority: NO_AUTHORITY,
      },
      T1,
    );
    expect(done.status).toBe("changed");
    expect(readActionItem(db, id)).toMatchObject({
      state: "done",
      doneAt: T1.toISOString(),
      version: 2,
      changedAt: T1.toISOString(),
      changedBy: "UOWNER",
    });
    const reopened = changeActionItem(
      db,
      {
        itemId: id,
        change: { kind: "reopen" },
        actorId: "UCREATOR",
        expectedVersion: 2,
        authority: NO_AUTHORITY,
      },
      T2,
    );
    expect(reopened.status).toBe("changed");
    expect(readActionItem(db, id)).toMatchObject({
      state: "open",
      doneAt: null,
      version: 3,
      changedBy: "UCREATOR",
    });
    expect(listActionItemEvents(db, id).map((e) => [e.version, e.kind, e.actorId, e.from, e.to])).toEqual([
      [1, "created", "UCREATOR", null, "open"],
      [2, "done", "UOWNER", "open", "done"],
      [3, "reopened", "UCREATOR", "done", "open"],
    ]);
  });

  it("reassign moves the item to the new owner and their zone; change deadline records both dates", () => {
    const { db, id } = setup();
    const reassign = { kind: "reassign" as const, ownerId: "UNEW", ownerZone: "America/Chicago" };
    expect(
      changeActionItem(db, { itemId: id, change: reassign, actorId: "UOWNER", authority: NO_AUTHORITY }, T1)
        .status,
    ).toBe("changed");
    const deadline = { kind: "change_deadline" as const, deadline: "2026-12-11" };
    expect(
      changeActionItem(db, { itemId: id, change: deadline, actorId: "UNEW", authority: NO_AUTHORITY }, T2)
        .status,
    ).toBe("changed");
    expect(readActionItem(db, id)).toMatchObject({
      ownerId: "UNEW",
      deadlineZone: "America/Chicago",
      deadline: "2026-12-11",
      version: 3,
    });
    expect(
      listActionItemEvents(db, id)
        .slice(1)
        .map((e) => [e.kind, e.from, e.to]),
    ).toEqual([
      ["reassigned", "UOWNER", "UNEW"],
      ["deadline_changed", "2026-12-04", "2026-12-11"],
    ]);
  });

  it("drop keeps its reason on the item and in the audit row; reopening clears it", () => {
    const { db, id } = setup();
    const drop = { kind: "drop" as const, reason: "  Customer  churned " };
    expect(
      changeActionItem(db, { itemId: id, change: drop, actorId: "UOWNER", authority: NO_AUTHORITY }, T1)
        .status,
    ).toBe("changed");
    expect(readActionItem(db, id)).toMatchObject({ state: "dropped", dropReason: "Customer churned" });
    expect(listActionItemEvents(db, id)[1]).toMatchObject({
      kind: "dropped",
      note: "Customer churned",
      to: "dropped",
    });
    changeActionItem(
      db,
      { itemId: id, change: { kind: "reopen" }, actorId: "UOWNER", authority: NO_AUTHORITY },
      T2,
    );
    expect(readActionItem(db, id)).toMatchObject({ state: "open", dropReason: null });
  });

  it("a change the state does not allow is not made, and says what the item is", () => {
    const { db, id } = setup();
    changeActionItem(
      db,
      { itemId: id, change: { kind: "done" }, actorId: "UOWNER", authority: NO_AUTHORITY },
      T1,
    );
    for (const change of [
      { kind: "drop" as const, reason: "no longer needed" },
      { kind: "reassign" as const, ownerId: "UNEW", ownerZone: "UTC" },
      { kind: "change_deadline" as const, deadline: "2026-12-20" },
    ]) {
      const outcome = changeActionItem(
        db,
        { itemId: id, change, actorId: "UOWNER", authority: NO_AUTHORITY },
        T2,
      );
      expect(outcome.status).toBe("not_allowed");
      expect(outcome.status === "not_allowed" && outcome.event).toMatchObject({
        kind: "done",
        actorId: "UOWNER",
      });
    }
    expect(readActionItem(db, id)?.version).toBe(2);
    expect(listActionItemEvents(db, id)).toHaveLength(2);
  });

  it("bad change input throws before anything is read or written", () => {
    const { db, id } = setup();
    const attempts = [
      { kind: "drop" as const, reason: "  " },
      { kind: "change_deadline" as const, deadline: "2026-11-01" },
      { kind: "change_deadline" as const, deadline: "next week" },
      { kind: "reassign" as const, ownerId: "bob", ownerZone: "UTC" },
    ];
    for (const change of attempts) {
      expect(() =>
        changeActionItem(db, { itemId: id, change, actorId: "UOWNER", authority: NO_AUTHORITY }, T1),
      ).toThrow(ActionItemError);
    }
    expect(readActionItem(db, id)?.version).toBe(1);
    expect(listActionItemEvents(db, id)).toHaveLength(1);
  });

  it("an unknown item is reported, not created", () => {
    const { db } = tempDb();
    expect(
      changeActionItem(
        db,
        { itemId: 99, change: { kind: "done" }, actorId: "UOWNER", authority: NO_AUTHORITY },
        T1,
      ),
    ).toEqual({ status: "not_found", change: "done", itemId: 99 });
  });
});

describe("who may change an item", () => {
  it("the owner, the creator, the ritual's facilitator and an admin may; anyone else is refused and nothing changes", () => {
    const authority = {
      adminIds: new Set(["UADMIN"]),
      facilitatorsOf: (ritual: string) => (ritual === "monthly-close" ? ["UFACIL"] : ["UOTHERFACIL"]),
    };
    for (const actorId of ["USTRANGER", "UOTHERFACIL"]) {
      const { db, id } = setup();
      const outcome = changeActionItem(db, { itemId: id, change: { kind: "done" }, actorId, authority }, T1);
      expect(outcome.status, actorId).toBe("refused");
      expect(readActionItem(db, id)).toMatchObject({ state: "open", version: 1 });
      expect(listActionItemEvents(db, id)).toHaveLength(1);
    }
    for (const actorId of ["UOWNER", "UCREATOR", "UFACIL", "UADMIN"]) {
      const { db, id } = setup();
      expect(
        changeActionItem(db, { itemId: id, change: { kind: "done" }, actorId, authority }, T1).status,
        actorId,
      ).toBe("changed");
    }
  });

  it("after a reassignment the previous owner is no longer allowed", () => {
    const { db } = tempDb();
    const { item } = createActionItem(db, { ...NEW_ITEM, creatorId: "UOWNER" }, T0);
    const reassign = { kind: "reassign" as const, ownerId: "UNEW", ownerZone: "UTC" };
    changeActionItem(
      db,
      { itemId: item.id, change: reassign, actorId: "UOWNER", authority: NO_AUTHORITY },
      T1,
    );
    const { item: other } = createActionItem(db, NEW_ITEM, T0);
    changeActionItem(
      db,
      { itemId: other.id, change: reassign, actorId: "UOWNER", authority: NO_AUTHORITY },
      T1,
    );
    // UOWNER created the first item, so may still change it; not the second, created by UCREATOR
    const done = { kind: "done" as const };
    expect(
      changeActionItem(db, { itemId: item.id, change: done, actorId: "UOWNER", authority: NO_AUTHORITY }, T2)
        .status,
    ).toBe("changed");
    expect(
      changeActionItem(db, { itemId: other.id, change: done, actorId: "UOWNER", authority: NO_AUTHORITY }, T2)
        .status,
    ).toBe("refused");
  });
});

describe("double clicks, retries and races", () => {
  it("the same click twice: the second is a no-op that says who did it and when", () => {
    const { db, id } = setup();
    const request = {
      itemId: id,
      change: { kind: "done" as const },
      actorId: "UOWNER",
      expectedVersion: 1,
      authority: NO_AUTHORITY,
    };
    expect(changeActionItem(db, request, T1).status).toBe("changed");
    const retry = changeActionItem(db, request, T2);
    expect(retry.status).toBe("already");
    expect(retry.status === "already" && retry.event).toMatchObject({
      kind: "done",
      actorId: "UOWNER",
      at: T1.toISOString(),
    });
    expect(readActionItem(db, id)).toMatchObject({ version: 2, doneAt: T1.toISOString() });
    expect(listActionItemEvents(db, id)).toHaveLength(2);
  });

  it("two people marking done from the same version: one wins, the other is told it was already done by the winner", () => {
    const { db, id } = setup();
    const authority = { adminIds: new Set(["UADMIN"]), facilitatorsOf: () => [] };
    const owner = changeActionItem(
      db,
      { itemId: id, change: { kind: "done" }, actorId: "UOWNER", expectedVersion: 1, authority },
      T1,
    );
    const admin = changeActionItem(
      db,
      { itemId: id, change: { kind: "done" }, actorId: "UADMIN", expectedVersion: 1, authority },
      T1,
    );
    expect(owner.status).toBe("changed");
    expect(admin.status).toBe("already");
    expect(admin.status === "already" && admin.event?.actorId).toBe("UOWNER");
  });

  it("different changes from the same version: the second is stale, nothing written, and names what it missed", () => {
    const { db, id } = setup();
    changeActionItem(
      db,
      {
        itemId: id,
        change: { kind: "done" },
        actorId: "UOWNER",
        expectedVersion: 1,
        authority: NO_AUTHORITY,
      },
      T1,
    );
    const drop = changeActionItem(
      db,
      {
        itemId: id,
        change: { kind: "drop", reason: "duplicate" },
        actorId: "UCREATOR",
        expectedVersion: 1,
        authority: NO_AUTHORITY,
      },
      T2,
    );
    expect(drop.status).toBe("stale");
    expect(drop.status === "stale" && drop.events.map((e) => [e.version, e.kind, e.actorId])).toEqual([
      [2, "done", "UOWNER"],
    ]);
    expect(readActionItem(db, id)).toMatchObject({ state: "done", version: 2, dropReason: null });
  });

  it("a late retry of a change that was since undone does not redo it", () => {
    const { db, id } = setup();
    const done = {
      itemId: id,
      change: { kind: "done" as const },
      actorId: "UOWNER",
      expectedVersion: 1,
      authority: NO_AUTHORITY,
    };
    changeActionItem(db, done, T1);
    changeActionItem(
      db,
      { itemId: id, change: { kind: "reopen" }, actorId: "UCREATOR", authority: NO_AUTHORITY },
      T2,
    );
    const retry = changeActionItem(db, done, T2);
    expect(retry.status).toBe("stale");
    expect(readActionItem(db, id)).toMatchObject({ state: "open", version: 3 });
  });

  it("two processes on one database file: the same version is written once", () => {
    const { file, id } = setup();
    const a = openDatabase(file);
    const b = openDatabase(file);
    try {
      const request = (actorId: string, change: { kind: "done" } | { kind: "drop"; reason: string }) => ({
        itemId: id,
        change,
        actorId,
        expectedVersion: 1,
        authority: NO_AUTHORITY,
      });
      const first = changeActionItem(a, request("UOWNER", { kind: "done" }), T1);
      const second = changeActionItem(b, request("UCREATOR", { kind: "drop", reason: "not needed" }), T1);
      expect([first.status, second.status]).toEqual(["changed", "stale"]);
      expect(listActionItemEvents(b, id)).toHaveLength(2);
    } finally {
      a.close();
      b.close();
    }
  });

  it("the store writes a change only against the version it was made from", () => {
    const { db, id } = setup();
    const current = readActionItem(db, id);
    if (!current) throw new Error("item missing");
    const event = {
      kind: "done" as const,
      actorId: "UOWNER",
      at: T1.toISOString(),
      from: "open",
      to: "done",
      note: null,
    };
    const next = { ...current, state: "done" as const, doneAt: T1.toISOString() };
    expect(updateActionItem(db, next, 1, event)?.version).toBe(2);
    expect(updateActionItem(db, next, 1, event)).toBeNull();
    expect(listActionItemEvents(db, id)).toHaveLength(2);
  });
});
