import { describe, expect, it } from "vitest";
import { limitViolations } from "../../blocks/limits";
import { previewPages } from "../../blocks/ritual-preview";

const section = (text: string) => ({ type: "section", text: { type: "mrkdwn", text } });
const message = (name: string, blocks: number) => ({
  text: name,
  blocks: Array.from({ length: blocks }, (_, i) => section(`${name} ${i + 1}`)),
});

describe("the preview's pages", () => {
  it("keep full 50-block thread messages whole within Slack's limits, and count what does not fit", () => {
    const pages = previewPages({
      name: "Review <!here>",
      channelId: "C0123ABCD",
      builtAt: "now",
      asOf: null,
      summarySource: null,
      message: message("main", 50),
      thread: Array.from({ length: 6 }, (_, i) => message(`thread${i + 1}`, 50)),
      files: [],
    });
    expect(pages.length).toBeLessThanOrEqual(5);
    for (const page of pages) expect(limitViolations(page)).toEqual([]);
    const all = JSON.stringify(pages);
    expect(all).toContain("Review &lt;!here&gt;");
    expect(all).not.toContain("<!here>");
    // every message shown is shown whole: its first and its 50th block
    const whole = ["main", ...Array.from({ length: 6 }, (_, i) => `thread${i + 1}`)].filter((n) =>
      all.includes(`"${n} 50"`),
    );
    for (const n of whole) expect(all).toContain(`"${n} 1"`);
    const left = Number(/(\d+) more thread messages? not shown/.exec(all)?.[1] ?? 0);
    expect(whole.length - 1 + left).toBe(6);
    expect(left).toBeGreaterThan(0);
  });
});
