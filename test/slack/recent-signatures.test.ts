import { describe, expect, it } from "vitest";
import { RecentSignatures } from "../../src/slack/http/recent-signatures";

const sig = (c: string) => `v0=${c.repeat(64)}`;

describe("RecentSignatures", () => {
  it("tells a signature seen within the window from a new one", () => {
    const recent = new RecentSignatures(300);
    expect(recent.seenBefore(sig("a"), 1000, 1000)).toBe(false);
    expect(recent.seenBefore(sig("a"), 1000, 1200)).toBe(true);
    expect(recent.seenBefore(sig("b"), 1000, 1200)).toBe(false);
    expect(recent.seenBefore(sig("a"), 1001, 1200)).toBe(false);
  });

  it("forgets a second once it has left the window (its requests are refused as stale by then)", () => {
    const recent = new RecentSignatures(300);
    recent.seenBefore(sig("a"), 1000, 1000);
    expect(recent.seenBefore(sig("a"), 1000, 1300)).toBe(true);
    expect(recent.seenBefore(sig("a"), 1000, 1301)).toBe(false);
  });

  it("past its bound forgets the oldest second first", () => {
    const recent = new RecentSignatures(300, 2);
    recent.seenBefore(sig("a"), 1000, 1002);
    recent.seenBefore(sig("b"), 1001, 1002);
    recent.seenBefore(sig("c"), 1002, 1002);
    expect(recent.seenBefore(sig("b"), 1001, 1002)).toBe(true);
    expect(recent.seenBefore(sig("c"), 1002, 1002)).toBe(true);
    expect(recent.seenBefore(sig("a"), 1000, 1002)).toBe(false);
  });
});
