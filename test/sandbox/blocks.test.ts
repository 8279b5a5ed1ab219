import { describe, expect, it } from "vitest";
import { type Block, renderBlock, renderBlocks } from "../../src/sandbox/render/blocks";
import type { InputState } from "../../src/sandbox/render/context";
import { find, findAll, parseHtml, textOf } from "./html-tree";
import { renderContext } from "./render-context";

const ctx = renderContext();
const md = (text: string) => ({ type: "mrkdwn", text });
const plain = (text: string) => ({ type: "plain_text", text, emoji: true });
const option = (text: string, value: string) => ({ text: plain(text), value });

function render(block: Block, input?: InputState) {
  return parseHtml(renderBlock(block, ctx, input).value);
}

function actions(...elements: Record<string, unknown>[]) {
  return render({ type: "actions", block_id: "acts", elements });
}

describe("Block Kit blocks", () => {
  it("header: plain text, escaped", () => {
    const tree = render({ type: "header", block_id: "h", text: plain("Forecast <West> :warning:") });
    expect(textOf(find(tree, "div.block-header h3"))).toBe("Forecast <West> ⚠️");
    expect(find(tree, "div.block").attrs["data-block-id"]).toBe("h");
  });

  it("section: mrkdwn text, fields in a grid, and an accessory", () => {
    const tree = render({
      type: "section",
      block_id: "s",
      text: md("*Forecast* for <#C0REVIEW>"),
      fields: [md("*Base*\n$1,200,000"), md("*Upside (P90)*\n$1,500,000")],
      accessory: { type: "button", action_id: "more", text: plain("More"), value: "v1" },
    });
    expect(textOf(find(tree, ".section-text b"))).toBe("Forecast");
    expect(findAll(tree, ".section-fields .section-field").map(textOf)).toEqual([
      "Base\n$1,200,000",
      "Upside (P90)\n$1,500,000",
    ]);
    const button = find(tree, ".section-accessory button");
    expect(button.attrs).toMatchObject({
      "data-action-id": "more",
      "data-block-id": "s",
      "data-value": "v1",
    });
  });

  it("context: small text and images side by side", () => {
    const tree = render({
      type: "context",
      block_id: "c",
      elements: [
        md("as of *Dec 1* · import #7"),
        { type: "image", image_url: "/files/F1/a.png", alt_text: "logo" },
      ],
    });
    expect(textOf(find(tree, ".context-text"))).toBe("as of Dec 1 · import #7");
    expect(find(tree, "img.context-image").attrs).toMatchObject({ src: "/files/F1/a.png", alt: "logo" });
  });

  it("divider", () => {
    expect(findAll(render({ type: "divider", block_id: "d" }), "div.block-divider hr")).toHaveLength(1);
  });

  it("image: an uploaded file is shown; an address off this machine is a labelled placeholder", () => {
    const local = render({
      type: "image",
      image_url: "/files/F1/chart.png",
      alt_text: "Pipeline chart",
      title: plain("Pipeline"),
    });
    expect(find(local, "img.block-image-img").attrs).toMatchObject({
      src: "/files/F1/chart.png",
      alt: "Pipeline chart",
    });
    expect(textOf(find(local, ".image-title"))).toBe("Pipeline");
    const byFile = render({ type: "image", slack_file: { id: "F1" }, alt_text: "chart" });
    expect(find(byFile, "img").attrs.src).toBe("/files/F1/chart.png");
    const remote = render({
      type: "image",
      image_url: "https://cdn.example.com/x.png",
      alt_text: "remote chart",
    });
    expect(findAll(remote, "img")).toHaveLength(0);
    expect(textOf(find(remote, ".image-offline"))).toContain("remote chart");
  });

  it("actions: buttons keep their style (primary, danger) and value", () => {
    const tree = actions(
      { type: "button", action_id: "share", text: plain("Share"), value: "ref", style: "primary" },
      { type: "button", action_id: "drop", text: plain("Drop"), style: "danger" },
      { type: "button", action_id: "plain", text: plain("Plain") },
    );
    const buttons = findAll(tree, "div.block-actions button");
    expect(buttons.map((b) => [b.attrs.class, b.attrs["data-action-id"], textOf(b)])).toEqual([
      ["btn btn-primary", "share", "Share"],
      ["btn btn-danger", "drop", "Drop"],
      ["btn", "plain", "Plain"],
    ]);
    expect(buttons[0]?.attrs["data-value"]).toBe("ref");
    expect(
      buttons.every((b) => b.attrs["data-element"] === "button" && b.attrs["data-block-id"] === "acts"),
    ).toBe(true);
  });

  it("a button's confirm dialog travels with it", () => {
    const tree = actions({
      type: "button",
      action_id: "close",
      text: plain("Close"),
      confirm: {
        title: plain("Close it?"),
        text: plain("It cannot be reopened."),
        confirm: plain("Close"),
        deny: plain("Keep"),
      },
    });
    expect(JSON.parse(find(tree, "button").attrs["data-confirm"] as string)).toEqual({
      title: "Close it?",
      text: "It cannot be reopened.",
      confirm: "Close",
      deny: "Keep",
    });
  });

  it("static_select: options, option groups, the placeholder and the initial option", () => {
    const tree = actions({
      type: "static_select",
      action_id: "period",
      placeholder: plain("Pick a period"),
      option_groups: [
        { label: plain("2026"), options: [option("November", "2026-11"), option("December", "2026-12")] },
      ],
      initial_option: option("December", "2026-12"),
    });
    const select = find(tree, "select.select");
    expect(select.attrs).toMatchObject({ "data-element": "static_select", "data-action-id": "period" });
    const options = findAll(select, "option");
    expect(options.map((o) => [o.attrs.value, textOf(o), "selected" in o.attrs])).toEqual([
      ["", "Pick a period", false],
      ["2026-11", "November", false],
      ["2026-12", "December", true],
    ]);
  });

  it("overflow: a ⋯ menu of its options", () => {
    const tree = actions({
      type: "overflow",
      action_id: "more",
      options: [option("Snooze", "snooze"), option("Reassign", "reassign")],
    });
    const menu = find(tree, "details.overflow");
    expect(menu.attrs["data-element"]).toBe("overflow");
    expect(findAll(menu, "button.menu-item").map((b) => [b.attrs["data-option-value"], textOf(b)])).toEqual([
      ["snooze", "Snooze"],
      ["reassign", "Reassign"],
    ]);
  });

  it("datepicker: a date input with the initial date", () => {
    const tree = actions({ type: "datepicker", action_id: "due", initial_date: "2026-12-15" });
    expect(find(tree, "input").attrs).toMatchObject({
      type: "date",
      value: "2026-12-15",
      "data-element": "datepicker",
    });
  });

  it("users_select: the sandbox's people by name, the initial user chosen", () => {
    const tree = actions({ type: "users_select", action_id: "owner", initial_user: "U0REP" });
    const options = findAll(tree, "select option").slice(1);
    expect(options.map((o) => [o.attrs.value, textOf(o), "selected" in o.attrs])).toEqual([
      ["U0ADMIN", "Avery Admin", false],
      ["U0REP", "Riley Rep", true],
    ]);
  });

  it("conversations_select and channels_select: the channels by name", () => {
    for (const type of ["conversations_select", "channels_select"]) {
      const tree = actions({ type, action_id: "where" });
      expect(findAll(tree, "select option").slice(1).map(textOf)).toEqual(["#revenue-review", "#general"]);
    }
  });

  it("external_select: shown as a select holding the option the app set", () => {
    const tree = actions({
      type: "external_select",
      action_id: "deal",
      initial_option: option("Acme renewal", "D-1"),
    });
    const select = find(tree, "select");
    expect(select.attrs["data-element"]).toBe("external_select");
    expect(findAll(select, "option").slice(1).map(textOf)).toEqual(["Acme renewal"]);
    // the search box the page asks the app's options with (Slack's default min_query_length is 3)
    const search = find(tree, "input.external-search");
    expect([search.attrs["data-suggest-action"], search.attrs["data-min-query"]]).toEqual(["deal", "3"]);
  });

  it("checkboxes and radio buttons", () => {
    const tree = actions(
      {
        type: "checkboxes",
        action_id: "c",
        options: [option("A", "a"), option("B", "b")],
        initial_options: [option("B", "b")],
      },
      { type: "radio_buttons", action_id: "r", options: [option("Yes", "y"), option("No", "n")] },
    );
    expect(findAll(tree, 'input[type="checkbox"]').map((i) => [i.attrs.value, "checked" in i.attrs])).toEqual(
      [
        ["a", false],
        ["b", true],
      ],
    );
    expect(findAll(tree, 'input[type="radio"]')).toHaveLength(2);
  });

  it("an element or block type it does not know is a placeholder naming it", () => {
    expect(textOf(find(actions({ type: "workflow_button", action_id: "w" }), "span.unknown"))).toBe(
      '[unknown element "workflow_button"]',
    );
    const tree = render({ type: "video", block_id: "v" });
    expect(find(tree, "div.block").attrs.class).toBe("block block-unknown");
    expect(textOf(tree)).toBe('[unknown block "video"]');
  });

  it("blocks without a block_id still get one, by position", () => {
    const tree = parseHtml(renderBlocks([{ type: "divider" }, { type: "divider" }], ctx).value);
    expect(findAll(tree, "div.block").map((b) => b.attrs["data-block-id"])).toEqual(["block-0", "block-1"]);
  });
});

