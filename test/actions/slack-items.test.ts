import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ActionItemIds, itemRef } from "../../blocks/action-item";
import { ActionModalIds } from "../../blocks/action-modal";
import { limitViolations } from "../../blocks/limits";
import type { ActionItem } from "../../src/domain/action-items";
import type { RecordedCall } from "../../src/sandbox/fake-slack-api";
import { listActionItemEvents, listActionItems, readActionItem } from "../../src/store/actions-repository";
import { startTestSlack, type TestSlack, visibleText } from "../slack/harness";
import { clickControl, emptyDb, submitView } from "./slack-harness";

/**
 * Action items through the real Bolt app and the fake Slack: created inline and by the form,
 * posted where they came from with the owner told by DM, changed by every button with the message
 * updated in place, refusals, double clicks, retries and races.
 */

const NOW = new Date("2026-11-25T15:00:00Z");
let store: ReturnType<typeof emptyDb>;
let t: TestSlack;

beforeAll(async () => {
  store = emptyDb();
  t = await startTestSlack({ db: store.db, admins: ["UADMIN"], clock: () => NOW });
  const people: [string, string][] = [
    ["UCREATOR", "Europe/Berlin"],
    ["UOWNER", "America/New_York"],
    ["UOTHER", "Europe/London"],
    ["UNEW", "Asia/Tokyo"],
    ["UADMIN", "UTC"],
  ];
  for (const [id, tz] of people) t.fake.users.set(id, { email: `${id.toLowerCase()}@elsewhere.example`, tz });
  t.fake.workspace.addChannel({ id: "C1", name: "revenue", members: [...people.map((p) => p[0]), "UBOT"] });
});
afterAll(async () => {
  await t.stop();
  store.close();
});

let calls0 = 0;
beforeEach(() => {
  calls0 = t.fake.calls.length;
});

/** A call made since the test began. */
function waitCall(test: (c: RecordedCall) => boolean): Promise<RecordedCall> {
  return t.fake.waitFor((c) => t.fake.calls.indexOf(c) >= calls0 && test(c));
}

function channelMessage(item: ActionItem) {
  const fresh = readActionItem(store.db, item.id) as ActionItem;
  const m = t.fake.workspace.messages.find((x) => x.channel === fresh.channelId && x.ts === fresh.messageTs);
  if (!m) throw new Error(`no message for item #${item.id}`);
  expect(limitViolations({ blocks: (m.blocks ?? []) as never })).toEqual([]);
  return { ...m, seen: visibleText(m.blocks ?? []) };
}

async function addInline(text: string, userId = "UCREATOR"): Promise<ActionItem> {
  const before = listActionItems(store.db).length;
  const responseId = `add-${Math.random()}`;
  await t.slash("/actions", `add ${text}`, userId, { responseId });
  const answer = await t.fake.waitFor((c) => c.responseId === responseId);
  expect(String(answer.body.text)).toContain("created");
  const items = listActionItems(store.db);
  expect(items.length).toBe(before + 1);
  return items.reduce((a, b) => (b.id > a.id ? b : a));
}

function click(
  item: ActionItem,
  actionId: string,
  userId: string,
  extra: Partial<Parameters<typeof clickControl>[1]> = {},
) {
  const fresh = readActionItem(store.db, item.id) as ActionItem;
  return clickControl(t, {
    actionId,
    blockId: itemRef(extra.blockId ? fresh : item),
    value: itemRef(item),
    userId,
    on: { channel: fresh.channelId as string, ts: fresh.messageTs as string },
    ...extra,
  });
}

const updated = (item: ActionItem) =>
  waitCall((c) => c.method === "chat.update" && c.body.ts === readActionItem(store.db, item.id)?.messageTs);

