import { describe, expect, it } from "vitest";
import { answerMessage } from "../../blocks/answer";
import { escapeMrkdwn } from "../../blocks/escape";
import { chunkLines } from "../../blocks/format";
import { limitViolations } from "../../blocks/limits";
import type { Block } from "../../blocks/message";
import { noticeMessage } from "../../blocks/notice";

const ref = { command: "deal-risk" as const, scope: "company", page: 0 };
const section = (text: string): Block => ({ type: "section", text: { type: "mrkdwn", text } });

describe("limitViolations", () => {
  it("accepts a small message", () => {
    expect(limitViolations(noticeMessage("hello"))).toEqual([]);
  });

  it("names each broken limit", () => {
    const blocks: Block[] = [
      ...Array.from({ length: 51 }, () => section("x".repeat(250))),
      section("y".repeat(3001)),
      { type: "header", text: { type: "plain_text", text: "h".repeat(151) } },
      { type: "section", fields: Array.from({ length: 11 }, () => ({ type: "mrkdwn" as const, text: "f" })) },
      {
        type: "actions",
        block_id: "b".repeat(256),
        elements: [
          {
            type: "button",
            action_id: "a",
            text: { type: "plain_text", text: "t".repeat(76) },
            value: "v".repeat(2001),
          },
          { type: "button", action_id: "a", text: { type: "plain_text", text: "ok" } },
        ],
      },
    ];
    const problems = limitViolations({ blocks }).join("\n");
    expect(problems).toContain("blocks > 50");
    expect(problems).toContain("text 3001 chars > 3000");
    expect(problems).toContain("header 151 chars > 150");
    expect(problems).toContain("11 fields > 10");
    expect(problems).toContain("id 256 chars > 255");
    expect(problems).toContain("button text 76 chars > 75");
    expect(problems).toContain("button value 2001 chars > 2000");
    expect(problems).toContain("duplicate action_id a");
    expect(problems).toMatch(/chars of blocks > 13000/);
  });
});

describe("builders stay within the limits with extreme data", () => {
  it("cuts long titles and splits long lists into several sections, losing no line", () => {
    const lines = Array.from({ length: 200 }, (_, i) => `line ${i} ${"z".repeat(40)}`);
    const chunks = chunkLines(lines);
    expect(chunks.join("\n").split("\n")).toEqual(lines);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(2900);
    const message = answerMessage({
      title: "T".repeat(400),
      body: chunks.slice(0, 3).map(section),
      asOf: "as of 24 Nov 06:00 UTC · import #41 · definitions v3",
      summary: "s",
      ref,
      pages: 3,
    });
    expect(limitViolations(message)).toEqual([]);
  });

  it("escapes the three mrkdwn control characters and nothing else", () => {
    expect(escapeMrkdwn("<!channel> & <@U1|x> *bold* _i_")).toBe(
      "&lt;!channel&gt; &amp; &lt;@U1|x&gt; *bold* _i_",
    );
  });
});

describe("an answer longer than one message", () => {
  it("keeps within 50 blocks and 13,000 characters and says how many sections it left out", () => {
    const long = Array.from({ length: 80 }, (_, i) => section(`${i} ${"w".repeat(2800)}`));
    const message = answerMessage({
      title: "Quota · Company · 2026-11",
      body: long,
      asOf: "as of",
      summary: "s",
      ref,
    });
    expect(limitViolations(message)).toEqual([]);
    const note = JSON.stringify(message.blocks.at(-3));
    const shown = message.blocks.filter((b) => b.type === "section").length;
    // 80 sections asked for; every one not shown is counted in the note.
    expect(note).toContain(`${80 - shown} more sections did not fit`);
    expect(shown).toBeGreaterThan(0);
  });

  it("keeps within 50 blocks when there are many small sections", () => {
    const many = Array.from({ length: 120 }, (_, i) => section(`row ${i}`));
    const message = answerMessage({ title: "T", body: many, asOf: "as of", summary: "s", ref, pages: 2 });
    expect(limitViolations(message)).toEqual([]);
    // One block is left for the link-help line answerCommand adds for unlinked users.
    expect(message.blocks.length).toBeLessThanOrEqual(49);
    expect(JSON.stringify(message.blocks)).toContain("more sections did not fit");
  });

  it("leaves a message that fits untouched", () => {
    const body = [section("a"), section("b")];
    const message = answerMessage({ title: "T", body, asOf: "as of", summary: "s", ref });
    expect(message.blocks.slice(1, 3)).toEqual(body);
    expect(JSON.stringify(message.blocks)).not.toContain("did not fit");
  });

  it("escapes CRM names in the notification text", () => {
    const message = answerMessage({
      title: "Quota · Team <!channel>",
      body: [],
      asOf: "as of",
      summary: "s",
      ref,
    });
    expect(message.text).toBe("Quota · Team &lt;!channel&gt;: s");
  });
});
