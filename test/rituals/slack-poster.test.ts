import { webApi } from "@slack/bolt";
import { afterEach, describe, expect, it } from "vitest";
import { createRitual } from "../../src/rituals/definitions";
import { type OutgoingMessage, PostError, type Poster, type PostMetadata } from "../../src/rituals/poster";
import { RitualScheduler, ritualSubject } from "../../src/rituals/scheduler";
import { SCHEDULER_WEB_API_OPTIONS, SlackPoster, toPostError } from "../../src/rituals/slack-poster";
import { FakeSlackApi } from "../../src/sandbox/fake-slack-api";
import { listOccurrences } from "../../src/store/occurrences-repository";
import { ManualClock, ritualsDb } from "./helpers";

const fakes: FakeSlackApi[] = [];
afterEach(async () => {
  for (const f of fakes.splice(0)) await f.stop();
});

/** What the bot posted in a channel (a DM with a user is "D" + the user id's tail). */
const postedIn = (slack: FakeSlackApi, channel: string) =>
  slack.workspace.messages.filter((m) => m.channel === channel);

async function setup() {
  const slack = await new FakeSlackApi().start();
  fakes.push(slack);
  slack.workspace.users.set("UFACIL01", { name: "facilitator" });
  slack.workspace.addChannel({
    id: "C0REVIEW1",
    name: "revenue-review",
    members: ["UFACIL01", slack.workspace.bot.userId],
  });
  const store = ritualsDb();
  const clock = new ManualClock("2026-11-20T12:00:00Z");
  const ritual = createRitual(
    {
      db: store.db,
      now: clock.now(),
      actor: { operator: "test" },
      adminIds: new Set(),
      fiscalYearStartMonth: 1,
    },
    {
      name: "Monthly review",
      kind: "monthly-review",
      channel: "C0REVIEW1",
      schedule: "first Tuesday of the month at 09:00",
      zone: "America/New_York",
      facilitator: "UFACIL01",
    },
  );
  const client = new webApi.WebClient("xoxb-test-token", {
    slackApiUrl: slack.apiUrl,
    ...SCHEDULER_WEB_API_OPTIONS,
    logLevel: webApi.LogLevel.ERROR,
  });
  const slackPoster = new SlackPoster(client);
  const scheduler = (holder: string, poster: Poster = slackPoster) =>
    new RitualScheduler({ db: store.db, clock, poster, notifier: slackPoster, holder });
  const history = () => listOccurrences(store.db, ritualSubject(ritual.id));
  const posts = () => slack.callsOf("chat.postMessage");
  // Monday 30 Nov 2026 09:00 EST, ten seconds after the pre-read is due.
  clock.set("2026-11-30T14:00:10Z");
  return { slack, clock, scheduler, history, posts, slackPoster };
}

