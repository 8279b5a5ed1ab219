import { describe, expect, it } from "vitest";
import {
  claimReminders,
  dueDailyReminders,
  duePreReviewDigests,
  nextReminderAt,
  previousWorkingDay,
  releaseReminder,
  type ScheduledReview,
} from "../../src/actions/reminders";
import type { ActionItem } from "../../src/domain/action-items";
import { tempDb } from "../ingest/helpers";
import { item } from "./helpers";

const ZONES: Record<string, string> = {
  UNY: "America/New_York",
  UBER: "Europe/Berlin",
  UBER2: "Europe/Berlin",
  UTOK: "Asia/Tokyo",
};
const zoneOf = (userId: string) => ZONES[userId] ?? "UTC";

let nextId = 1;
function owned(ownerId: string, deadline: string, overrides: Partial<ActionItem> = {}): ActionItem {
  return item({ id: nextId++, ownerId, deadline, deadlineZone: zoneOf(ownerId), ...overrides });
}

const ITEMS = [
  owned("UNY", "2026-11-27"),
  owned("UNY", "2026-11-24"),
  owned("UNY", "2026-11-25"),
  owned("UNY", "2026-11-28"),
  owned("UNY", "2026-11-20", { state: "done", doneAt: "2026-11-20T15:00:00Z" }),
  owned("UBER", "2026-12-10"),
  owned("UBER2", "2026-11-02"),
  owned("UTOK", "2026-11-01"),
  owned("UUTC", "2026-11-26"),
];

const summary = (at: string, items = ITEMS) =>
  dueDailyReminders(items, zoneOf, new Date(at)).map((r) => ({
    to: r.recipientId,
    key: r.key,
    overdue: r.overdue.map((i) => i.deadline),
    dueSoon: r.dueSoon.map((i) => i.deadline),
  }));

describe("daily reminders", () => {
  it("one grouped reminder per person whose clock is past 09:00 on a weekday: overdue first, then due within two days", () => {
    // Wednesday 14:00 UTC: 09:00 in New York, 15:00 in Berlin, 23:00 in Tokyo, 14:00 in UTC
    expect(summary("2026-11-25T14:00:00Z")).toEqual([
      { to: "UBER2", key: "daily:UBER2:2026-11-25", overdue: ["2026-11-02"], dueSoon: [] },
      {
        to: "UNY",
        key: "daily:UNY:2026-11-25",
        overdue: ["2026-11-24"],
        dueSoon: ["2026-11-25", "2026-11-27"],
      },
      { to: "UUTC", key: "daily:UUTC:2026-11-25", overdue: [], dueSoon: ["2026-11-26"] },
    ]);
  });

  it("nobody before their own 09:00 or from 17:00; nobody with nothing due", () => {
    const at0859NY = summary("2026-11-25T13:59:00Z").map((r) => r.to);
    expect(at0859NY).toEqual(["UBER2", "UUTC"]);
    // 17:00 in Berlin, 11:00 in New York
    expect(summary("2026-11-25T16:00:00Z").map((r) => r.to)).toEqual(["UNY", "UUTC"]);
    // UBER's only item is due in two weeks: never a reminder with nothing in it
    expect(summary("2026-11-25T10:00:00Z").map((r) => r.to)).not.toContain("UBER");
  });

  it("nothing on weekends in the person's own zone", () => {
    expect(summary("2026-11-28T14:00:00Z")).toEqual([]);
    expect(summary("2026-11-29T14:00:00Z")).toEqual([]);
    // Sunday 23:30 UTC is Monday 08:30 in Tokyo; an hour later Tokyo has its Monday reminder
    expect(summary("2026-11-29T23:30:00Z")).toEqual([]);
    expect(summary("2026-11-30T00:30:00Z")).toEqual([
      { to: "UTOK", key: "daily:UTOK:2026-11-30", overdue: ["2026-11-01"], dueSoon: [] },
    ]);
  });

  it("through the week US clocks spring forward, New York gets one reminder each weekday at its own 09:00", () => {
    const items = [owned("UNY", "2026-03-03")];
    const sent = new Map<string, string>();
    // every 15 minutes from Monday 2 March to Tuesday 10 March, UTC
    for (
      let t = Date.parse("2026-03-02T00:00:00Z");
      t < Date.parse("2026-03-10T00:00:00Z");
      t += 15 * 60_000
    ) {
      for (const r of dueDailyReminders(items, zoneOf, new Date(t))) {
        if (!sent.has(r.key)) sent.set(r.key, new Date(t).toISOString());
      }
    }
    expect([...sent]).toEqual([
      // due Tuesday: within two days on Monday, overdue from Wednesday on
      ["daily:UNY:2026-03-02", "2026-03-02T14:00:00.000Z"],
      ["daily:UNY:2026-03-03", "2026-03-03T14:00:00.000Z"],
      ["daily:UNY:2026-03-04", "2026-03-04T14:00:00.000Z"],
      ["daily:UNY:2026-03-05", "2026-03-05T14:00:00.000Z"],
      ["daily:UNY:2026-03-06", "2026-03-06T14:00:00.000Z"],
      // Sunday 8 March 02:00 EST became 03:00 EDT: Monday's 09:00 is 13:00 UTC
      ["daily:UNY:2026-03-09", "2026-03-09T13:00:00.000Z"],
    ]);
  });

  it("the next reminder time skips the weekend and follows the clock change", () => {
    expect(nextReminderAt("America/New_York", new Date("2026-03-06T15:00:00Z")).toISOString()).toBe(
      "2026-03-09T13:00:00.000Z",
    );
    // Europe falls back on 25 October 2026: Friday 09:00 CEST is 07:00 UTC, Monday 09:00 CET 08:00 UTC
    expect(nextReminderAt("Europe/Berlin", new Date("2026-10-23T06:00:00Z")).toISOString()).toBe(
      "2026-10-23T07:00:00.000Z",
    );
    expect(nextReminderAt("Europe/Berlin", new Date("2026-10-23T07:00:00Z")).toISOString()).toBe(
      "2026-10-26T08:00:00.000Z",
    );
  });

  it("a reminder is claimed once: a second run, or a second process, sends nothing; a failed send can be retried", () => {
    const { db } = tempDb();
    const now = new Date("2026-11-25T14:00:00Z");
    const due = dueDailyReminders(ITEMS, zoneOf, now);
    expect(claimReminders(db, due, "daily", now).map((r) => r.key)).toEqual(due.map((r) => r.key));
    expect(claimReminders(db, due, "daily", new Date("2026-11-25T14:05:00Z"))).toEqual([]);
    releaseReminder(db, "daily:UNY:2026-11-25");
    expect(claimReminders(db, due, "daily", now).map((r) => r.key)).toEqual(["daily:UNY:2026-11-25"]);
  });
});

