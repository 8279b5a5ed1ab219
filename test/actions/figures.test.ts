import { describe, expect, it } from "vitest";
import {
  COMPLETION_TARGET,
  completionByReview,
  interventionSla,
  onTimeRate,
  type ReviewOccurrence,
} from "../../src/actions/figures";
import type { ActionItem, ActionItemEvent } from "../../src/domain/action-items";
import { item, trail } from "./helpers";

const REVIEWS: ReviewOccurrence[] = [
  { key: "mc:2026-11", ritual: "monthly-close", at: "2026-11-24T15:00:00Z" },
  { key: "fc:2026-11-20", ritual: "forecast-call", at: "2026-11-20T16:00:00Z" },
  { key: "mc:2026-10", ritual: "monthly-close", at: "2026-10-27T15:00:00Z" },
  { key: "mc:2026-12", ritual: "monthly-close", at: "2026-12-22T15:00:00Z" },
];
const NOW = new Date("2026-11-30T12:00:00Z");

/** An item of a review with its trail: created at the review, then the given changes. */
function reviewItem(id: number, reviewKey: string, changes: [ActionItemEvent["kind"], string][]) {
  const created = REVIEWS.find((r) => r.key === reviewKey)?.at as string;
  const events = trail(id, [["created", created], ...changes]);
  const last = changes.at(-1)?.[0];
  const state = last === "done" ? "done" : last === "dropped" ? "dropped" : "open";
  const built = item({
    id,
    reviewKey,
    source: "review",
    state,
    doneAt: state === "done" ? (changes.at(-1)?.[1] as string) : null,
  });
  return { item: built, events };
}

describe("completion rate per review", () => {
  const cases = [
    reviewItem(1, "mc:2026-10", [["done", "2026-11-10T09:00:00Z"]]),
    // done after the November review started: not done by the next review
    reviewItem(2, "mc:2026-10", [["done", "2026-11-25T09:00:00Z"]]),
    // done before the next review, reopened after it: counted as done, the rate does not move later
    reviewItem(3, "mc:2026-10", [
      ["done", "2026-11-05T09:00:00Z"],
      ["reopened", "2026-11-28T09:00:00Z"],
    ]),
    reviewItem(4, "mc:2026-10", [["dropped", "2026-11-01T09:00:00Z"]]),
    reviewItem(5, "mc:2026-10", []),
    reviewItem(6, "mc:2026-11", [["done", "2026-11-26T09:00:00Z"]]),
    reviewItem(7, "mc:2026-11", []),
    reviewItem(8, "fc:2026-11-20", [["done", "2026-11-21T09:00:00Z"]]),
  ];
  const items: ActionItem[] = cases.map((c) => c.item);
  const events = cases.flatMap((c) => c.events);
  const result = completionByReview(REVIEWS, [...items, item({ id: 9 })], events, NOW);
  const byKey = new Map(result.map((r) => [r.reviewKey, r]));

  it("done by the next review of the same ritual / created; dropped count as not done", () => {
    expect(byKey.get("mc:2026-10")).toMatchObject({
      nextReviewKey: "mc:2026-11",
      created: 5,
      doneByNext: 2,
      dropped: 1,
      open: 2,
      rate: 2 / 5,
      meetsTarget: false,
      provisional: false,
    });
  });

  it("until the next review starts the rate is done so far, marked provisional", () => {
    expect(byKey.get("mc:2026-11")).toMatchObject({
      nextReviewKey: "mc:2026-12",
      created: 2,
      doneByNext: 1,
      rate: 0.5,
      provisional: true,
      asOf: NOW.toISOString(),
    });
    expect(byKey.get("fc:2026-11-20")).toMatchObject({
      nextReviewKey: null,
      created: 1,
      rate: 1,
      provisional: true,
    });
  });

  it("a review without items has no rate rather than 0%", () => {
    expect(byKey.get("mc:2026-12")).toMatchObject({ created: 0, rate: null, meetsTarget: null });
  });

  it("four of five done meets the 80% target", () => {
    const five = [1, 2, 3, 4, 5].map((id) =>
      reviewItem(id, "mc:2026-10", id === 5 ? [] : [["done", "2026-11-02T09:00:00Z"]]),
    );
    const [oct] = completionByReview(
      REVIEWS.filter((r) => r.ritual === "monthly-close"),
      five.map((c) => c.item),
      five.flatMap((c) => c.events),
      NOW,
    );
    expect(COMPLETION_TARGET).toBe(0.8);
    expect(oct).toMatchObject({ reviewKey: "mc:2026-10", rate: 0.8, meetsTarget: true });
  });
});