describe("creating", () => {
  it("inline: stored with the owner's zone, posted in the channel, the owner told by DM", async () => {
    const item = await addInline("<@UOWNER> due:2026-12-04 Call the CFO about renewal");
    expect(item).toMatchObject({
      text: "Call the CFO about renewal",
      ownerId: "UOWNER",
      creatorId: "UCREATOR",
      deadline: "2026-12-04",
      deadlineZone: "America/New_York",
      source: "manual",
      channelId: "C1",
    });
    const message = channelMessage(item);
    expect(message.seen).toContain("*Call the CFO about renewal*");
    expect(message.seen).toContain("Owner <@UOWNER>");
    const dm = t.fake.workspace.messages.find(
      (m) => m.channel === "DOWNER" && m.text.includes("Call the CFO"),
    );
    expect(visibleText(dm?.blocks ?? [])).toContain("<@UCREATOR> gave you an action item");
  });

  it("inline: relative deadlines read on the creator's calendar; a bad line says why and stores nothing", async () => {
    const item = await addInline("<@UOWNER> due:+2d Send the mutual action plan");
    expect(item.deadline).toBe("2026-11-27");
    const before = listActionItems(store.db).length;
    await t.slash("/actions", "add <@UOWNER> Call someone", "UCREATOR", { responseId: "bad-add" });
    const answer = await t.fake.waitFor((c) => c.responseId === "bad-add");
    expect(visibleText(answer.body.blocks as unknown[])).toContain("needs a deadline");
    expect(listActionItems(store.db).length).toBe(before);
  });

  it("by the form: /actions add opens it; a problem shows beside its field; a retried submission creates one item", async () => {
    await t.slash("/actions", "add", "UCREATOR");
    const opened = await waitCall((c) => c.method === "views.open");
    const view = opened.body.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe(ActionModalIds.create);
    const values = (deadline: string, owner: string | null = "UOWNER") => ({
      [ActionModalIds.textBlock]: {
        value: { type: "plain_text_input", value: "Book the exec sponsor call" },
      },
      [ActionModalIds.ownerBlock]: { value: { type: "users_select", selected_user: owner } },
      [ActionModalIds.deadlineBlock]: { value: { type: "datepicker", selected_date: deadline } },
      [ActionModalIds.dealBlock]: {
        [ActionModalIds.dealSearch]: { type: "external_select", selected_option: null },
      },
    });
    const before = listActionItems(store.db).length;
    const submit = (v: ReturnType<typeof values>, viewId = "VFORM1") =>
      submitView(t, {
        callbackId: ActionModalIds.create,
        userId: "UCREATOR",
        privateMetadata: view.private_metadata,
        values: v,
        viewId,
      });
    const past = await submit(values("2026-11-01"));
    expect(past.json).toMatchObject({ response_action: "errors" });
    const errors = (past.json?.errors ?? {}) as Record<string, string>;
    expect(String(errors[ActionModalIds.deadlineBlock])).toContain("in the past");
    const noOwner = await submit(values("2026-12-04", null));
    expect(Object.keys(noOwner.json?.errors as object)).toEqual([ActionModalIds.ownerBlock]);
    expect(listActionItems(store.db).length).toBe(before);

    const ok = await submit(values("2026-12-04"));
    expect(ok.status).toBe(200);
    expect(ok.text).toBe("");
    const again = await submit(values("2026-12-04"));
    expect(again.status).toBe(200);
    const items = listActionItems(store.db);
    expect(items.length).toBe(before + 1);
    const item = items.find((i) => i.text === "Book the exec sponsor call") as ActionItem;
    await waitCall((c) => c.method === "chat.postMessage" && c.body.channel === "UOWNER");
    expect(channelMessage(item).channel).toBe("C1");
  });
});

