import { describe, expect, it } from "vitest";
import {
  ActionModalIds,
  createItemModal,
  decodeCreateMetadata,
  decodeDropMetadata,
  decodeOpenCreate,
  dropReasonModal,
  MODAL_LIMITS,
  modalFieldErrors,
  openCreateButton,
  readCreateSubmission,
  readDropReason,
} from "../../blocks/action-modal";
import { limitViolations } from "../../blocks/limits";
import type { Block } from "../../blocks/message";
import { item } from "./helpers";

const metadata = { channelId: "C0REVENUE", source: "deal" as const, reviewKey: null };

function blockById(blocks: readonly unknown[], id: string): Record<string, unknown> {
  const found = (blocks as { block_id?: string }[]).find((b) => b.block_id === id);
  if (!found) throw new Error(`no block ${id}`);
  return found as Record<string, unknown>;
}

describe("the create modal", () => {
  it("from a deal: the deal, its owner and the deadline pre-filled; the deal searchable; within a modal's limits", () => {
    const view = createItemModal({
      metadata,
      ownerId: "UREP",
      deadline: "2026-11-27",
      deal: { id: "OPP-9", label: "Acme renewal — $120,000".padEnd(90, ".") },
      rituals: [{ key: "monthly-close", name: "Monthly close" }],
      ritual: "monthly-close",
    });
    expect(view.callback_id).toBe(ActionModalIds.create);
    expect(view.title.text.length).toBeLessThanOrEqual(MODAL_LIMITS.title);
    expect(decodeCreateMetadata(view.private_metadata)).toEqual(metadata);
    const owner = blockById(view.blocks, ActionModalIds.ownerBlock).element as Record<string, unknown>;
    expect(owner).toMatchObject({ type: "users_select", initial_user: "UREP" });
    const deadline = blockById(view.blocks, ActionModalIds.deadlineBlock).element as Record<string, unknown>;
    expect(deadline).toMatchObject({ type: "datepicker", initial_date: "2026-11-27" });
    const deal = blockById(view.blocks, ActionModalIds.dealBlock);
    expect(deal.optional).toBe(true);
    const dealElement = deal.element as {
      type: string;
      action_id: string;
      initial_option: { text: { text: string }; value: string };
    };
    expect(dealElement.type).toBe("external_select");
    expect(dealElement.action_id).toBe(ActionModalIds.dealSearch);
    expect(dealElement.initial_option.value).toBe("OPP-9");
    expect(dealElement.initial_option.text.text.length).toBe(MODAL_LIMITS.optionText);
    const ritual = blockById(view.blocks, ActionModalIds.ritualBlock).element as {
      initial_option: { value: string };
    };
    expect(ritual.initial_option.value).toBe("monthly-close");
    expect(limitViolations({ blocks: view.blocks as Block[] }, { view: true })).toEqual([]);
  });

  it("a short list of deals is a static select; no rituals, no ritual field", () => {
    const view = createItemModal({
      metadata: { channelId: null, source: "manual", reviewKey: null },
      dealOptions: [
        { id: "OPP-1", label: "One" },
        { id: "OPP-2", label: "Two" },
      ],
    });
    const deal = blockById(view.blocks, ActionModalIds.dealBlock).element as {
      type: string;
      options: unknown[];
    };
    expect(deal.type).toBe("static_select");
    expect(deal.options).toHaveLength(2);
    expect(
      (view.blocks as { block_id?: string }[]).some((b) => b.block_id === ActionModalIds.ritualBlock),
    ).toBe(false);
  });

  it("a submission's values come back by field; a problem is shown beside its field", () => {
    const values = {
      [ActionModalIds.textBlock]: { value: { type: "plain_text_input", value: "Call the CFO" } },
      [ActionModalIds.ownerBlock]: { value: { type: "users_select", selected_user: "UREP" } },
      [ActionModalIds.deadlineBlock]: { value: { type: "datepicker", selected_date: "2026-11-27" } },
      [ActionModalIds.dealBlock]: {
        [ActionModalIds.dealSearch]: { type: "external_select", selected_option: { value: "OPP-9" } },
      },
      [ActionModalIds.ritualBlock]: { value: { type: "static_select", selected_option: null } },
    };
    expect(readCreateSubmission(values)).toEqual({
      text: "Call the CFO",
      ownerId: "UREP",
      deadline: "2026-11-27",
      dealId: "OPP-9",
      ritual: null,
    });
    expect(modalFieldErrors("deadline", "deadline 2026-11-01 is in the past")).toEqual({
      response_action: "errors",
      errors: { [ActionModalIds.deadlineBlock]: "deadline 2026-11-01 is in the past" },
    });
    expect(modalFieldErrors("source", "x")).toBeNull();
  });

  it("metadata that this app did not write is refused", () => {
    for (const junk of [
      undefined,
      "",
      "{",
      '{"c":"C1","s":"bogus","r":null}',
      '{"c":"not a channel","s":"manual","r":null}',
    ]) {
      expect(decodeCreateMetadata(junk)).toBeNull();
    }
  });
});

describe("the drop-reason modal", () => {
  it("shows the item escaped, asks for a reason, and carries the item's version and message", () => {
    const m = { itemId: 12, version: 3, channelId: "C0REVENUE", messageTs: "1764061200.000100" };
    const view = dropReasonModal(item({ text: "<!channel> renew" }), m);
    expect(view.callback_id).toBe(ActionModalIds.dropReason);
    expect(view.title.text.length).toBeLessThanOrEqual(MODAL_LIMITS.title);
    expect(JSON.stringify(view.blocks)).toContain("&lt;!channel&gt; renew");
    expect(decodeDropMetadata(view.private_metadata)).toEqual(m);
    expect(decodeDropMetadata('{"i":0,"v":1}')).toBeNull();
    expect(
      readDropReason({
        [ActionModalIds.reasonBlock]: { value: { type: "plain_text_input", value: "Lost to competitor" } },
      }),
    ).toBe("Lost to competitor");
    expect(limitViolations({ blocks: view.blocks as Block[] }, { view: true })).toEqual([]);
  });
});

describe("the button that opens the create modal", () => {
  it("carries the deal or the review", () => {
    const button = openCreateButton({ dealId: "OPP-9", reviewKey: null });
    expect(button.action_id).toBe(ActionModalIds.openCreate);
    expect(decodeOpenCreate(button.value)).toEqual({ dealId: "OPP-9", reviewKey: null });
    expect(decodeOpenCreate("[]")).toEqual({ dealId: null, reviewKey: null });
    expect(decodeOpenCreate('{"d":5}')).toBeNull();
  });
});
