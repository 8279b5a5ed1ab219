import { describe, expect, it } from "vitest";
import {
  ActionItemIds,
  changeOutcomeText,
  deadlineDate,
  itemMessage,
  itemRef,
  parseItemRef,
} from "../../blocks/action-item";
import {
  actionFiguresText,
  actionItemsHomeBlocks,
  actionListMessage,
  decodeListPage,
} from "../../blocks/action-list";
import { preReviewDigestMessage, reminderMessage } from "../../blocks/action-reminder";
import { limitViolations } from "../../blocks/limits";
import type { Block } from "../../blocks/message";
import type { ActionItem, ActionItemEvent } from "../../src/domain/action-items";
import { item } from "./helpers";

const NOW = new Date("2026-11-25T12:00:00Z");
const NASTY = "<!channel> & <http://evil.example|Salesforce> *bold*";

function texts(blocks: readonly Block[]): string {
  return JSON.stringify(blocks);
}

function actionIds(block: Block | undefined): string[] {
  return ((block as { elements?: { action_id?: string }[] })?.elements ?? []).map((e) => e.action_id ?? "");
}

const doneEvent: ActionItemEvent = {
  itemId: 12,
  version: 2,
  kind: "done",
  actorId: "UANA",
  at: "2026-11-25T09:04:00.000Z",
  from: "open",
  to: "done",
  note: null,
};

describe("an item's message", () => {
  it("open: escaped text, owner, deadline in Slack's date format, and Done, Reassign, Change deadline, Drop", () => {
    const open = item({ id: 12, version: 3, text: NASTY, ownerId: "UANA", deadline: "2026-11-20" });
    const message = itemMessage({ item: open, lastEvent: null, now: NOW });
    const json = texts(message.blocks);
    expect(json).not.toContain("<!channel>");
    expect(json).not.toContain("<http://evil");
    expect(json).toContain("&lt;!channel&gt; &amp; &lt;http://evil.example|Salesforce&gt;");
    expect(json).toContain("Owner <@UANA>");
    expect(json).toContain("5 days overdue");
    expect(json).toContain(
      `<!date^${Date.UTC(2026, 10, 20, 12) / 1000}^{date_short_pretty}|Fri 20 Nov 2026>`,
    );
    const actions = message.blocks.at(-1);
    expect((actions as { block_id?: string }).block_id).toBe("action_item:12:3");
    expect(actionIds(actions)).toEqual([
      ActionItemIds.done,
      ActionItemIds.reassign,
      ActionItemIds.changeDeadline,
      ActionItemIds.drop,
    ]);
    expect(json).toContain('"initial_user":"UANA"');
    expect(json).toContain('"initial_date":"2026-11-20"');
    expect(message.text).not.toContain("<!channel> &");
    expect(limitViolations(message)).toEqual([]);
  });

  it("done: who did it and when, and only Reopen", () => {
    const done = item({ id: 12, version: 2, state: "done", doneAt: doneEvent.at });
    const message = itemMessage({ item: done, lastEvent: doneEvent, now: NOW });
    const json = texts(message.blocks);
    expect(json).toContain(
      `Done by <@UANA> <!date^${Date.parse(doneEvent.at) / 1000}^{date_short_pretty} at {time}|2026-11-25 09:04 UTC>`,
    );
    expect(actionIds(message.blocks.at(-1))).toEqual([ActionItemIds.reopen]);
  });

  it("dropped: the reason, escaped, and Reopen", () => {
    const dropped = item({ state: "dropped", dropReason: "<!here> lost" });
    const json = texts(itemMessage({ item: dropped, lastEvent: null, now: NOW }).blocks);
    expect(json).toContain("dropped: &lt;!here&gt; lost");
    expect(actionIds(itemMessage({ item: dropped, lastEvent: null, now: NOW }).blocks.at(-1))).toEqual([
      ActionItemIds.reopen,
    ]);
  });

  it("a deadline is noon of its day in the item's zone", () => {
    expect(deadlineDate({ deadline: "2026-12-04", deadlineZone: "America/New_York" })).toBe(
      `<!date^${Date.UTC(2026, 11, 4, 17) / 1000}^{date_short_pretty}|Fri 4 Dec 2026>`,
    );
  });

  it("the controls carry the item and the version shown; anything else is not ours", () => {
    expect(parseItemRef(itemRef({ id: 42, version: 7 }))).toEqual({ itemId: 42, version: 7 });
    for (const junk of [
      undefined,
      "",
      "action_item:x:1",
      "action_item:1",
      "other:1:2",
      "action_item:1:2:3",
    ]) {
      expect(parseItemRef(junk)).toBeNull();
    }
  });
});

