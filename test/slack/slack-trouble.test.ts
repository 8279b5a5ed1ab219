import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ActionIds } from "../../blocks/ids";
import { listRepDirectory, type RepDirectoryEntry } from "../../src/store/slack-links-repository";
import { startTestSlack, type TestSlack, visibleText } from "./harness";
import { type StoredSample, storedSample } from "./stored-sample";

let sample: StoredSample;
let t: TestSlack;
let nowMs = Date.now();
/** reps with an email and no Slack link yet, one per test that links someone */
let unlinked: RepDirectoryEntry[];

beforeAll(async () => {
  sample = await storedSample({ deals: 300, analyses: ["attainment"] });
  t = await startTestSlack({
    db: sample.db,
    clock: () => new Date(nowMs),
    responseUrl: { timeoutMs: 300, backoffMs: 20 },
  });
  unlinked = listRepDirectory(sample.db).filter((r) => r.email && !r.slackUserId && r.team);
});
afterAll(async () => {
  await t.stop();
  sample.close();
});

// vi.waitFor gives up after 1 s by default: plenty on a quiet machine, not on a loaded one
const PATIENCE = { timeout: 20_000 };

const logged = (level: string) => t.logger.lines.filter((l) => l.level === level).map((l) => l.text);

/** Someone whose first command asks Slack who they are: answered through the response_url. */
function newcomer(id: string): RepDirectoryEntry {
  const rep = unlinked.shift();
  if (!rep) throw new Error("no unlinked rep left");
  t.fake.users.set(id, { email: rep.email as string });
  return rep;
}

describe("a users.info 429 with Retry-After 30", () => {
  it("holds back nobody: the asker and the next newcomer are answered now, Slack is asked again after 30 s", async () => {
    const first = newcomer("UFIRST");
    const second = newcomer("USECOND");
    const asked = t.fake.callsOf("users.info").length;
    t.fake.failNext("users.info", { status: 429, retryAfter: 30 });
    await t.slash("/quota", "", "UFIRST", { responseId: "limited-1" });
    const answer = await t.fake.waitFor((c) => c.responseId === "limited-1");
    // Answered at once with company figures, as for anyone not linked yet.
    expect(visibleText(answer.body.blocks as unknown[])).toContain("Quota · Company");
    await t.slash("/quota", "", "USECOND", { responseId: "limited-2" });
    await t.fake.waitFor((c) => c.responseId === "limited-2");
    // While Slack asked to wait, users.info is not asked again, for anyone.
    expect(
      t.fake
        .callsOf("users.info")
        .slice(asked)
        .map((c) => c.body.user),
    ).toEqual(["UFIRST"]);
    expect(logged("warn")).toContain("users.info (email of UFIRST): HTTP 429 from Slack, Retry-After 30 s");

    nowMs += 31_000;
    await t.slash("/quota", "me", "USECOND", { responseId: "after-wait" });
    const linked = await t.fake.waitFor((c) => c.responseId === "after-wait");
    expect(visibleText(linked.body.blocks as unknown[])).toContain(`Quota · Rep ${second.name}`);
    expect(first.name).not.toBe(second.name);
  });
});

describe("a response_url post", () => {
  it("is tried again after Slack answers 500, and lands", async () => {
    newcomer("URETRY");
    const errorsBefore = logged("error").length;
    t.fake.failNext("response_url", { status: 500, times: 2 });
    await t.slash("/quota", "", "URETRY", { responseId: "retried" });
    await vi.waitFor(
      () => expect(t.fake.calls.filter((c) => c.responseId === "retried")).toHaveLength(3),
      PATIENCE,
    );
    expect(logged("error").slice(errorsBefore)).toEqual([]);
  });

  it("gives up after a few tries, logging what it was for and Slack's status", async () => {
    newcomer("UGIVEUP");
    t.fake.failNext("response_url", { status: 500, times: 10 });
    await t.slash("/quota", "", "UGIVEUP", { responseId: "given-up" });
    await vi.waitFor(
      () =>
        expect(logged("error")).toContain(
          'response_url post for /quota failed: HTTP 500 ({"ok":false,"error":"internal_error"}) after 4 attempts',
        ),
      PATIENCE,
    );
    expect(t.fake.calls.filter((c) => c.responseId === "given-up")).toHaveLength(4);
  });

  it("that hangs is given up after its timeout, and logged", async () => {
    const hung: http.ServerResponse[] = [];
    const server = http.createServer((_req, res) => hung.push(res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const payload = {
        type: "block_actions",
        team: { id: "T1" },
        user: { id: "UHANG" },
        api_app_id: "A1",
        container: { type: "message", message_ts: "1.1", channel_id: "C1", is_ephemeral: true },
        channel: { id: "C1" },
        response_url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
        actions: [{ type: "button", action_id: ActionIds.pageNext, value: "not a ref", action_ts: "1.2" }],
      };
      const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
      expect((await t.signed(body, "application/x-www-form-urlencoded")).status).toBe(200);
      await vi.waitFor(
        () =>
          expect(logged("error")).toContain(
            `response_url post for the ${ActionIds.pageNext} button failed: no answer within 300 ms after 1 attempt`,
          ),
        PATIENCE,
      );
      // Not tried again: the post may have landed before the answer hung.
      expect(hung).toHaveLength(1);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