describe("working an item", () => {
  it("Done by the owner updates the message in place with who and when; anyone else is refused", async () => {
    const item = await addInline("<@UOWNER> due:2026-12-04 Confirm the budget");
    const refused = click(item, ActionItemIds.done, "UOTHER");
    await refused.reply;
    const refusal = await t.fake.waitFor((c) => c.responseId === refused.responseId);
    expect(refusal.body.response_type).toBe("ephemeral");
    expect(visibleText(refusal.body.blocks as unknown[])).toContain("Only the owner <@UOWNER>");
    expect(readActionItem(store.db, item.id)?.state).toBe("open");

    const done = click(item, ActionItemIds.done, "UOWNER");
    expect((await done.reply).status).toBe(200);
    await updated(item);
    const seen = channelMessage(item).seen;
    expect(seen).toContain(":white_check_mark: *Confirm the budget*");
    expect(seen).toMatch(
      /Done by <@UOWNER> <!date\^\d+\^\{date_short_pretty\} at \{time\}\|2026-11-25 15:00 UTC>/,
    );
    expect(readActionItem(store.db, item.id)).toMatchObject({
      state: "done",
      version: 2,
      changedBy: "UOWNER",
    });
  });

  it("a double click and a retried request leave one change; the second is told it was already done", async () => {
    const item = await addInline("<@UOWNER> due:2026-12-04 Send the order form");
    const a = click(item, ActionItemIds.done, "UOWNER");
    const b = click(item, ActionItemIds.done, "UOWNER");
    await Promise.all([a.reply, b.reply]);
    const told = await Promise.race([
      t.fake.waitFor((c) => c.responseId === a.responseId),
      t.fake.waitFor((c) => c.responseId === b.responseId),
    ]);
    expect(visibleText(told.body.blocks as unknown[])).toContain("Already marked done by <@UOWNER>");
    const retry = click(item, ActionItemIds.done, "UOWNER");
    await retry.reply;
    await t.fake.waitFor((c) => c.responseId === retry.responseId);
    expect(listActionItemEvents(store.db, item.id).map((e) => e.kind)).toEqual(["created", "done"]);
  });

  it("two people at once: one change wins, the other is told what happened and nothing else is written", async () => {
    const item = await addInline("<@UOWNER> due:2026-12-04 Map the buying committee");
    const done = click(item, ActionItemIds.done, "UOWNER");
    const moved = click(item, ActionItemIds.changeDeadline, "UCREATOR", {
      type: "datepicker",
      selectedDate: "2026-12-11",
      value: undefined,
    });
    await Promise.all([done.reply, moved.reply]);
    const loser = await Promise.race([
      t.fake.waitFor((c) => c.responseId === done.responseId),
      t.fake.waitFor((c) => c.responseId === moved.responseId),
    ]);
    expect(visibleText(loser.body.blocks as unknown[])).toContain("Not changed: since you opened");
    const events = listActionItemEvents(store.db, item.id);
    expect(events.length).toBe(2);
    expect(readActionItem(store.db, item.id)?.version).toBe(2);
  });

  it("Reassign tells the new owner; Change deadline moves it (not into the past); both show on the message", async () => {
    const item = await addInline("<@UOWNER> due:2026-12-04 Agree the close plan");
    const reassign = click(item, ActionItemIds.reassign, "UCREATOR", {
      type: "users_select",
      selectedUser: "UNEW",
      value: undefined,
    });
    await reassign.reply;
    await updated(item);
    expect(readActionItem(store.db, item.id)).toMatchObject({ ownerId: "UNEW", deadlineZone: "Asia/Tokyo" });
    expect(channelMessage(item).seen).toContain("from <@UOWNER> to <@UNEW>");
    const dm = await waitCall((c) => c.method === "chat.postMessage" && c.body.channel === "UNEW");
    expect(String(dm.body.text)).toContain("Agree the close plan");

    const v2 = readActionItem(store.db, item.id) as ActionItem;
    calls0 = t.fake.calls.length;
    const past = click(v2, ActionItemIds.changeDeadline, "UNEW", {
      type: "datepicker",
      selectedDate: "2026-11-20",
      value: undefined,
    });
    await past.reply;
    const warning = await t.fake.waitFor((c) => c.responseId === past.responseId);
    expect(visibleText(warning.body.blocks as unknown[])).toContain("is in the past");
    const later = click(v2, ActionItemIds.changeDeadline, "UNEW", {
      type: "datepicker",
      selectedDate: "2026-12-18",
      value: undefined,
    });
    await later.reply;
    await updated(item);
    expect(readActionItem(store.db, item.id)?.deadline).toBe("2026-12-18");
    expect(channelMessage(item).seen).toContain("Deadline changed by <@UNEW>");
  });

  it("Drop asks why in a modal, then drops with the reason; Reopen brings it back", async () => {
    const item = await addInline("<@UOWNER> due:2026-12-04 Chase the security review");
    const drop = click(item, ActionItemIds.drop, "UOWNER");
    await drop.reply;
    const opened = await waitCall((c) => c.method === "views.open");
    const view = opened.body.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe(ActionModalIds.dropReason);
    const reason = (text: string) => ({
      [ActionModalIds.reasonBlock]: { value: { type: "plain_text_input", value: text } },
    });
    const empty = await submitView(t, {
      callbackId: ActionModalIds.dropReason,
      userId: "UOWNER",
      privateMetadata: view.private_metadata,
      values: reason("  "),
    });
    expect(empty.json).toMatchObject({ response_action: "errors" });
    expect(readActionItem(store.db, item.id)?.state).toBe("open");
    await submitView(t, {
      callbackId: ActionModalIds.dropReason,
      userId: "UOWNER",
      privateMetadata: view.private_metadata,
      values: reason("Customer renewed without it"),
    });
    await updated(item);
    expect(readActionItem(store.db, item.id)).toMatchObject({
      state: "dropped",
      dropReason: "Customer renewed without it",
    });
    expect(channelMessage(item).seen).toContain("Dropped by <@UOWNER>");

    calls0 = t.fake.calls.length;
    const dropped = readActionItem(store.db, item.id) as ActionItem;
    const reopen = click(dropped, ActionItemIds.reopen, "UADMIN");
    await reopen.reply;
    await updated(item);
    expect(readActionItem(store.db, item.id)).toMatchObject({ state: "open", dropReason: null, version: 3 });
    expect(channelMessage(item).seen).toContain("Reopened by <@UADMIN>");
  });

  it("Drop by someone who may not change the item is refused without a modal", async () => {
    const item = await addInline("<@UOWNER> due:2026-12-04 Draft the proposal");
    const drop = click(item, ActionItemIds.drop, "UOTHER");
    await drop.reply;
    const refusal = await t.fake.waitFor((c) => c.responseId === drop.responseId);
    expect(visibleText(refusal.body.blocks as unknown[])).toContain("Nothing changed");
    expect(t.fake.calls.slice(calls0).some((c) => c.method === "views.open")).toBe(false);
  });
});