describe("what a click is told", () => {
  const done = item({ text: "Send <the> deck", state: "done", doneAt: doneEvent.at, version: 2 });
  it("the loser of a race is told who was first and when", () => {
    expect(changeOutcomeText({ status: "already", change: "done", item: done, event: doneEvent })).toBe(
      `Already marked done by <@UANA> <!date^${Date.parse(doneEvent.at) / 1000}^{date_short_pretty} at {time}|2026-11-25 09:04 UTC>: *Send &lt;the&gt; deck*. Nothing changed.`,
    );
  });

  it("a stale click names the change it missed; a refusal names who may", () => {
    const stale = changeOutcomeText({ status: "stale", change: "drop", item: done, events: [doneEvent] });
    expect(stale).toMatch(
      /^Not changed: since you opened \*Send &lt;the&gt; deck\*, it changed: Done by <@UANA>/,
    );
    const refused = changeOutcomeText({ status: "refused", change: "done", item: item() });
    expect(refused).toBe(
      "Only the owner <@UOWNER>, the creator <@UCREATOR>, the ritual's facilitator or an admin can change *Call the CFO about renewal*. Nothing changed.",
    );
    expect(
      changeOutcomeText({ status: "not_allowed", change: "drop", item: done, event: doneEvent }),
    ).toMatch(/is done \(Done by <@UANA> .*\): reopen it first to change it\.$/);
    expect(changeOutcomeText({ status: "not_found", change: "done", itemId: 9 })).toBe(
      "There is no action item #9.",
    );
  });
});

function many(n: number, text: (i: number) => string, overrides: Partial<ActionItem> = {}): ActionItem[] {
  return Array.from({ length: n }, (_, i) =>
    item({ id: i + 1, text: text(i), deadline: i % 2 === 0 ? "2026-11-20" : "2026-11-26", ...overrides }),
  );
}

describe("the reminder DM", () => {
  it("groups overdue then due soon, each with Done and a deadline picker", () => {
    const overdue = [item({ id: 1, deadline: "2026-11-20" })];
    const dueSoon = [item({ id: 2, deadline: "2026-11-26" }), item({ id: 3, deadline: "2026-11-27" })];
    const message = reminderMessage({ localDate: "2026-11-25", overdue, dueSoon }, NOW);
    const json = texts(message.blocks);
    expect(json).toContain("*Your action items, Wed 25 Nov 2026*: 1 overdue · 2 due in the next two days");
    expect(json.indexOf("Overdue")).toBeLessThan(json.indexOf("Due soon"));
    const controls = message.blocks.filter((b) => b.type === "actions");
    expect(controls.map((b) => (b as { block_id: string }).block_id)).toEqual([
      "action_item:1:1",
      "action_item:2:1",
      "action_item:3:1",
    ]);
    for (const b of controls)
      expect(actionIds(b)).toEqual([ActionItemIds.done, ActionItemIds.changeDeadline]);
    expect(limitViolations(message)).toEqual([]);
  });

  it("with more items than fit, shows what fits and counts the rest; within every limit even at worst-case escaping", () => {
    const worst = many(60, () => "<".repeat(500));
    const message = reminderMessage(
      { localDate: "2026-11-25", overdue: worst.slice(0, 30), dueSoon: worst.slice(30) },
      NOW,
    );
    expect(limitViolations(message)).toEqual([]);
    const shown = message.blocks.filter((b) => b.type === "actions").length;
    expect(shown).toBeGreaterThan(0);
    expect(texts(message.blocks)).toContain(`…and ${60 - shown} more items: \`/actions\` lists them all.`);
  });

  it("the facilitator's list before a review names the review and the owners", () => {
    const message = preReviewDigestMessage(
      {
        review: { key: "mc:2026-12", at: "2026-12-21T15:00:00Z" },
        previous: { key: "mc:2026-11" },
        openItems: [item({ id: 1, ownerId: "UANA" }), item({ id: 2, ownerId: "UBEN" })],
      },
      NOW,
    );
    const json = texts(message.blocks);
    expect(json).toContain("*Before mc:2026-12*");
    expect(json).toContain("2 items from mc:2026-11 still open");
    expect(json).toContain("Owners: <@UANA>, <@UBEN>");
    expect(limitViolations(message)).toEqual([]);
  });
});

