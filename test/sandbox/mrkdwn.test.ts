import { describe, expect, it } from "vitest";
import { renderMrkdwn, renderPlainText } from "../../src/sandbox/render/mrkdwn";
import { find, findAll, parseHtml, textOf } from "./html-tree";
import { renderContext, SLACK_DOC_TS } from "./render-context";

const render = (text: string, ctx = renderContext()) => parseHtml(renderMrkdwn(text, ctx).value);

describe("mrkdwn", () => {
  it("bold, italic, strike and code, nested and beside each other", () => {
    const tree = render("*Base* _likely_ ~old~ `x*y*` *_both_*");
    expect(findAll(tree, "b").map(textOf)).toEqual(["Base", "both"]);
    expect(textOf(find(tree, "b i"))).toBe("both");
    expect(textOf(find(tree, "s"))).toBe("old");
    // inside code, marks are text
    expect(textOf(find(tree, "code"))).toBe("x*y*");
    expect(findAll(tree, "code b")).toHaveLength(0);
  });

  it("emphasis needs word boundaries outside and no space inside, as in Slack", () => {
    const tree = render("snake_case_name 2*3*4 * not bold * _a_b");
    expect(findAll(tree, "i")).toHaveLength(0);
    expect(findAll(tree, "b")).toHaveLength(0);
    expect(textOf(tree)).toBe("snake_case_name 2*3*4 * not bold * _a_b");
  });

  it("``` blocks are preformatted and literal; lines keep their breaks", () => {
    const tree = render("Top deals:\n```*id*  amount\n&lt;D-1&gt;  $5```\nafter\nlast");
    expect(textOf(find(tree, "pre"))).toBe("*id*  amount\n<D-1>  $5");
    expect(findAll(tree, "pre b")).toHaveLength(0);
    expect(textOf(tree)).toBe("Top deals:*id*  amount\n<D-1>  $5after\nlast");
  });

  it("> quotes group consecutive lines; >>> quotes the rest", () => {
    const tree = render("&gt; one\n> two\nplain\n>>> rest\nand more");
    const quotes = findAll(tree, "blockquote");
    expect(quotes.map(textOf)).toEqual(["one\ntwo", "rest\nand more"]);
  });

  it("links with and without a label; a javascript: address is not linked", () => {
    const tree = render(
      "<https://example.com/a?b=1&amp;c=2|the report> <mailto:x@y.z> <javascript:alert(1)|click>",
    );
    const links = findAll(tree, "a");
    expect(links.map((a) => [a.attrs.href, textOf(a)])).toEqual([
      ["https://example.com/a?b=1&c=2", "the report"],
      ["mailto:x@y.z", "mailto:x@y.z"],
    ]);
    expect(links.every((a) => a.attrs.rel === "noopener noreferrer")).toBe(true);
    expect(textOf(find(tree, "span.unknown"))).toBe("[unknown mrkdwn <javascript:alert(1)|click>]");
  });

  it("user mentions show the person's name; channels their name; unknown ids stay visible", () => {
    const tree = render("<@U0REP> <@U0NOBODY> <@U0GONE|gone> <#C0REVIEW> <#C0OTHER|other>");
    expect(findAll(tree, "span.mention").map(textOf)).toEqual([
      "@Riley Rep",
      "@U0NOBODY",
      "@gone",
      "#revenue-review",
      "#other",
    ]);
    expect(find(tree, 'span.user[data-user="U0REP"]')).toBeTruthy();
  });

  it("special mentions are shown inert, never as links or pings", () => {
    const tree = render("<!channel> <!here> <!everyone> <!subteam^S1|@sales>");
    expect(findAll(tree, "span.special").map(textOf)).toEqual(["@channel", "@here", "@everyone", "@sales"]);
    expect(findAll(tree, "a")).toHaveLength(0);
  });

  it("&amp; &lt; &gt; are decoded exactly once, and what they spell is shown, not run", () => {
    const tree = render("A &amp; B &lt;script&gt;alert(1)&lt;/script&gt; &amp;lt;b&amp;gt; &lt;!channel&gt;");
    expect(findAll(tree, "script")).toHaveLength(0);
    expect(findAll(tree, "span.mention")).toHaveLength(0);
    expect(textOf(tree)).toBe("A & B <script>alert(1)</script> &lt;b&gt; <!channel>");
    expect(renderMrkdwn("&lt;b&gt;", renderContext()).value).toContain("&lt;b&gt;");
  });

  it("emoji codes the bot uses become characters; unknown ones stay as typed", () => {
    expect(textOf(render(":warning: :x: :no_such_emoji:"))).toBe("⚠️ ❌ :no_such_emoji:");
  });

  it("an unknown control form is a visible placeholder naming it", () => {
    const tree = render("a <!foo> b <weird thing> c");
    expect(findAll(tree, "span.unknown").map(textOf)).toEqual([
      "[unknown mrkdwn <!foo>]",
      "[unknown mrkdwn <weird thing>]",
    ]);
    expect(textOf(tree)).toContain("a ");
  });

  it("plain text is escaped, keeps its lines and, unless told not to, its emoji", () => {
    expect(renderPlainText("<b>x</b>\n:warning:").value).toBe("&lt;b&gt;x&lt;/b&gt;<br>⚠️");
    expect(renderPlainText(":warning:", false).value).toBe(":warning:");
  });
});

describe("<!date^…> in mrkdwn", () => {
  it("is shown in the viewer's zone: the same message reads differently in Los Angeles and Auckland", () => {
    const text = `Posted <!date^${SLACK_DOC_TS}^{date_long} at {time}|Feb 18, 2014>`;
    expect(textOf(render(text))).toBe("Posted Tuesday, February 18th, 2014 at 6:39 AM");
    const auckland = renderContext({ timeZone: "Pacific/Auckland" });
    expect(textOf(render(text, auckland))).toBe("Posted Wednesday, February 19th, 2014 at 3:39 AM");
  });

  it("links the date when the format carries a link", () => {
    const tree = render(`<!date^${SLACK_DOC_TS}^{date_num}^https://example.com/d|x>`);
    expect(find(tree, "time a").attrs.href).toBe("https://example.com/d");
    expect(textOf(tree)).toBe("2014-02-18");
  });

  it("an unreadable timestamp shows the fallback; an unknown token is named", () => {
    expect(textOf(render("<!date^soon^{date}|next Tuesday>"))).toBe("next Tuesday");
    const tree = render(`<!date^${SLACK_DOC_TS}^{date_num} {weekday}|x>`);
    expect(textOf(find(tree, "span.unknown"))).toBe("[unknown date token {weekday}]");
  });
});
