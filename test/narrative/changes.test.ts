import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changesBetween, deterministicChanges } from "../../src/narrative/changes";
import { checkAgainstFigures } from "../../src/narrative/check-figures";
import { money, multiple, percent, period, text } from "../../src/narrative/figures";
import { changesFor, writeChanges } from "../../src/narrative/write-changes";
import { type FakeAnthropic, startFakeAnthropic } from "../../src/sandbox/fake-anthropic";
import { monthlyFigures, planningFigures } from "./fixtures";

const previous = monthlyFigures({
  period: period("2026-10", "2026-10-01", "2026-10-31"),
  close: { bookings: money(110_000_000), plan: money(137_500_000), attainment: percent(0.8) },
  coverage: { ratio: multiple(2.93), status: "below_healthy", healthy: multiple(3) },
  topRisks: [
    { deal: text("Initech renewal"), amount: money(30_000_000), reason: text("past close date") },
    { deal: text("Globex expansion"), amount: money(21_000_000), reason: text("stalled in Negotiation") },
  ],
});
const current = monthlyFigures();

describe("what changed since the last review", () => {
  it("computes each change once, in points for percentages, and the risks that came and went", () => {
    const changes = changesBetween(previous, current);
    const attainment = changes?.changes.find((c) => c.measure.value === "attainment");
    expect(attainment?.change).toEqual({ kind: "ratio", value: 0.0818, shownAs: "percent" });
    const bookings = changes?.changes.find((c) => c.measure.value === "bookings");
    expect(bookings?.change).toEqual({ kind: "money", cents: 13_456_700 });
    expect(changes?.newRisks).toEqual([text("Acme Corp — Platform renewal")]);
    expect(changes?.droppedRisks).toEqual([text("Initech renewal")]);
  });

  it("writes the paragraph from the changes alone, mentioning only what moved", () => {
    const changes = changesBetween(previous, current);
    if (!changes) throw new Error("same ritual expected");
    expect(deterministicChanges(changes)).toBe(
      "Since the October 2026 review: bookings $1.1M → $1.23M (+$135K); attainment 80% → 88% (+8.2 pts); coverage 2.9x → 2.4x (−0.5x). New among the top risks: Acme Corp — Platform renewal. Off the list: Initech renewal.",
    );
    expect(checkAgainstFigures(deterministicChanges(changes), changes)).toEqual([]);
  });

  it("says nothing moved when nothing did, and compares only reviews of one ritual", () => {
    const same = changesBetween(current, current);
    if (!same) throw new Error("same ritual expected");
    expect(deterministicChanges(same)).toBe("Since the November 2026 review, no headline figure moved.");
    expect(changesBetween(current, planningFigures())).toBeNull();
  });
});

describe("Claude's paragraph", () => {
  let fake: FakeAnthropic;
  let client: Anthropic;
  beforeAll(async () => {
    fake = await startFakeAnthropic();
    client = new Anthropic({ apiKey: "sk-ant-test-0000000000", baseURL: fake.url });
  });
  afterAll(async () => {
    await fake.close();
  });
  const options = () => ({ client, model: "claude-test", maxTokens: 400, timeoutMs: 5_000 });
  const changes = changesBetween(previous, current);
  if (!changes) throw new Error("same ritual expected");

  it("is kept when it states the computed changes", async () => {
    const paragraph =
      "Bookings rose $135K to $1.23M and attainment gained 8 points to 88%, while coverage slipped 0.5x to 2.4x. Acme Corp — Platform renewal joined the top risks; Initech renewal left them.";
    fake.script({ kind: "text", text: paragraph });
    expect(await writeChanges(changes, options())).toMatchObject({ source: "claude", paragraph });
  });

  it("falls back when it does arithmetic of its own", async () => {
    // 88% is 10% more than 80%: a relative change nobody computed
    fake.script({ kind: "text", text: "Attainment rose 10% to 88%." });
    const written = await writeChanges(changes, options());
    expect(written).toMatchObject({ source: "template", paragraph: deterministicChanges(changes) });
    expect(written.reason).toBe("10% is not a rounding of 8.2%");
  });

  it("is the template without a key, and nothing across rituals", async () => {
    const config = { ANTHROPIC_MODEL: "m", ANTHROPIC_MAX_TOKENS: 400, ANTHROPIC_TIMEOUT_MS: 5_000 };
    expect(await changesFor(previous, current, config, { client })).toMatchObject({
      source: "template",
      code: "no_api_key",
    });
    expect(await changesFor(current, planningFigures(), config, { client })).toBeNull();
  });
});
