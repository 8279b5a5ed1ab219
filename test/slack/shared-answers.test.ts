import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeAnswerRef, encodeAnswerRef } from "../../blocks/answer-ref";
import { ActionIds } from "../../blocks/ids";
import type { DealRiskResult } from "../../src/domain/analyses/deal-risk";
import type { ChannelMessage } from "../../src/sandbox/workspace";
import { readLatestAnalysis } from "../../src/store/analyses-repository";
import { answerOf, buttons, startTestSlack, type TestSlack, visibleText } from "./harness";
import { type Cast, castFrom } from "./people";
import { type StoredSample, storedSample } from "./stored-sample";

let sample: StoredSample;
let t: TestSlack;
let cast: Cast;
let team: string;
/** the manager's /deal-risk (no text), shared in C1 */
let shared: ChannelMessage;
let sharedBlocks: string;

const nextOf = (blocks: unknown[] | undefined) => {
  const next = buttons(blocks ?? []).find((b) => b.action_id === ActionIds.pageNext);
  if (!next) throw new Error("no Next button");
  return next.value;
};

/** Clicks Next on a shared channel message; returns what came back through the response_url. */
async function clickNextOnShared(
  userId: string,
  responseId: string,
  value = nextOf(shared.blocks),
  message = shared,
) {
  expect(
    (await t.click(ActionIds.pageNext, value, userId, { responseId, onChannelMessage: message.ts })).status,
  ).toBe(200);
  return (await t.fake.waitFor((c) => c.responseId === responseId)).body;
}

/** The manager's /deal-risk (no text), shared in C1: the channel message it posted. */
async function shareAsManager(responseId: string): Promise<ChannelMessage> {
  const asked = await t.slash("/deal-risk", "", cast.manager.id);
  const share = buttons(asked.json?.blocks as unknown[]).find(
    (b) => b.action_id === ActionIds.shareInChannel,
  );
  await t.click(ActionIds.shareInChannel, share?.value ?? "", cast.manager.id, { responseId });
  await t.fake.waitFor((c) => c.responseId === responseId);
  const posted = t.fake.workspace.messages.at(-1);
  if (!posted) throw new Error("the share posted nothing in the channel");
  return posted;
}

beforeAll(async () => {
  sample = await storedSample({ deals: 6000, analyses: ["deal-risk"] });
  t = await startTestSlack({ db: sample.db, admins: ["UADMIN"] });
  cast = castFrom(sample.db, t.fake);
  team = cast.manager.team;
  const register = readLatestAnalysis<DealRiskResult>(sample.db, "deal-risk", `team:${team}`)?.payload
    .register;
  // Pages of five: the team's register needs a second page for Next to show more of it.
  expect(register?.length ?? 0).toBeGreaterThan(5);
  shared = await shareAsManager("share");
  sharedBlocks = JSON.stringify(shared.blocks);
  // The rep is linked by email on first use; warm that up so every click below is answered alike.
  await answerOf(t, await t.slash("/deal-risk", "", cast.rep.id, { responseId: "rep-warm" }), "rep-warm");
});
afterAll(async () => {
  await t.stop();
  sample.close();
});

describe("an answer's buttons", () => {
  it("carry the scope and period shown, not the empty text typed", async () => {
    const stored = readLatestAnalysis<DealRiskResult>(sample.db, "deal-risk", `team:${team}`);
    const ref = decodeAnswerRef(nextOf(shared.blocks));
    expect(ref).toEqual({
      command: "deal-risk",
      scope: `team:${team}`,
      period: stored?.period,
      page: 1,
      sharedBy: cast.manager.id,
    });
    const text = visibleText(shared.blocks ?? []);
    expect(text).toContain(`Deal risk · Team ${team}`);
    expect(text).toContain(`shared by <@${cast.manager.id}>`);
  });
});

describe("Next on a message shared in the channel", () => {
  it("answers a rep privately with that team's page as far as they may see it, leaving the channel message", async () => {
    const body = await clickNextOnShared(cast.rep.id, "rep-next");
    expect(body.response_type).toBe("ephemeral");
    expect(body.replace_original).toBe(false);
    const text = visibleText(body.blocks as unknown[]);
    expect(text).toContain(`Deal risk · Team ${team}`);
    expect(text).not.toContain(`Rep ${cast.rep.rep.name}`);
    expect(text).not.toContain("shared by");
    // A rep sees their team's totals, not its deal rows.
    expect(text).toContain("Deal rows are shown to the deal's owner");
    expect(JSON.stringify(shared.blocks)).toBe(sharedBlocks);
  });

  it("answers an admin privately with the shared team's page 2, never the company's deals", async () => {
    const body = await clickNextOnShared(cast.admin, "admin-next");
    expect(body.response_type).toBe("ephemeral");
    expect(body.replace_original).toBe(false);
    const text = visibleText(body.blocks as unknown[]);
    expect(text).toContain(`Deal risk · Team ${team}`);
    expect(text).not.toContain("Deal risk · Company");
    expect(text).toContain("*6. ");
    expect(JSON.stringify(shared.blocks)).toBe(sharedBlocks);
  });

  it("refuses someone outside the team privately", async () => {
    const body = await clickNextOnShared(cast.outsider.id, "outsider-next");
    expect(body.response_type).toBe("ephemeral");
    expect(visibleText(body.blocks as unknown[])).toContain(":lock:");
    expect(JSON.stringify(shared.blocks)).toBe(sharedBlocks);
  });

  it("shows the sharer shown as the clicker, whatever the button says", async () => {
    const ref = decodeAnswerRef(nextOf(shared.blocks));
    if (!ref) throw new Error("the shared Next button carries no ref");
    const forged = encodeAnswerRef({ ...ref, sharedBy: cast.admin });
    const body = await clickNextOnShared(cast.manager.id, "forged-next", forged);
    expect(body.response_type).toBe("ephemeral");
    expect(visibleText(body.blocks as unknown[])).not.toContain(`<@${cast.admin}>`);
    expect(JSON.stringify(shared.blocks)).toBe(sharedBlocks);
  });

  it("replaces the channel message with page 2 of the same team when the sharer clicks", async () => {
    // a share of its own: the other tests here check that the first one stays as it was
    const own = await shareAsManager("share-again");
    const body = await clickNextOnShared(cast.manager.id, "sharer-next", nextOf(own.blocks), own);
    expect(body.response_type).toBe("in_channel");
    expect(body.replace_original).toBe(true);
    expect(JSON.stringify(shared.blocks)).toBe(sharedBlocks);
    const text = visibleText(own.blocks ?? []);
    expect(text).toContain(`Deal risk · Team ${team}`);
    expect(text).toContain("Page 2 of");
    expect(text).toContain("*6. ");
    expect(text).toContain(`shared by <@${cast.manager.id}>`);
  });
});
