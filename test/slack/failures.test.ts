import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeAnswerRef } from "../../blocks/answer-ref";
import { ActionIds } from "../../blocks/ids";
import { limitViolations } from "../../blocks/limits";
import { ANALYSES } from "../../src/analytics/registry";
import type { DealRiskResult } from "../../src/domain/analyses/deal-risk";
import { FAILURE_NOTICE } from "../../src/slack/answers/register-answer-command";
import { redactSecrets } from "../../src/slack/redact";
import { readLatestAnalysis, saveRefresh } from "../../src/store/analyses-repository";
import { listRepDirectory } from "../../src/store/slack-links-repository";
import { answerOf, BOT_TOKEN, SIGNING_SECRET, startTestSlack, type TestSlack, visibleText } from "./harness";
import { type StoredSample, storedSample } from "./stored-sample";

let sample: StoredSample;
let t: TestSlack;
// a team of the CRM (a scope it does not have is answered "there is no team named …" before any read)
let team = "";
let BROKEN = "";

beforeAll(async () => {
  sample = await storedSample({ deals: 200, analyses: ["deal-risk"] });
  t = await startTestSlack({ db: sample.db, admins: ["UADMIN"] });
  t.fake.users.set("UADMIN", { email: "admin@elsewhere.example" });
  team = listRepDirectory(sample.db).find((r) => r.team)?.team as string;
  BROKEN = `team:${team}`;
  const stored = readLatestAnalysis<DealRiskResult>(sample.db, "deal-risk", "company");
  if (!stored) throw new Error("no deal-risk stored");
  // A document of the current definition version that no longer has the shape the builder reads:
  // building it throws, as any unexpected bug in a handler would.
  const now = new Date().toISOString();
  saveRefresh(
    sample.db,
    { asOf: stored.asOf, importId: stored.importId, startedAt: now, finishedAt: now },
    [
      {
        name: "deal-risk",
        scope: BROKEN,
        period: stored.period,
        isDefault: true,
        definitionVersion: ANALYSES["deal-risk"].definitionVersion,
        payloadJson: JSON.stringify({ period: stored.payload.period }),
      },
    ],
    [],
  );
});
afterAll(async () => {
  await t.stop();
  sample.close();
});

const errors = () => t.logger.lines.filter((l) => l.level === "error");

describe("an exception while building an answer", () => {
  it("acks the slash command with a clear private error and logs it once, without the token", async () => {
    const before = errors().length;
    const reply = await t.slash("/deal-risk", `team:"${team}"`, "UADMIN", { responseId: "boom" });
    expect(reply.status).toBe(200);
    const body = reply.text === "" ? (await t.fake.waitFor((c) => c.responseId === "boom")).body : reply.json;
    expect(body?.response_type).toBe("ephemeral");
    expect(limitViolations({ blocks: body?.blocks as never })).toEqual([]);
    expect(visibleText(body?.blocks as unknown[])).toBe(FAILURE_NOTICE);
    expect(errors().length - before).toBe(1);
    expect(errors().at(-1)?.text).toContain("answer failed");
    expect(JSON.stringify(t.logger.lines)).not.toContain(BOT_TOKEN);
  });

  it("answers a button click the same way, never posting the failure to the channel", async () => {
    const before = errors().length;
    const value = encodeAnswerRef({ command: "deal-risk", scope: BROKEN, page: 0 });
    const click = await t.click(ActionIds.shareInChannel, value, "UADMIN", { responseId: "boom-share" });
    expect(click.status).toBe(200);
    const posted = await t.fake.waitFor((c) => c.responseId === "boom-share");
    expect(posted.body.response_type).toBe("ephemeral");
    expect(posted.body.unfurl_links).toBe(false);
    expect(visibleText(posted.body.blocks as unknown[])).toBe(FAILURE_NOTICE);
    expect(errors().length - before).toBe(1);
  });

  it("still answers other questions afterwards", async () => {
    // in the ack, or through response_url when this is the admin's first command (users.info)
    const reply = await t.slash("/deal-risk", "", "UADMIN", { responseId: "after" });
    const body = await answerOf(t, reply, "after");
    expect(visibleText(body.blocks as unknown[])).toContain("Deal risk · Company");
  });
});

describe("a button value this app would not make now", () => {
  const clickAndRead = async (actionId: string, value: string, responseId: string) => {
    expect((await t.click(actionId, value, "UADMIN", { responseId })).status).toBe(200);
    const posted = await t.fake.waitFor((c) => c.responseId === responseId);
    expect(posted.body.response_type).toBe("ephemeral");
    return visibleText(posted.body.blocks as unknown[]);
  };

  it("answers the clicker alone, asking them to run the command again", async () => {
    const unknown = encodeAnswerRef({ command: "churn", scope: "company", page: 0 });
    expect(await clickAndRead(ActionIds.shareInChannel, unknown, "stale-share")).toBe(
      "This button is from an older version of the app: run the command again.",
    );
    expect(await clickAndRead(ActionIds.pageNext, "not json", "stale-page")).toBe(
      "This button is from an older version of the app: run the command again.",
    );
  });

  it("names /forecast under an accuracy detail button that carries another command", async () => {
    const other = encodeAnswerRef({ command: "deal-risk", scope: "company", page: 0 });
    expect(await clickAndRead(ActionIds.forecastAccuracyDetail, other, "stale-detail")).toBe(
      "This button is from an older version of the app: run /forecast again.",
    );
  });
});

describe("redactSecrets", () => {
  it("replaces Slack and Anthropic tokens by their kind and leaves other text alone", () => {
    expect(redactSecrets(`call failed with ${BOT_TOKEN} and xapp-1-A1-abc, key sk-ant-api03-xyz_1`)).toBe(
      "call failed with xoxb-[redacted] and xapp-[redacted], key sk-[redacted]",
    );
    expect(redactSecrets("users.info for U1 failed: ratelimited")).toBe(
      "users.info for U1 failed: ratelimited",
    );
  });

  it("replaces the configured signing secret wherever it appears, and any bearer credential", () => {
    // createApp remembered the configuration's secrets when the test app was built.
    expect(redactSecrets(`checked with ${SIGNING_SECRET}; Authorization: Bearer abc.def-123`)).toBe(
      "checked with [redacted]; Authorization: Bearer [redacted]",
    );
  });
});
