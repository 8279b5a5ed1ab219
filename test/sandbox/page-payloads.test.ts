import { describe, expect, it } from "vitest";
import {
  blockAction,
  clientSideErrors,
  PageRequestError,
  viewStateValues,
} from "../../src/sandbox/page-payloads";

const plain = (text: string) => ({ type: "plain_text", text });
const option = (text: string, value: string) => ({ text: plain(text), value });

const blocks = [
  {
    type: "actions",
    block_id: "acts",
    elements: [
      { type: "button", action_id: "share", text: plain("Share"), value: "ref-1", style: "primary" },
      {
        type: "static_select",
        action_id: "period",
        options: [option("Nov", "2026-11"), option("Dec", "2026-12")],
      },
      { type: "overflow", action_id: "more", options: [option("Snooze", "snooze")] },
    ],
  },
  {
    type: "input",
    block_id: "title",
    label: plain("Title"),
    element: { type: "plain_text_input", action_id: "t", min_length: 3 },
  },
  {
    type: "input",
    block_id: "owner",
    label: plain("Owner"),
    element: { type: "users_select", action_id: "u" },
  },
  {
    type: "input",
    block_id: "due",
    optional: true,
    label: plain("Due"),
    element: { type: "datepicker", action_id: "d" },
  },
  {
    type: "input",
    block_id: "tags",
    optional: true,
    label: plain("Tags"),
    element: {
      type: "checkboxes",
      action_id: "c",
      options: [option("Renewal", "renewal"), option("Upsell", "upsell")],
    },
  },
];

describe("page → Slack payloads", () => {
  it("a button click carries the button's own text, value and style", () => {
    expect(blockAction(blocks, { blockId: "acts", actionId: "share" }, "1.5")).toEqual({
      type: "button",
      action_id: "share",
      block_id: "acts",
      action_ts: "1.5",
      text: plain("Share"),
      value: "ref-1",
      style: "primary",
    });
  });

  it("a choice carries the option as the app wrote it; an option it never offered is refused", () => {
    expect(blockAction(blocks, { blockId: "acts", actionId: "period", value: "2026-12" }, "1")).toMatchObject(
      {
        type: "static_select",
        selected_option: option("Dec", "2026-12"),
      },
    );
    expect(blockAction(blocks, { blockId: "acts", actionId: "more", value: "snooze" }, "1")).toMatchObject({
      type: "overflow",
      selected_option: option("Snooze", "snooze"),
    });
    expect(() => blockAction(blocks, { blockId: "acts", actionId: "period", value: "2027-01" }, "1")).toThrow(
      PageRequestError,
    );
  });

  it("a click on an element no longer in the message is refused (409), not sent", () => {
    try {
      blockAction(blocks, { blockId: "acts", actionId: "gone" }, "1");
      throw new Error("expected a refusal");
    } catch (error) {
      expect(error).toBeInstanceOf(PageRequestError);
      expect((error as PageRequestError).status).toBe(409);
    }
  });

  it("state.values in Slack's shapes, empty inputs as null or []", () => {
    const values = viewStateValues(blocks, [
      { blockId: "title", actionId: "t", value: "Call Acme" },
      { blockId: "owner", actionId: "u", value: "U0REP" },
      { blockId: "due", actionId: "d", value: null },
      { blockId: "tags", actionId: "c", values: ["upsell"] },
    ]);
    expect(values).toEqual({
      title: { t: { type: "plain_text_input", value: "Call Acme" } },
      owner: { u: { type: "users_select", selected_user: "U0REP" } },
      due: { d: { type: "datepicker", selected_date: null } },
      tags: { c: { type: "checkboxes", selected_options: [option("Upsell", "upsell")] } },
    });
  });

  it("Slack's own client checks: required inputs filled, min_length met; optional ones may be empty", () => {
    const empty = viewStateValues(blocks, [
      { blockId: "title", actionId: "t", value: "ab" },
      { blockId: "owner", actionId: "u", value: null },
      { blockId: "due", actionId: "d", value: null },
    ]);
    expect(clientSideErrors(blocks, empty)).toEqual({
      title: "Must be at least 3 characters.",
      owner: "Please complete this required field.",
    });
    const filled = viewStateValues(blocks, [
      { blockId: "title", actionId: "t", value: "abc" },
      { blockId: "owner", actionId: "u", value: "U0REP" },
    ]);
    expect(clientSideErrors(blocks, filled)).toEqual({});
  });
});
