import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ActionItemIds, itemRef } from "../../blocks/action-item";
import { createActionItem } from "../../src/actions/create-item";
import type { DailyReminder, PreReviewDigest } from "../../src/actions/reminders";
import { type ActionReminderDeps, runActionReminders } from "../../src/actions/runtime";
import type { ActionItem } from "../../src/domain/action-items";
import { flaggedDealsWithoutAction } from "../../src/slack/action-items";
import { slackActionReminderDeps } from "../../src/slack/action-reminders";
import { recordDealFlags } from "../../src/store/action-deals-repository";
import { readActionItem, readUserZones } from "../../src/store/actions-repository";
import { startTestSlack, type TestSlack, visibleText } from "../slack/harness";
import { clickControl, emptyDb } from "./slack-harness";

/**
 * The reminder loop with an injected clock: one grouped DM per person per working day from 09:00
 * in their zone (DST included), nothing on weekends or to someone with nothing due, once across
 * restarts, the facilitator's list the day before a review with the flagged deals still without
 * an item.
 */

const ZONES: Record<string, string> = {
  UBERLIN: "Europe/Berlin",
  UNY: "America/New_York",
  UFAR: "Asia/Tokyo",
};

let store: ReturnType<typeof emptyDb>;
beforeEach(() => {
  store = emptyDb();
});
afterEach(() => store.close());

function add(ownerId: string, deadline: string, extra: Partial<Parameters<typeof createActionItem>[1]> = {}) {
  return createActionItem(
    store.db,
    {
      text: `Item for ${ownerId} due ${deadline}`,
      ownerId,
      creatorId: "UCREATOR",
      deadline,
      ownerZone: ZONES[ownerId] ?? "UTC",
      source: "manual",
      ...extra,
    },
    new Date("2026-10-20T12:00:00Z"),
  ).item;
}

function runner(overrides: Partial<ActionReminderDeps> = {}) {
  const sent: DailyReminder[] = [];
  const digests: PreReviewDigest[] = [];
  const asked: string[] = [];
  let now = new Date("2026-11-25T08:00:00Z");
  const deps: ActionReminderDeps = {
    db: store.db,
    clock: () => now,
    workspaceZone: "UTC",
    fetchZone: async (id) => {
      asked.push(id);
      return ZONES[id] ?? null;
    },
    sendDaily: async (r) => {
      sent.push(r);
    },
    sendPreReview: async (d) => {
      digests.push(d);
    },
    ...overrides,
  };
  return {
    sent,
    digests,
    asked,
    at: (iso: string) => {
      now = new Date(iso);
      return runActionReminders(deps);
    },
  };
}

describe("daily reminders", () => {
  it("one grouped DM per person at 09:00 their time, with overdue and due-soon items; nobody with nothing due", async () => {
    const overdue = add("UBERLIN", "2026-11-23");
    const today = add("UBERLIN", "2026-11-25");
    const soon = add("UBERLIN", "2026-11-27");
    add("UBERLIN", "2026-12-10");
    add("UNY", "2026-11-26");
    add("UFAR", "2026-12-20");
    const r = runner();
    // 08:00 UTC: 09:00 in Berlin, 03:00 in New York, 17:00 in Tokyo (the window has closed)
    const first = await r.at("2026-11-25T08:00:00Z");
    expect(r.asked.sort()).toEqual(["UBERLIN", "UFAR", "UNY"]);
    expect(first.dailySent).toBe(1);
    expect(r.sent[0]?.recipientId).toBe("UBERLIN");
    expect(r.sent[0]?.overdue.map((i) => i.id)).toEqual([overdue.id]);
    expect(r.sent[0]?.dueSoon.map((i) => i.id)).toEqual([today.id, soon.id]);
    // later runs the same day, and a restarted process, send nothing again
    await r.at("2026-11-25T08:30:00Z");
    const restarted = runner();
    await restarted.at("2026-11-25T10:00:00Z");
    expect(r.sent.length + restarted.sent.length).toBe(1);
    // 14:00 UTC is 09:00 in New York
    await r.at("2026-11-25T13:59:00Z");
    expect(r.sent.length).toBe(1);
    await r.at("2026-11-25T14:00:00Z");
    expect(r.sent.map((s) => s.recipientId)).toEqual(["UBERLIN", "UNY"]);
  });

  it("nothing on a weekend; Monday again", async () => {
    add("UBERLIN", "2026-11-30");
    const r = runner();
    await r.at("2026-11-28T09:00:00Z");
    await r.at("2026-11-29T09:00:00Z");
    expect(r.sent).toEqual([]);
    await r.at("2026-11-30T08:05:00Z");
    expect(r.sent.map((s) => s.localDate)).toEqual(["2026-11-30"]);
  });

  it("a DST week: 09:00 in New York is 13:00 UTC on Friday and 14:00 UTC on Monday after the clocks go back", async () => {
    add("UNY", "2026-10-30");
    add("UNY", "2026-11-03");
    const r = runner();
    await r.at("2026-10-30T12:59:00Z");
    expect(r.sent).toEqual([]);
    await r.at("2026-10-30T13:00:00Z");
    expect(r.sent.map((s) => s.localDate)).toEqual(["2026-10-30"]);
    await r.at("2026-11-02T13:30:00Z"); // 08:30 EST
    expect(r.sent.length).toBe(1);
    await r.at("2026-11-02T14:00:00Z"); // 09:00 EST
    expect(r.sent.map((s) => s.localDate)).toEqual(["2026-10-30", "2026-11-02"]);
    expect(r.sent[1]?.overdue.length).toBe(1);
  });

  it("zones are asked again after a week; a failed send is retried by the next run", async () => {
    add("UBERLIN", "2026-11-26");
    let fail = true;
    const r = runner({
      sendDaily: async () => {
        if (fail) {
          fail = false;
          throw new Error("ratelimited");
        }
      },
    });
    const first = await r.at("2026-11-25T08:00:00Z");
    expect(first).toMatchObject({ dailySent: 0, failed: 1 });
    const second = await r.at("2026-11-25T08:01:00Z");
    expect(second).toMatchObject({ dailySent: 1, failed: 0 });
    expect(r.asked).toEqual(["UBERLIN"]);
    await r.at("2026-12-03T08:00:00Z");
    expect(r.asked).toEqual(["UBERLIN", "UBERLIN"]);
    expect(readUserZones(store.db).get("UBERLIN")?.zone).toBe("Europe/Berlin");
  });
});