describe("lists", () => {
  const view = (items: ActionItem[], page: number) =>
    actionListMessage({
      title: "Your open action items",
      list: "mine",
      items,
      page,
      now: NOW,
      showOwner: false,
      controls: true,
      emptyText: "Nothing open.",
    });
  const shownIds = (blocks: readonly Block[]) =>
    blocks
      .filter(
        (b) => b.type === "actions" && (b as { block_id?: string }).block_id?.startsWith("action_item:"),
      )
      .map((b) => (b as { block_id: string }).block_id);

  it("pages of ten with Previous / Next carrying the page", () => {
    const items = many(25, (i) => `Item ${i}`);
    const first = view(items, 0);
    expect(shownIds(first.blocks)).toHaveLength(10);
    expect(texts(first.blocks)).toContain("1–10 of 25 items · page 1 of 3");
    const paging = first.blocks.at(-1) as { elements: { action_id: string; value: string }[] };
    expect(paging.elements.map((e) => e.action_id)).toEqual(["action_list_next"]);
    expect(decodeListPage(paging.elements[0]?.value)).toEqual({ list: "mine", page: 1 });
    const last = view(items, 2);
    expect(shownIds(last.blocks)).toHaveLength(5);
    expect(actionIds(last.blocks.at(-1))).toEqual(["action_list_previous"]);
    // a page past the end shows the last one
    expect(shownIds(view(items, 9).blocks)).toEqual(shownIds(last.blocks));
  });

  it("long texts make pages shorter, never cut: every item is on exactly one page, each page within limits", () => {
    const items = many(23, (i) => `${i}:${"&".repeat(495)}`);
    const seen: string[] = [];
    for (let page = 0; ; page++) {
      const message = view(items, page);
      expect(limitViolations(message)).toEqual([]);
      seen.push(...shownIds(message.blocks));
      if (!texts(message.blocks).includes("action_list_next")) break;
    }
    expect(seen).toEqual(items.map((i) => `action_item:${i.id}:1`));
  });

  it("an empty list says so", () => {
    expect(texts(view([], 0).blocks)).toContain("Nothing open.");
  });

  it("the figures line: completion against its target, provisional until the next review, and on time", () => {
    const text = actionFiguresText({
      completion: {
        reviewKey: "mc:2026-10",
        ritual: "monthly-close",
        reviewAt: "2026-10-27T15:00:00Z",
        nextReviewKey: "mc:2026-11",
        nextReviewAt: "2026-11-24T15:00:00Z",
        created: 9,
        doneByNext: 7,
        dropped: 1,
        open: 1,
        rate: 7 / 9,
        target: 0.8,
        meetsTarget: false,
        provisional: false,
        asOf: NOW.toISOString(),
      },
      onTime: { done: 7, onTime: 5, rate: 5 / 7 },
    });
    expect(text).toBe(
      "Review mc:2026-10: 7/9 done by the next review (78%, target 80%) :warning: · On time: 5 of 7 items done (71%)",
    );
  });

  it("the Home tab: my items with buttons, a manager's team's overdue ones, within a view's limits", () => {
    const blocks = actionItemsHomeBlocks({
      mine: many(14, (i) => `Mine ${i} ${NASTY}`, { ownerId: "UME" }),
      teamOverdue: many(30, (i) => `Team ${i}`, { ownerId: "UBEN", deadline: "2026-11-01" }),
      now: NOW,
    });
    const json = texts(blocks);
    expect(shownIds(blocks)).toHaveLength(10);
    expect(json).toContain("…and 4 more items: `/actions` lists them all.");
    expect(json).toContain("Your team's overdue items");
    expect(json).toContain("…and 10 more items: `/actions team`");
    expect(json).not.toContain("<!channel>");
    expect(limitViolations({ blocks }, { view: true })).toEqual([]);
  });
});
