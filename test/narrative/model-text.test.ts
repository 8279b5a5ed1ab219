import { describe, expect, it } from "vitest";
import {
  cutAtWord,
  escapeForMrkdwn,
  neutraliseModelText,
  replyLines,
  SECTION_TEXT_LIMIT,
  summaryMrkdwn,
} from "../../src/narrative/model-text";

describe("text from the model loses every way to reach people or places", () => {
  it.each([
    ["<!channel> bookings closed", "bookings closed"],
    ["heads up <!here|here> team", "heads up team"],
    ["ask <@U0123ABCD> and <#C0123|revenue>", "ask and"],
    ["<!subteam^S123|@sales> look", "look"],
    ["see <https://evil.example.com|the CRM>", "see the CRM"],
    ["see <https://evil.example.com>", "see"],
    ["details at https://evil.example.com/x?y=1 now", "details at now"],
    ["details at www.evil.example today", "details at today"],
    ["mail ana@example.com today", "mail today"],
    ["[dashboard](https://evil.example.com) is up", "dashboard is up"],
    ["visit evil.io/path soon", "visit soon"],
    ["@channel and @here and @everyone", "channel and here and everyone"],
    ["**bold** and `code`", "bold and code"],
    ["zero\u200bwidth\u202ebidi", "zerowidthbidi"],
  ])("%j → %j", (raw, safe) => {
    expect(neutraliseModelText(raw).trim()).toBe(safe);
  });
});

describe("reply lines", () => {
  it("drop list markers and blank lines and tidy the gaps removed links leave", () => {
    expect(replyLines("1. First line .\n\n- Second\n• Third\n2) Fourth\n  Fifth  ")).toEqual([
      "First line.",
      "Second",
      "Third",
      "Fourth",
      "Fifth",
    ]);
  });
});

describe("mrkdwn for a section block", () => {
  it("escapes the three control characters and nothing else", () => {
    expect(escapeForMrkdwn("R&D <team> > *plan* _x_")).toBe("R&amp;D &lt;team&gt; &gt; *plan* _x_");
  });

  it("joins lines and keeps them whole when they fit", () => {
    expect(summaryMrkdwn(["One & two.", "Three."])).toBe("One &amp; two.\nThree.");
  });

  it("cuts at a word boundary with an ellipsis, within the limit", () => {
    const cut = cutAtWord("alpha beta gamma delta", 15);
    expect(cut).toBe("alpha beta…");
    expect(cut.length).toBeLessThanOrEqual(15);
  });

  it("never leaves half an escape at the cut", () => {
    // "a &amp;" would be cut inside the entity at 5 characters
    expect(cutAtWord("abcdefgh&amp;ijkl", 11)).toBe("abcdefgh…");
  });

  it("fits a runaway summary into one section text", () => {
    const lines = Array.from({ length: 400 }, (_, i) => `Line ${i} with <angle> & more words`);
    const text = summaryMrkdwn(lines);
    expect(text.length).toBeLessThanOrEqual(SECTION_TEXT_LIMIT);
    expect(text.endsWith("…")).toBe(true);
    expect(text).not.toMatch(/&[a-z]{0,3}…$/);
    expect(text).not.toContain("<");
  });
});