describe("the facilitator's list the day before a review", () => {
  it("lists the previous review's open items and the flagged deals without an item past 48 hours", async () => {
    const open = add("UNY", "2026-12-01", { source: "review", reviewKey: "r-nov", ritual: "Monthly review" });
    add("UNY", "2026-12-01", { source: "review", reviewKey: "r-oct", ritual: "Monthly review" });
    add("UBERLIN", "2026-12-01", { source: "deal", dealId: "OPP-HANDLED" });
    const reviews = [
      {
        key: "r-oct",
        ritual: "Monthly review",
        at: "2026-10-27T15:00:00Z",
        zone: "UTC",
        facilitatorId: "UFAC",
      },
      {
        key: "r-nov",
        ritual: "Monthly review",
        at: "2026-11-03T15:00:00Z",
        zone: "UTC",
        facilitatorId: "UFAC",
      },
      {
        key: "r-dec",
        ritual: "Monthly review",
        at: "2026-11-26T15:00:00Z",
        zone: "UTC",
        facilitatorId: "UFAC",
      },
    ];
    const r = runner({
      reviews: () => reviews,
      flaggedDeals: () => ({ dealIds: ["OPP-LATE", "OPP-HANDLED", "OPP-NEW"], at: "2026-11-20T06:00:00Z" }),
    });
    await r.at("2026-11-25T08:59:00Z");
    expect(r.digests).toEqual([]);
    await r.at("2026-11-25T09:00:00Z");
    expect(r.digests.length).toBe(1);
    const digest = r.digests[0] as PreReviewDigest;
    expect(digest).toMatchObject({ recipientId: "UFAC", key: "pre-review:r-dec" });
    expect(digest.openItems.map((i) => i.id)).toEqual([open.id]);
    // OPP-HANDLED has an item; OPP-LATE and OPP-NEW were first seen flagged on the 20th: 48 h passed
    expect(digest.withoutAction.map((d) => d.dealId).sort()).toEqual(["OPP-LATE", "OPP-NEW"]);
    await r.at("2026-11-25T12:00:00Z");
    expect(r.digests.length).toBe(1);
  });
});

describe("/deal-risk's 'no action item yet'", () => {
  it("is the flagged deals with no item since they were flagged (nor one open from before)", () => {
    recordDealFlags(store.db, ["OPP-A", "OPP-B", "OPP-C"], "2026-11-20T06:00:00Z");
    add("UNY", "2026-12-01", { source: "deal", dealId: "OPP-A" });
    const now = new Date("2026-11-25T09:00:00Z");
    expect(
      [...flaggedDealsWithoutAction(store.db, ["OPP-A", "OPP-B", "OPP-C", "OPP-D"], now)].sort(),
    ).toEqual(["OPP-B", "OPP-C", "OPP-D"]);
  });
});

describe("through Slack", () => {
  let t: TestSlack;
  let own: ReturnType<typeof emptyDb>;
  let now = new Date("2026-11-25T08:00:00Z");
  beforeAll(async () => {
    own = emptyDb();
    t = await startTestSlack({ db: own.db, clock: () => now });
    t.fake.users.set("UBERLIN", { email: "b@elsewhere.example", tz: "Europe/Berlin" });
  });
  afterAll(async () => {
    await t.stop();
    own.close();
  });

  it("the DM arrives with Done and a date picker per item; Done there closes the item", async () => {
    const db = own.db;
    const item = createActionItem(
      db,
      {
        text: "Send the <renewal> quote",
        ownerId: "UBERLIN",
        creatorId: "UCREATOR",
        deadline: "2026-11-26",
        ownerZone: "Europe/Berlin",
        source: "manual",
      },
      new Date("2026-11-20T12:00:00Z"),
    ).item;
    const deps = slackActionReminderDeps({
      client: t.slack.app.client,
      db,
      config: t.config,
      clock: () => now,
      logger: t.logger,
    });
    const report = await runActionReminders(deps);
    expect(report.dailySent).toBe(1);
    const dm = t.fake.workspace.messages.find((m) => m.channel === "DBERLIN");
    const seen = visibleText(dm?.blocks ?? []);
    expect(seen).toContain("*Send the &lt;renewal&gt; quote*");
    expect(seen).toContain("0 overdue · 1 due in the next two days");
    const elements = JSON.stringify(dm?.blocks);
    expect(elements).toContain(ActionItemIds.done);
    expect(elements).toContain(ActionItemIds.changeDeadline);
    now = new Date("2026-11-25T08:10:00Z");
    const done = clickControl(t, {
      actionId: ActionItemIds.done,
      blockId: itemRef(item as ActionItem),
      value: itemRef(item as ActionItem),
      userId: "UBERLIN",
      on: { channel: "DBERLIN", ts: dm?.ts as string },
    });
    await done.reply;
    const told = await t.fake.waitFor((c) => c.responseId === done.responseId);
    expect(visibleText(told.body.blocks as unknown[])).toContain("Marked done");
    expect(readActionItem(db, item.id)?.state).toBe("done");
  });
});
