import { describe, expect, it } from "vitest";
import { homeView } from "../../blocks/home";
import { LINK_HELP } from "../../src/slack/access";

const texts = (blocks: unknown[]) =>
  JSON.stringify(blocks.map((b) => (b as { text?: { text: string } }).text?.text ?? ""));

describe("the Home tab's suggestions", () => {
  const empty = { forecast: null, attainment: null, pipeline: null, asOf: null, currency: "USD" };

  it("suggests `/deal-risk me` to someone linked", () => {
    expect(texts(homeView({ ...empty, linkHelp: null }).blocks)).toContain("`/deal-risk me`");
  });

  it("never sends someone not linked to `me`, which would show them only how to get linked", () => {
    const text = texts(homeView({ ...empty, linkHelp: LINK_HELP }).blocks);
    expect(text).not.toContain("/deal-risk me");
    expect(text).toContain("`/deal-risk`");
  });
});
