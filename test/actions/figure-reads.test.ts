import { describe, expect, it } from "vitest";
import { changeActionItem } from "../../src/actions/change-item";
import { createActionItem } from "../../src/actions/create-item";
import { readInterventionSla, readReviewCompletion } from "../../src/actions/figure-reads";
import type { NewActionItem } from "../../src/actions/item-rules";
import { tempDb } from "../ingest/helpers";
import { NO_AUTHORITY } from "./helpers";

const base: NewActionItem = {
  text: "Follow up",
  ownerId: "UANA",
  creatorId: "UMGR",
  deadline: "2026-11-30",
  ownerZone: "UTC",
  source: "review",
  reviewKey: "mc:2026-10",
  ritual: "monthly-close",
};

describe("figures read from the store", () => {
  it("a review's completion counts only its own items, done by the next review, from their audit trail", () => {
    const { db } = tempDb();
    const at = new Date("2026-10-27T16:00:00Z");
    const ids = [1, 2, 3].map(() => createActionItem(db, base, at).item.id);
    createActionItem(db, { ...base, reviewKey: "other:1" }, at);
    const done = (id: number, when: string) =>
      changeActionItem(
        db,
        { itemId: id, change: { kind: "done" }, actorId: "UANA", authority: NO_AUTHORITY },
        new Date(when),
      );
    done(ids[0] as number, "2026-11-10T10:00:00Z");
    done(ids[1] as number, "2026-11-25T10:00:00Z");
    const reviews = [
      { key: "mc:2026-10", ritual: "monthly-close", at: "2026-10-27T15:00:00Z" },
      { key: "mc:2026-11", ritual: "monthly-close", at: "2026-11-24T15:00:00Z" },
    ];
    const [october] = readReviewCompletion(db, reviews, new Date("2026-11-30T12:00:00Z"));
    expect(october).toMatchObject({
      reviewKey: "mc:2026-10",
      created: 3,
      doneByNext: 1,
      open: 2,
      provisional: false,
    });
  });

  it("the intervention SLA of flagged deals from the items linked to them", () => {
    const { db } = tempDb();
    createActionItem(
      db,
      { ...base, source: "deal", reviewKey: null, dealId: "D1" },
      new Date("2026-11-21T09:00:00Z"),
    );
    createActionItem(
      db,
      { ...base, source: "deal", reviewKey: null, dealId: "D9" },
      new Date("2026-11-21T09:00:00Z"),
    );
    const sla = readInterventionSla(
      db,
      [
        { dealId: "D1", flaggedAt: "2026-11-20T10:00:00Z" },
        { dealId: "D2", flaggedAt: "2026-11-20T10:00:00Z" },
      ],
      new Date("2026-11-25T12:00:00Z"),
    );
    expect(sla).toMatchObject({ decided: 2, met: 1, rate: 0.5 });
    expect(sla.withoutAction.map((d) => d.dealId)).toEqual(["D2"]);
  });
});