describe("the facilitator's list before a review", () => {
  const review = (key: string, at: string, facilitatorId: string | null = "UFAC"): ScheduledReview => ({
    key,
    ritual: "monthly-close",
    at,
    zone: "America/New_York",
    facilitatorId,
  });
  const reviews = [
    review("mc:2026-10", "2026-10-27T14:00:00Z"),
    review("mc:2026-11", "2026-11-24T15:00:00Z"),
    review("mc:2026-12", "2026-12-21T15:00:00Z"),
  ];
  const items = [
    item({ id: 1, reviewKey: "mc:2026-10", source: "review", deadline: "2026-11-10" }),
    item({ id: 2, reviewKey: "mc:2026-10", source: "review", state: "done", doneAt: "2026-11-01T10:00:00Z" }),
    item({ id: 3, reviewKey: "mc:2026-10", source: "review", deadline: "2026-11-03" }),
    item({ id: 4, reviewKey: "mc:2026-11", source: "review", state: "done", doneAt: "2026-11-30T10:00:00Z" }),
  ];

  it("on the working day before, from 09:00 in the ritual's zone until the review starts: the previous review's open items", () => {
    // Monday 23 November, 09:30 in New York, the day before Tuesday's review
    const [digest, ...rest] = duePreReviewDigests(reviews, items, new Date("2026-11-23T14:30:00Z"));
    expect(rest).toEqual([]);
    expect(digest).toMatchObject({ key: "pre-review:mc:2026-11", recipientId: "UFAC" });
    expect(digest?.previous.key).toBe("mc:2026-10");
    expect(digest?.openItems.map((i) => i.id)).toEqual([3, 1]);
    expect(duePreReviewDigests(reviews, items, new Date("2026-11-23T13:59:00Z"))).toEqual([]);
    expect(duePreReviewDigests(reviews, items, new Date("2026-11-24T15:00:00Z"))).toEqual([]);
  });

  it("before a Monday review the list comes on Friday; nothing when all of the previous review's items are closed", () => {
    expect(previousWorkingDay("2026-12-21")).toBe("2026-12-18");
    expect(previousWorkingDay("2026-12-23")).toBe("2026-12-22");
    // Friday 18 December 10:00 in New York: mc:2026-11's only item is done
    expect(duePreReviewDigests(reviews, items, new Date("2026-12-18T15:00:00Z"))).toEqual([]);
    const withOpen = [...items, item({ id: 5, reviewKey: "mc:2026-11", source: "review" })];
    expect(
      duePreReviewDigests(reviews, withOpen, new Date("2026-12-18T15:00:00Z")).map((d) => d.key),
    ).toEqual(["pre-review:mc:2026-12"]);
  });

  it("nothing for a review without a facilitator", () => {
    const noFacilitator = reviews.map((r) => ({ ...r, facilitatorId: null }));
    expect(duePreReviewDigests(noFacilitator, items, new Date("2026-11-23T14:30:00Z"))).toEqual([]);
  });
});