describe("input blocks in modals", () => {
  const noInput: InputState = { values: {}, errors: {} };

  it("plain_text_input: a label, the placeholder, optional marked, and a hint", () => {
    const tree = render(
      {
        type: "input",
        block_id: "title",
        label: plain("What needs doing"),
        optional: true,
        hint: plain("One line"),
        element: {
          type: "plain_text_input",
          action_id: "t",
          placeholder: plain("e.g. Call Acme"),
          max_length: 200,
        },
      },
      noInput,
    );
    expect(textOf(find(tree, "label.input-label"))).toBe("What needs doing (optional)");
    expect(find(tree, 'input[type="text"]').attrs).toMatchObject({
      placeholder: "e.g. Call Acme",
      maxlength: "200",
    });
    expect(textOf(find(tree, ".input-hint"))).toBe("One line");
  });

  it("plain_text_input multiline is a textarea", () => {
    const tree = render(
      {
        type: "input",
        block_id: "n",
        label: plain("Notes"),
        element: { type: "plain_text_input", action_id: "n", multiline: true, initial_value: "a\nb" },
      },
      noInput,
    );
    expect(textOf(find(tree, "textarea"))).toBe("a\nb");
  });

  it("datepicker, users_select and static_select as inputs", () => {
    const blocks: Block[] = [
      {
        type: "input",
        block_id: "due",
        label: plain("Due"),
        element: { type: "datepicker", action_id: "d" },
      },
      {
        type: "input",
        block_id: "owner",
        label: plain("Owner"),
        element: { type: "users_select", action_id: "u" },
      },
      {
        type: "input",
        block_id: "kind",
        label: plain("Kind"),
        element: { type: "static_select", action_id: "k", options: [option("Call", "call")] },
      },
    ];
    const tree = parseHtml(renderBlocks(blocks, ctx, noInput).value);
    expect(findAll(tree, "div.block-input").map((b) => textOf(find(b, "label")))).toEqual([
      "Due",
      "Owner",
      "Kind",
    ]);
    expect(find(tree, 'div[data-block-id="due"] input').attrs.type).toBe("date");
    expect(findAll(tree, 'div[data-block-id="owner"] option')).toHaveLength(3);
  });

  it("an error from the app shows beside its input, and what was entered stays", () => {
    const input: InputState = {
      values: {
        title: { t: { type: "plain_text_input", value: "Call" } },
        due: { d: { type: "datepicker", selected_date: "2026-12-01" } },
        owner: { u: { type: "users_select", selected_user: "U0ADMIN" } },
      },
      errors: { due: "The due date must be after today." },
    };
    const blocks: Block[] = [
      {
        type: "input",
        block_id: "title",
        label: plain("Title"),
        element: { type: "plain_text_input", action_id: "t", initial_value: "old" },
      },
      {
        type: "input",
        block_id: "due",
        label: plain("Due"),
        element: { type: "datepicker", action_id: "d" },
      },
      {
        type: "input",
        block_id: "owner",
        label: plain("Owner"),
        element: { type: "users_select", action_id: "u", initial_user: "U0REP" },
      },
    ];
    const tree = parseHtml(renderBlocks(blocks, ctx, input).value);
    const due = find(tree, 'div[data-block-id="due"]');
    expect(due.attrs.class).toContain("has-error");
    expect(textOf(find(due, ".input-error"))).toBe("The due date must be after today.");
    expect(find(due, "input").attrs.value).toBe("2026-12-01");
    expect(find(tree, 'div[data-block-id="title"] input').attrs.value).toBe("Call");
    expect(find(tree, 'div[data-block-id="owner"] option[selected]').attrs.value).toBe("U0ADMIN");
    expect(findAll(tree, 'div[data-block-id="title"] .input-error')).toHaveLength(0);
  });
});