describe("the Web API poster against the fake Slack server", () => {
  it("posts once into the ritual's channel with the occurrence key in its metadata, unfurls off, and records Slack's ts", async () => {
    const { slack, scheduler, history, posts } = await setup();
    const report = await scheduler("A").tick();
    expect(report.outcomes.map((o) => o.state)).toEqual(["posted"]);
    expect(posts()).toHaveLength(1);
    const body = posts()[0]?.body ?? {};
    expect(body).toMatchObject({ channel: "C0REVIEW1", unfurl_links: "false", unfurl_media: "false" });
    expect(body.metadata).toEqual({
      event_type: "rituals_occurrence",
      event_payload: { occurrence_key: history()[0]?.key },
    });
    expect(history()[0]?.messageTs).toBe(postedIn(slack, "C0REVIEW1")?.[0]?.ts);
    expect(String(posts()[0]?.headers.authorization)).toBe("Bearer xoxb-test-token");
  });

  it("findPosted reads the channel's history with metadata and finds the key", async () => {
    const { slackPoster, slack } = await setup();
    for (const id of ["C0X", "C0Y"]) slack.workspace.addChannel({ id, name: id.toLowerCase(), members: [] });
    const ts = await slackPoster.post(
      "C0X",
      { text: "hello" },
      { event_type: "rituals_occurrence", event_payload: { occurrence_key: "k1" } },
    );
    await slackPoster.post(
      "C0X",
      { text: "other" },
      { event_type: "rituals_occurrence", event_payload: { occurrence_key: "k2" } },
    );
    expect(await slackPoster.findPosted("C0X", "k1", new Date(Date.now() - 60_000))).toBe(ts);
    expect(await slackPoster.findPosted("C0X", "k3", new Date(Date.now() - 60_000))).toBeNull();
    expect(await slackPoster.findPosted("C0Y", "k1", new Date(Date.now() - 60_000))).toBeNull();
    const call = slack.callsOf("conversations.history")[0];
    expect(call?.body).toMatchObject({ channel: "C0X", include_all_metadata: "true", limit: "200" });
  });

  it("429 then success: one message, after waiting Retry-After", async () => {
    const { slack, clock, scheduler, history } = await setup();
    slack.failNext("chat.postMessage", { status: 429, retryAfter: 4 });
    await scheduler("A").tick();
    expect(postedIn(slack, "C0REVIEW1")).toHaveLength(1);
    expect(clock.sleeps).toContain(4000);
    expect(history()[0]?.state).toBe("posted");
  });

  it("a 5xx storm: five tries, then failed with Slack's error, and the facilitator gets a DM", async () => {
    const { slack, scheduler, history } = await setup();
    slack.failNext("chat.postMessage", { status: 500, times: 5 });
    const report = await scheduler("A").tick();
    expect(report.outcomes.map((o) => o.state)).toEqual(["failed"]);
    expect(postedIn(slack, "C0REVIEW1")).toHaveLength(0);
    expect(history()[0]).toMatchObject({ state: "failed", reason: "Slack: HTTP 500 after 5 attempts" });
    expect(slack.callsOf("conversations.history")).toHaveLength(4);
    const dm = postedIn(slack, "DFACIL01");
    expect(dm).toHaveLength(1);
    expect(String(dm?.[0]?.text)).toContain("could not be posted: Slack: HTTP 500 after 5 attempts");
  });

  it("a crash after Slack accepted the post: the next process finds it in the history and posts nothing", async () => {
    const { slack, clock, scheduler, history, slackPoster } = await setup();
    const dying: Poster = Object.assign(Object.create(slackPoster) as SlackPoster, {
      post: async (channel: string, message: OutgoingMessage, metadata: PostMetadata) => {
        await slackPoster.post(channel, message, metadata);
        return new Promise<string>(() => {});
      },
    });
    void scheduler("A", dying).tick();
    await slack.waitFor((c) => c.method === "chat.postMessage");
    clock.set("2026-11-30T14:02:30Z");
    const report = await scheduler("B").tick();
    expect(report.outcomes).toMatchObject([{ state: "posted", recovered: true }]);
    expect(postedIn(slack, "C0REVIEW1")).toHaveLength(1);
    expect(history()[0]?.messageTs).toBe(postedIn(slack, "C0REVIEW1")?.[0]?.ts);
  });
});

describe("toPostError", () => {
  it("sorts WebClient failures into rate limited, transient and permanent", () => {
    const e = (x: object) => toPostError(Object.assign(new Error("x"), x));
    expect(e({ code: webApi.ErrorCode.RateLimitedError, retryAfter: 30 })).toMatchObject({
      kind: "rate_limited",
      retryAfterMs: 30_000,
    });
    expect(e({ code: webApi.ErrorCode.HTTPError, statusCode: 503 })).toMatchObject({
      kind: "transient",
      slackError: "HTTP 503",
    });
    expect(e({ code: webApi.ErrorCode.HTTPError, statusCode: 404 })).toMatchObject({ kind: "permanent" });
    expect(e({ code: webApi.ErrorCode.PlatformError, data: { error: "channel_not_found" } })).toMatchObject({
      kind: "permanent",
      slackError: "channel_not_found",
    });
    expect(e({ code: webApi.ErrorCode.PlatformError, data: { error: "internal_error" } })).toMatchObject({
      kind: "transient",
    });
    expect(e({ code: webApi.ErrorCode.RequestError, message: "socket hang up" })).toMatchObject({
      kind: "transient",
    });
    expect(toPostError(new PostError("permanent", "x")).kind).toBe("permanent");
  });
});