describe("lists, export and Home", () => {
  it("/actions lists my open items with their buttons and the on-time figure", async () => {
    // each test makes the items it reads: the suite runs in any order
    await addInline("<@UOWNER> due:2026-12-04 Send the renewal quote");
    const closed = await addInline("<@UOWNER> due:2026-12-03 Close the pilot review");
    calls0 = t.fake.calls.length;
    await click(closed, ActionItemIds.done, "UOWNER").reply;
    await updated(closed);
    const reply = await t.slash("/actions", "", "UOWNER");
    const blocks = reply.json?.blocks as unknown[];
    expect(limitViolations({ blocks: blocks as never })).toEqual([]);
    const seen = visibleText(blocks);
    expect(seen).toContain("Your open action items");
    expect(seen).toContain("*Send the renewal quote*");
    expect(seen).not.toContain("Close the pilot review"); // done
    expect(seen).toMatch(/On time: \d+ of \d+ items? done/);
    expect(JSON.stringify(blocks)).toContain(ActionItemIds.done);
  });

  it("/actions team without reports, and an unknown word, are explained", async () => {
    const team = await t.slash("/actions", "team", "UOWNER");
    expect(visibleText(team.json?.blocks as unknown[])).toContain("Nobody reports to you");
    const odd = await t.slash("/actions", "bananas", "UOWNER");
    expect(visibleText(odd.json?.blocks as unknown[])).toContain("is not something I know");
  });

  it("/actions export uploads the listed items as CSV", async () => {
    await addInline("<@UOWNER> due:2026-12-04 Book the QBR room");
    calls0 = t.fake.calls.length;
    await t.slash("/actions", "export", "UOWNER");
    const done = await waitCall((c) => c.method === "files.completeUploadExternal");
    const fileId = (done.body.files as { id: string }[])[0]?.id as string;
    const file = t.fake.workspace.files.get(fileId);
    const csv = file?.bytes?.toString("utf8") ?? "";
    const lines = csv.split("\r\n").filter(Boolean);
    expect(lines[0]).toBe(
      "id,text,owner,creator,state,overdue,deadline,deadline_zone,source,review,ritual,deal_id,created_at,changed_at,changed_by,done_at,drop_reason,version",
    );
    const mine = listActionItems(store.db, { ownerIds: ["UOWNER"], states: ["open"] });
    expect(lines.length).toBe(1 + mine.length);
    expect(csv).toContain(",Book the QBR room,UOWNER,UCREATOR,open,no,2026-12-04,America/New_York,manual,");
    expect(file?.channels).toEqual(["C1"]);
  });

  it("the Home tab shows my items with buttons and figures; Done there republishes it", async () => {
    await addInline("<@UOWNER> due:2026-12-04 Review the MSA redlines");
    calls0 = t.fake.calls.length;
    const event = {
      token: "legacy",
      team_id: "T1",
      api_app_id: "A1",
      type: "event_callback",
      event_id: "EvHome1",
      event_time: 1,
      event: { type: "app_home_opened", user: "UOWNER", channel: "DOWNER", tab: "home", event_ts: "1.1" },
    };
    await t.signed(JSON.stringify(event), "application/json");
    await waitCall((c) => c.method === "views.publish");
    const home = t.fake.workspace.home("UOWNER") as unknown as { blocks: unknown[] };
    expect(limitViolations({ blocks: home.blocks as never }, { view: true })).toEqual([]);
    const seen = visibleText(home.blocks);
    expect(seen).toContain("Your action items");
    expect(seen).toContain("*Review the MSA redlines*");
    const item = listActionItems(store.db).find((i) => i.text === "Review the MSA redlines") as ActionItem;
    calls0 = t.fake.calls.length;
    const done = clickControl(t, {
      actionId: ActionItemIds.done,
      blockId: itemRef(item),
      value: itemRef(item),
      userId: "UOWNER",
      on: "home",
    });
    await done.reply;
    await updated(item);
    await waitCall((c) => c.method === "views.publish");
    expect(visibleText((t.fake.workspace.home("UOWNER")?.blocks ?? []) as unknown[])).not.toContain(
      "*Review the MSA redlines*",
    );
    expect(channelMessage(item).seen).toContain("Done by <@UOWNER>");
  });
});