describe("rich_text", () => {
  it("sections with styled text, links, mentions, emoji and dates", () => {
    const tree = render({
      type: "rich_text",
      block_id: "r",
      elements: [
        {
          type: "rich_text_section",
          elements: [
            { type: "text", text: "Owner ", style: { bold: true } },
            { type: "user", user_id: "U0REP" },
            { type: "text", text: " in " },
            { type: "channel", channel_id: "C0REVIEW" },
            { type: "link", url: "https://example.com", text: "deck" },
            { type: "emoji", name: "warning" },
            { type: "emoji", name: "thumbsup", unicode: "1f44d" },
            { type: "broadcast", range: "here" },
            { type: "text", text: "x", style: { code: true, italic: true } },
            { type: "date", timestamp: 1392734382, format: "{date_short}", fallback: "Feb 18" },
          ],
        },
      ],
    });
    expect(textOf(find(tree, "b"))).toBe("Owner ");
    expect(findAll(tree, "span.mention").map(textOf)).toEqual(["@Riley Rep", "#revenue-review", "@here"]);
    expect(find(tree, "a").attrs.href).toBe("https://example.com");
    expect(textOf(find(tree, "i code"))).toBe("x");
    expect(textOf(find(tree, "time"))).toBe("Feb 18, 2014");
    expect(textOf(tree)).toContain("⚠️👍");
  });

  it("bullet and ordered lists (with offset and indent), quotes and preformatted text", () => {
    const section = (text: string) => ({ type: "rich_text_section", elements: [{ type: "text", text }] });
    const tree = render({
      type: "rich_text",
      block_id: "r",
      elements: [
        { type: "rich_text_list", style: "bullet", indent: 1, elements: [section("one"), section("two")] },
        { type: "rich_text_list", style: "ordered", offset: 2, elements: [section("third")] },
        { type: "rich_text_quote", elements: [{ type: "text", text: "quoted" }] },
        { type: "rich_text_preformatted", elements: [{ type: "text", text: "SELECT 1" }] },
      ],
    });
    expect(findAll(tree, "ul.indent-1 li").map(textOf)).toEqual(["one", "two"]);
    expect(find(tree, "ol").attrs.start).toBe("3");
    expect(textOf(find(tree, "blockquote"))).toBe("quoted");
    expect(textOf(find(tree, "pre"))).toBe("SELECT 1");
  });

  it("an unknown rich_text element or part is a placeholder", () => {
    const tree = render({
      type: "rich_text",
      block_id: "r",
      elements: [{ type: "rich_text_table" }, { type: "rich_text_section", elements: [{ type: "sparkle" }] }],
    });
    expect(findAll(tree, "span.unknown").map(textOf)).toEqual([
      '[unknown rich_text part "rich_text_table"]',
      '[unknown rich_text element "sparkle"]',
    ]);
  });
});
