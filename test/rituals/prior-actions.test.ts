import { describe, expect, it } from "vitest";
import { changeActionItem } from "../../src/actions/change-item";
import { createActionItem } from "../../src/actions/create-item";
import { deckActionItems, priorReviewActionItems } from "../../src/rituals/deck";
import { createRitual } from "../../src/rituals/definitions";
import { actionItemsSection } from "../../src/rituals/pre-read/monthly-sections";
import { readPriorActions } from "../../src/rituals/pre-read/prior-actions";
import { preReadKey, ritualSubject } from "../../src/rituals/scheduler";
import type { Db } from "../../src/store/db";
import { insertOccurrence } from "../../src/store/occurrences-repository";
import { ritualsDb } from "./helpers";

// "3rd business day after month end at 10:00" UTC: October's review meets Wed 4 Nov 2026,
// November's Thu 3 Dec 2026.
const NOVEMBER = new Date("2026-11-04T10:00:00Z");
const DECEMBER = new Date("2026-12-03T10:00:00Z");

function held(db: Db, ritualId: number, meetingAt: Date, state: "posted" | "missed"): string {
  const key = preReadKey(ritualId, meetingAt);
  const dueAt = new Date(meetingAt.getTime() - 86_400_000);
  insertOccurrence(
    db,
    {
      key,
      kind: "pre-read",
      subject: ritualSubject(ritualId),
      channelId: "C0REVIEW1",
      dueAt,
      deadlineAt: meetingAt,
      note: null,
      payload: { ritualId, meetingAt: meetingAt.toISOString() },
    },
    dueAt,
  );
  db.prepare("UPDATE occurrences SET state = ? WHERE occurrence_key = ?").run(state, key);
  return key;
}

function setUp() {
  const { db } = ritualsDb();
  const ritual = createRitual(
    {
      db,
      now: new Date("2026-10-01T00:00:00Z"),
      actor: { operator: "test" },
      adminIds: new Set(),
      fiscalYearStartMonth: 1,
    },
    {
      name: "Monthly revenue review",
      kind: "monthly-review",
      channel: "C0REVIEW1",
      schedule: "3rd business day after month end at 10:00",
      zone: "UTC",
    },
  );
  const key = held(db, ritual.id, NOVEMBER, "posted");
  const items = [1, 2, 3, 4, 5].map(
    (n) =>
      createActionItem(
        db,
        {
          text: `Follow-up ${n}`,
          ownerId: "U0OWNER01",
          creatorId: "U0OWNER01",
          deadline: "2026-11-20",
          ownerZone: "UTC",
          source: "review",
          reviewKey: key,
          ritual: String(ritual.id),
        },
        new Date("2026-11-04T11:00:00Z"),
      ).item,
  );
  // four of five done before December's review
  for (const item of items.slice(0, 4)) {
    changeActionItem(
      db,
      {
        itemId: item.id,
        change: { kind: "done" },
        actorId: "U0OWNER01",
        authority: { adminIds: new Set(), facilitatorsOf: () => [] },
      },
      new Date("2026-11-18T11:00:00Z"),
    );
  }
  return { db, ritual };
}

describe("the prior review's action items", () => {
  it("are one reading for the pre-read's thread and the deck: 4 of 5 done is 80%, meeting the 80% target", () => {
    const { db, ritual } = setUp();
    const now = new Date("2026-12-02T10:00:00Z");
    const prior = readPriorActions(db, ritual, ritualSubject(ritual.id), DECEMBER, now);
    expect(prior?.reviewAt).toBe(NOVEMBER.toISOString());
    expect(prior?.items.map((i) => i.text)).toEqual([1, 2, 3, 4, 5].map((n) => `Follow-up ${n}`));
    const section = actionItemsSection(prior, "pre-read:next");
    expect(section.parts[0]).toBe("*80%* done (4 of 5; target 80%) — meets the target so far");
    const deck = deckActionItems(db, ritual, prior);
    expect(deck).toMatchObject({
      review: "Monthly revenue review, 2026-11-04",
      completionRate: 0.8,
      target: 0.8,
    });
    expect(deck?.items.filter((i) => i.state === "done")).toHaveLength(4);
    // `rituals deck` reads the review before the next meeting: the same figures
    expect(priorReviewActionItems(db, ritual, now)).toEqual(deck);
  });

  it("skip a review whose pre-read was missed, and are none before any review was held", () => {
    const { db, ritual } = setUp();
    held(db, ritual.id, DECEMBER, "missed");
    const january = new Date("2027-01-06T10:00:00Z");
    const prior = readPriorActions(
      db,
      ritual,
      ritualSubject(ritual.id),
      january,
      new Date("2027-01-05T10:00:00Z"),
    );
    expect(prior?.reviewAt).toBe(NOVEMBER.toISOString());
    expect(
      readPriorActions(db, ritual, ritualSubject(ritual.id), NOVEMBER, new Date("2026-11-03T10:00:00Z")),
    ).toBeNull();
    expect(deckActionItems(db, ritual, null)).toBeNull();
  });
});
