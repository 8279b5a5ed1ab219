import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ActionItemIds, itemRef } from "../../blocks/action-item";
import { ActionModalIds } from "../../blocks/action-modal";
import { changeActionItem } from "../../src/actions/change-item";
import { createActionItem } from "../../src/actions/create-item";
import type { ActionItem } from "../../src/domain/action-items";
import { preReadKey } from "../../src/rituals/scheduler";
import { listActionItems, readActionItem } from "../../src/store/actions-repository";
import { insertRitual, type RitualRecord } from "../../src/store/rituals-repository";
import { startTestSlack, type TestSlack, visibleText } from "../slack/harness";
import { clickControl, emptyDb, submitView } from "./slack-harness";

/**
 * Items of a review: the pre-read's "Add action item" opens the form on the review's ritual, the
 * ritual's facilitator may change its items, and `/actions ritual <name>` shows the completion of
 * the latest review against 80% (hand-computed).
 */

const NOW = new Date("2026-11-25T16:00:00Z");
let store: ReturnType<typeof emptyDb>;
let t: TestSlack;
let ritual: RitualRecord;
const review = (day: string) => preReadKey(ritual.id, new Date(`${day}T15:00:00Z`));

/** A weekly review on Wednesdays at 15:00 UTC facilitated by UFAC. */
function weeklyRitual(name: string): RitualRecord {
  return insertRitual(
    store.db,
    {
      name,
      kind: "custom",
      channelId: "CREVIEW",
      rrule: "FREQ=WEEKLY;BYDAY=WE;BYHOUR=15;BYMINUTE=0",
      dtstart: "2026-11-04T15:00",
      timeZone: "UTC",
      durationMinutes: 30,
      lead: "1d",
      leadOnBusinessDay: false,
      facilitatorId: "UFAC",
      status: "active",
      scheduleSince: "2026-11-01T00:00:00.000Z",
      agenda: [],
      skipDates: [],
    },
    "UFAC",
    new Date("2026-11-01T00:00:00Z"),
  ) as RitualRecord;
}

beforeAll(async () => {
  store = emptyDb();
  t = await startTestSlack({ db: store.db, clock: () => NOW });
  for (const id of ["UFAC", "UREP", "UREP2", "UOTHER"])
    t.fake.users.set(id, { email: `${id.toLowerCase()}@elsewhere.example`, tz: "UTC" });
  t.fake.workspace.addChannel({ id: "C1", name: "revenue", members: ["UFAC", "UREP", "UBOT"] });
  t.fake.workspace.addChannel({ id: "CREVIEW", name: "revenue-review", members: ["UFAC", "UREP", "UBOT"] });
  ritual = weeklyRitual("Weekly forecast");
  // the review of 18 Nov made four items: three done before the next review (25 Nov 15:00), one after
  const at = new Date("2026-11-18T15:30:00Z");
  const items = [0, 1, 2, 3].map(
    (i) =>
      createActionItem(
        store.db,
        {
          text: `Review item ${i}`,
          ownerId: "UREP",
          creatorId: "UFAC",
          deadline: "2026-11-24",
          ownerZone: "UTC",
          source: "review",
          reviewKey: review("2026-11-18"),
          ritual: ritual.name,
        },
        at,
      ).item,
  );
  const authority = { adminIds: new Set<string>(), facilitatorsOf: () => ["UFAC"] };
  const doneAt = [
    "2026-11-20T10:00:00Z",
    "2026-11-24T10:00:00Z",
    "2026-11-25T14:59:00Z",
    "2026-11-25T15:30:00Z",
  ];
  items.forEach((item, i) => {
    changeActionItem(
      store.db,
      { itemId: item.id, change: { kind: "done" }, actorId: "UREP", authority },
      new Date(doneAt[i] as string),
    );
  });
});
afterAll(async () => {
  await t.stop();
  store.close();
});

describe("review items", () => {
  it("/actions ritual <name> shows the latest review's completion against 80%: 3 of 4 by the next review", async () => {
    const reply = await t.slash("/actions", `ritual ${ritual.name}`, "UREP");
    const seen = visibleText(reply.json?.blocks as unknown[]);
    expect(seen).toContain("Open action items of Weekly forecast");
    expect(seen).toContain(
      `Review ${review("2026-11-18")}: 3/4 done by the next review (75%, target 80%) :warning:`,
    );
    // done on or before the deadline (24 Nov): two of four
    expect(seen).toContain("On time: 2 of 4 items done (50%)");
  });

  it("the pre-read's Add action item opens the form on its ritual, the item carries the review, and the ritual's facilitator may change it; someone else may not", async () => {
    // a ritual of its own, so the first test's latest review stays the one of 18 Nov in any order
    const standup = weeklyRitual("Pipeline standup");
    const standupReview = preReadKey(standup.id, new Date("2026-11-25T15:00:00Z"));
    const calls = t.fake.calls.length;
    await t.click(ActionModalIds.openCreate, JSON.stringify({ d: null, r: standupReview }), "UFAC");
    const opened = await t.fake.waitFor((c) => t.fake.calls.indexOf(c) >= calls && c.method === "views.open");
    const view = opened.body.view as { private_metadata: string; blocks: Record<string, unknown>[] };
    const ritualInput = view.blocks.find((b) => b.block_id === ActionModalIds.ritualBlock) as {
      element: { initial_option?: { value: string } };
    };
    expect(ritualInput.element.initial_option?.value).toBe(standup.name);
    const ack = await submitView(t, {
      callbackId: ActionModalIds.create,
      userId: "UFAC",
      privateMetadata: view.private_metadata,
      values: {
        [ActionModalIds.textBlock]: { value: { type: "plain_text_input", value: "Refresh the commit list" } },
        [ActionModalIds.ownerBlock]: { value: { type: "users_select", selected_user: "UREP2" } },
        [ActionModalIds.deadlineBlock]: { value: { type: "datepicker", selected_date: "2026-12-01" } },
        [ActionModalIds.ritualBlock]: {
          value: { type: "static_select", selected_option: { value: standup.name } },
        },
      },
    });
    expect(ack.text).toBe("");
    const item = listActionItems(store.db).find((i) => i.text === "Refresh the commit list") as ActionItem;
    expect(item).toMatchObject({ source: "review", reviewKey: standupReview, ritual: standup.name });
    await t.fake.waitFor((c) => c.method === "chat.postMessage" && c.body.channel === "UREP2");

    const fresh = readActionItem(store.db, item.id) as ActionItem;
    const on = { channel: fresh.channelId as string, ts: fresh.messageTs as string };
    const other = clickControl(t, {
      actionId: ActionItemIds.done,
      blockId: itemRef(fresh),
      value: itemRef(fresh),
      userId: "UOTHER",
      on,
    });
    await other.reply;
    const refusal = await t.fake.waitFor((c) => c.responseId === other.responseId);
    expect(visibleText(refusal.body.blocks as unknown[])).toContain("the ritual's facilitator");
    const before = t.fake.calls.length;
    const fac = clickControl(t, {
      actionId: ActionItemIds.done,
      blockId: itemRef(fresh),
      value: itemRef(fresh),
      userId: "UFAC",
      on,
    });
    await fac.reply;
    await t.fake.waitFor((c) => t.fake.calls.indexOf(c) >= before && c.method === "chat.update");
    expect(readActionItem(store.db, item.id)).toMatchObject({ state: "done", changedBy: "UFAC" });
  });
});
