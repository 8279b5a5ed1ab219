import { describe, expect, it } from "vitest";
import { answerMessage } from "../../blocks/answer";
import { chunkLines } from "../../blocks/format";
import { limitViolations } from "../../blocks/limits";
import type { Block } from "../../blocks/message";
import { noticeMessage } from "../../blocks/notice";
import { escapeMrkdwn } from "../../src/slack/escape";

const ref = { command: "deal-risk" as const, args: "", page: 0 };
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