describe("on-time rate", () => {
  it("done on or before the deadline day in the item's zone / items done", () => {
    const items = [
      // 05:00 UTC on the 28th is 21:00 on the 27th in Los Angeles: on time there
      item({
        id: 1,
        deadline: "2026-11-27",
        deadlineZone: "America/Los_Angeles",
        state: "done",
        doneAt: "2026-11-28T05:00:00Z",
      }),
      item({
        id: 2,
        deadline: "2026-11-27",
        deadlineZone: "UTC",
        state: "done",
        doneAt: "2026-11-28T05:00:00Z",
      }),
      item({ id: 3, deadline: "2026-11-30", state: "done", doneAt: "2026-11-29T10:00:00Z" }),
      item({ id: 4, deadline: "2026-11-01", state: "open" }),
      item({ id: 5, deadline: "2026-11-01", state: "dropped", dropReason: "duplicate" }),
    ];
    expect(onTimeRate(items)).toEqual({ done: 3, onTime: 2, rate: 2 / 3 });
    expect(onTimeRate([items[3] as ActionItem])).toEqual({ done: 0, onTime: 0, rate: null });
  });
});

describe("intervention SLA", () => {
  const now = new Date("2026-11-25T12:00:00Z");
  const linked = (
    id: number,
    dealId: string,
    createdAt: string,
    changes: [ActionItemEvent["kind"], string][] = [],
  ) => ({
    item: item({ id, dealId, source: "deal", createdAt }),
    events: trail(id, [["created", createdAt], ...changes]),
  });
  const cases = [
    linked(1, "D1", "2026-11-21T09:00:00Z"),
    linked(2, "D2", "2026-11-23T10:00:00Z"),
    linked(5, "D5", "2026-11-15T09:00:00Z"),
    linked(6, "D6", "2026-11-10T09:00:00Z", [["done", "2026-11-12T09:00:00Z"]]),
  ];
  const flagged = [
    { dealId: "D1", flaggedAt: "2026-11-20T10:00:00Z" },
    { dealId: "D1", flaggedAt: "2026-11-24T10:00:00Z" },
    { dealId: "D2", flaggedAt: "2026-11-20T10:00:00Z" },
    { dealId: "D3", flaggedAt: "2026-11-20T10:00:00Z" },
    { dealId: "D4", flaggedAt: "2026-11-25T00:00:00Z" },
    { dealId: "D5", flaggedAt: "2026-11-22T00:00:00Z" },
    { dealId: "D6", flaggedAt: "2026-11-22T00:00:00Z" },
  ];
  const sla = interventionSla(
    flagged,
    cases.map((c) => c.item),
    cases.flatMap((c) => c.events),
    now,
  );

  it("met = an item within 48 h of the flag, or one still open when flagged; a deal inside its window is pending", () => {
    // D1 met (23 h), D5 met (open item from before); D2 late (72 h), D3 and D6 none (D6's item was
    // done before the flag); D4 flagged 12 h ago: pending
    expect(sla).toMatchObject({ decided: 5, met: 2, rate: 0.4, pending: 1, windowHours: 48 });
    expect(sla.late).toEqual([
      { dealId: "D2", flaggedAt: "2026-11-20T10:00:00Z", firstItemAt: "2026-11-23T10:00:00.000Z" },
    ]);
  });

  it("lists the flagged deals without an item, earliest flag first, breached once 48 h have passed", () => {
    expect(sla.withoutAction).toEqual([
      { dealId: "D3", flaggedAt: "2026-11-20T10:00:00Z", dueBy: "2026-11-22T10:00:00.000Z", breached: true },
      { dealId: "D6", flaggedAt: "2026-11-22T00:00:00Z", dueBy: "2026-11-24T00:00:00.000Z", breached: true },
      { dealId: "D4", flaggedAt: "2026-11-25T00:00:00Z", dueBy: "2026-11-27T00:00:00.000Z", breached: false },
    ]);
  });

  it("nothing flagged: no rate", () => {
    expect(interventionSla([], [], [], now)).toMatchObject({
      decided: 0,
      met: 0,
      rate: null,
      withoutAction: [],
    });
  });
});
