import { describe, expect, it } from "vitest";
import {
  claimOccurrence,
  extendLease,
  findOccurrence,
  finishOccurrence,
  insertOccurrence,
  listClaimable,
  listOccurrences,
  type NewOccurrence,
  recordHeartbeat,
} from "../../src/store/occurrences-repository";
import { ritualsDb } from "./helpers";

// The store is generic: here as the daily action-item reminder would use it (one DM per person per day).
const reminder = (day: string): NewOccurrence => ({
  key: `action-reminder:user/U0REP0001:${day}`,
  kind: "action-reminder",
  subject: "user:U0REP0001",
  channelId: "U0REP0001",
  dueAt: new Date(`${day}T14:00:00Z`),
  deadlineAt: new Date(`${day}T23:59:59Z`),
  note: null,
  payload: { items: 3 },
});

const at = (iso: string) => new Date(iso);

describe("occurrence store", () => {
  it("a key is written once, however many processes try", () => {
    const { db, open } = ritualsDb();
    const other = open();
    expect(insertOccurrence(db, reminder("2026-11-25"), at("2026-11-25T14:00:00Z"))).toBe(true);
    expect(insertOccurrence(other, reminder("2026-11-25"), at("2026-11-25T14:00:01Z"))).toBe(false);
    expect(insertOccurrence(other, reminder("2026-11-26"), at("2026-11-26T14:00:00Z"))).toBe(true);
    expect(listOccurrences(db, "user:U0REP0001").map((o) => o.key)).toEqual([
      "action-reminder:user/U0REP0001:2026-11-26",
      "action-reminder:user/U0REP0001:2026-11-25",
    ]);
    expect(findOccurrence(db, "action-reminder:user/U0REP0001:2026-11-25")?.payload).toEqual({ items: 3 });
  });

  it("only due rows are claimable; one claim wins; a live lease is respected and an expired one taken over", () => {
    const { db, open } = ritualsDb();
    const other = open();
    insertOccurrence(db, reminder("2026-11-25"), at("2026-11-25T00:00:00Z"));
    const id = findOccurrence(db, reminder("2026-11-25").key)?.id as number;
    expect(listClaimable(db, "action-reminder", at("2026-11-25T13:59:59Z"))).toEqual([]);
    expect(claimOccurrence(db, id, "A", at("2026-11-25T13:59:59Z"), at("2026-11-25T14:01:00Z"))).toBeNull();

    const now = at("2026-11-25T14:00:05Z");
    const first = claimOccurrence(db, id, "A", now, at("2026-11-25T14:01:05Z"));
    expect(first).toMatchObject({
      tookOverFrom: null,
      occurrence: { state: "claimed", leaseHolder: "A", attempts: 1 },
    });
    expect(claimOccurrence(other, id, "B", now, at("2026-11-25T14:01:05Z"))).toBeNull();
    expect(listClaimable(other, "action-reminder", at("2026-11-25T14:01:00Z"))).toEqual([]);

    const later = at("2026-11-25T14:01:06Z");
    expect(listClaimable(other, "action-reminder", later).map((o) => o.id)).toEqual([id]);
    const taken = claimOccurrence(other, id, "B", later, at("2026-11-25T14:02:06Z"));
    expect(taken).toMatchObject({
      tookOverFrom: "A",
      occurrence: { leaseHolder: "B", attempts: 2, firstClaimedAt: now.toISOString() },
    });

    // The old holder can neither extend nor finish any more.
    expect(extendLease(db, id, "A", at("2026-11-25T14:05:00Z"))).toBe(false);
    expect(finishOccurrence(db, id, "A", { state: "posted", messageTs: "1.1" }, later)).toBe(false);
    expect(finishOccurrence(other, id, "B", { state: "posted", messageTs: "2.2" }, later)).toBe(true);
    expect(findOccurrence(db, reminder("2026-11-25").key)).toMatchObject({
      state: "posted",
      messageTs: "2.2",
      leaseHolder: null,
    });
    expect(claimOccurrence(db, id, "C", at("2026-11-25T15:00:00Z"), at("2026-11-25T15:01:00Z"))).toBeNull();
  });

  it("the heartbeat gives the previous pass by any process, and never moves back", () => {
    const { db } = ritualsDb();
    expect(recordHeartbeat(db, "rituals", "A", at("2026-11-25T14:00:00Z"))).toBeNull();
    expect(recordHeartbeat(db, "rituals", "B", at("2026-11-25T14:01:00Z"))?.toISOString()).toBe(
      "2026-11-25T14:00:00.000Z",
    );
    expect(recordHeartbeat(db, "rituals", "A", at("2026-11-25T14:00:30Z"))?.toISOString()).toBe(
      "2026-11-25T14:01:00.000Z",
    );
    expect(recordHeartbeat(db, "rituals", "A", at("2026-11-25T14:02:00Z"))?.toISOString()).toBe(
      "2026-11-25T14:01:00.000Z",
    );
  });
});
