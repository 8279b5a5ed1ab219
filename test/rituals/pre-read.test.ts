import fs from "node:fs";
import path from "node:path";
import { webApi } from "@slack/bolt";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { compact } from "../../blocks/format";
import { limitViolations } from "../../blocks/limits";
import type { Message } from "../../blocks/message";
import type { AttainmentResult } from "../../src/domain/analyses/attainment";
import type { DealRiskResult } from "../../src/domain/analyses/deal-risk";
import { createRitual } from "../../src/rituals/definitions";
import type { OutgoingMessage, Poster, PostMetadata } from "../../src/rituals/poster";
import { preReadComposer } from "../../src/rituals/pre-read/composer";
import { RitualScheduler, ritualSubject } from "../../src/rituals/scheduler";
import { SCHEDULER_WEB_API_OPTIONS, SlackPoster } from "../../src/rituals/slack-poster";
import { FakeSlackApi } from "../../src/sandbox/fake-slack-api";
import { readLatestAnalysis } from "../../src/store/analyses-repository";
import type { Db } from "../../src/store/db";
import { listOccurrences } from "../../src/store/occurrences-repository";
import { slides, slideText, unzip } from "../charts/zip";
import { ManualClock } from "./helpers";
import { SAMPLE_SETTINGS, type SampleStore, sampleStore } from "./sample-store";

// "3rd business day after month end at 10:00" UTC, created 1 Nov 2026: the October review meets
// Wed 4 Nov 10:00 UTC, its pre-read due Tue 3 Nov 10:00 UTC.
const POST_AT = "2026-11-03T10:00:00Z";
const CHANNEL = "C0REVIEW1";
const FACILITATOR = "UFACIL01";
const KEEP = path.resolve(__dirname, "../../test-output/rituals/sample");

let sample: SampleStore;
beforeAll(async () => {
  sample = await sampleStore();
}, 180_000);
afterAll(() => sample?.close());

const fakes: FakeSlackApi[] = [];
afterEach(async () => {
  for (const f of fakes.splice(0)) await f.stop();
});

const CONFIG = {
  ...SAMPLE_SETTINGS,
  ANTHROPIC_MODEL: "claude-test",
  ANTHROPIC_MAX_TOKENS: 1024,
  ANTHROPIC_TIMEOUT_MS: 20_000,
};

async function setup() {
  const slack = await new FakeSlackApi().start();
  fakes.push(slack);
  slack.workspace.users.set(FACILITATOR, { name: "facilitator" });
  slack.workspace.addChannel({
    id: CHANNEL,
    name: "revenue-review",
    members: [FACILITATOR, slack.workspace.bot.userId],
  });
  const db = sample.fresh();
  const clock = new ManualClock("2026-11-01T00:00:00Z");
  const ritual = createRitual(
    { db, now: clock.now(), actor: { operator: "test" }, adminIds: new Set(), fiscalYearStartMonth: 1 },
    {
      name: "Monthly revenue review",
      kind: "monthly-review",
      channel: CHANNEL,
      schedule: "3rd business day after month end at 10:00",
      zone: "UTC",
      facilitator: FACILITATOR,
    },
  );
  const client = new webApi.WebClient("xoxb-test-token", {
    slackApiUrl: slack.apiUrl,
    ...SCHEDULER_WEB_API_OPTIONS,
    logLevel: webApi.LogLevel.ERROR,
  });
  const slackPoster = new SlackPoster(client);
  const compose = preReadComposer({ db, config: CONFIG, clock });
  const scheduler = (holder: string, poster: Poster = slackPoster, on: Db = db) =>
    new RitualScheduler({ db: on, clock, poster, notifier: slackPoster, holder, compose });
  const top = () => slack.workspace.messages.filter((m) => m.channel === CHANNEL && !m.threadTs);
  const replies = (ts: string) =>
    slack.workspace.messages.filter((m) => m.channel === CHANNEL && m.threadTs === ts);
  const history = () => listOccurrences(db, ritualSubject(ritual.id));
  return { slack, db, clock, ritual, scheduler, slackPoster, top, replies, history };
}

const headerOf = (m: { blocks?: unknown[] }) => {
  const h = (m.blocks ?? []).find((b) => (b as { type: string }).type === "header") as
    | { text: { text: string } }
    | undefined;
  return h?.text.text ?? null;
};
const allText = (m: { blocks?: unknown[] }) => JSON.stringify(m.blocks ?? []);

describe("the monthly review's pre-read through Slack", () => {
  it("goes out once at its post time: the message, its thread, the four charts and the deck", async () => {
    const { slack, db, clock, scheduler, top, replies, history } = await setup();
    const a = scheduler("A");
    clock.set("2026-11-03T09:59:00Z");
    await a.tick();
    expect(top()).toHaveLength(0);

    clock.set("2026-11-03T10:00:05Z");
    const report = await a.tick();
    expect(report.outcomes.map((o) => o.state)).toEqual(["posted"]);
    const [main] = top();
    expect(main).toBeDefined();
    if (!main) return;
    expect(history()[0]).toMatchObject({
      state: "posted",
      messageTs: main.ts,
      dueAt: new Date(POST_AT).toISOString(),
      summarySource: "template — written summaries are off (no ANTHROPIC_API_KEY)",
    });

    // the channel message: meeting in each reader's zone, summary, headline figures, agenda, thread pointer
    const attainment = readLatestAnalysis<AttainmentResult>(db, "attainment", "company", "2026-10")?.payload;
    expect(attainment).toBeDefined();
    const body = allText(main);
    expect(body).toContain("<!date^1793786400^");
    expect(body).toContain("*Executive summary*");
    expect(body).toContain("October closed at");
    expect(body).toContain("*Headline figures*");
    expect(body).toContain("30-day accuracy:");
    expect(body).toContain("Month close review (30 min)");
    expect(body).toContain("Figures as of Tue 3 Nov 2026 06:00 UTC");
    expect(body).toContain("Full materials in thread");

    // the thread, one section each (the risk register over more than one message when long)
    const thread = replies(main.ts);
    const texts = thread.filter((m) => (m.fileIds ?? []).length === 0);
    const headers = texts.map(headerOf).map((h) => h?.replace(/ \(\d of \d\)$/, ""));
    expect([...new Set(headers)]).toEqual([
      "Month close: 2026-10",
      "Forecast accuracy: 2026-10",
      "Next-period forecast: 2026-11",
      "Pipeline health: 2026-11",
      "Risk register: top 20 deals, 2026-11",
      "Data quality",
      "Prior review's action items",
    ]);
    for (const m of [main, ...texts])
      expect(limitViolations({ blocks: (m.blocks ?? []) as Message["blocks"] }), headerOf(m) ?? "").toEqual(
        [],
      );

    // a "Create action" button for each deal of the stored register, carrying the deal and this review
    const register =
      readLatestAnalysis<DealRiskResult>(db, "deal-risk", "company", "2026-11")?.payload.register ?? [];
    expect(register).toHaveLength(20);
    const buttons = texts
      .flatMap((m) => (m.blocks ?? []) as { accessory?: { action_id: string; value: string } }[])
      .filter((b) => b.accessory)
      .map((b) => JSON.parse(b.accessory?.value ?? "{}") as { d: string; r: string });
    expect(buttons.map((b) => b.d)).toEqual(register.map((d) => d.dealId));
    expect(new Set(buttons.map((b) => b.r))).toEqual(new Set([history()[0]?.key]));
    expect(allText(texts.at(-1) ?? {})).toContain("Add action item");
    expect(allText(texts.at(-1) ?? {})).toContain("No action items are tracked from a prior review yet.");

    // the files: one message in the thread, the four charts with alt text and MBR-2026-10.pptx
    const filesMessages = thread.filter((m) => (m.fileIds ?? []).length > 0);
    expect(filesMessages).toHaveLength(1);
    const files = (filesMessages[0]?.fileIds ?? []).map((id) => slack.workspace.files.get(id));
    expect(files.map((f) => f?.name)).toEqual([
      "attainment-distribution-2026-10.png",
      "forecast-vs-actual-2026-10.png",
      "scenario-range-2026-10.png",
      "pipeline-by-stage-2026-10.png",
      "MBR-2026-10.pptx",
    ]);
    const reserved = slack.callsOf("files.getUploadURLExternal");
    for (const call of reserved.filter((c) => String(c.body.filename).endsWith(".png")))
      expect(String(call.body.alt_txt).length).toBeGreaterThan(40);
    fs.mkdirSync(KEEP, { recursive: true });
    for (const f of files) {
      expect(f?.bytes).not.toBeNull();
      if (f?.bytes) fs.writeFileSync(path.join(KEEP, f.name), f.bytes);
    }
    for (const f of files.slice(0, 4)) expect(f?.bytes?.subarray(1, 4).toString()).toBe("PNG");

    // the deck: the review's outline, the stored figures, every chart image
    const deck = unzip(files[4]?.bytes as Buffer);
    const slideTexts = slides(deck).map(slideText);
    expect(slideTexts[0]).toContain("Monthly business review: October 2026");
    expect(slideTexts.some((t) => t.startsWith("Executive summary") && t.includes("October closed at"))).toBe(
      true,
    );
    expect(slideTexts.some((t) => t.startsWith("Deal risk register (1 of"))).toBe(true);
    expect(slideTexts.some((t) => t.startsWith("Action items from the last review"))).toBe(true);
    const booked = compact(attainment?.bookingsCents ?? 0, "USD");
    expect(body).toContain(`*Bookings:* ${booked} vs`);
    expect(slideTexts.find((t) => t.startsWith("Month close"))).toContain(booked);
    const media = [...deck.keys()].filter((k) => k.startsWith("ppt/media/") && k.endsWith(".png"));
    expect(media.length).toBeGreaterThanOrEqual(4);

    // never again: later passes post nothing, upload nothing
    const calls = slack.calls.length;
    clock.set("2026-11-03T10:05:00Z");
    await a.tick();
    await scheduler("B").tick();
    expect(slack.calls.slice(calls).filter((c) => c.method !== "conversations.history")).toEqual([]);
    expect(top()).toHaveLength(1);
  }, 120_000);

  it("a process that dies in the middle of the thread: the taker-over posts only what is missing, the files once", async () => {
    const { slack, clock, scheduler, slackPoster, top, replies, history } = await setup();
    let threadPosts = 0;
    const dying: Poster = Object.assign(Object.create(slackPoster) as SlackPoster, {
      post: async (channel: string, message: OutgoingMessage, metadata: PostMetadata, threadTs?: string) => {
        if (threadTs && ++threadPosts === 3) {
          // Slack takes the third thread message; the process dies before it hears back
          await slackPoster.post(channel, message, metadata, threadTs);
          return new Promise<string>(() => {});
        }
        return slackPoster.post(channel, message, metadata, threadTs);
      },
    });
    clock.set("2026-11-03T10:00:05Z");
    void scheduler("A", dying).tick();
    await slack.waitFor(
      (c) => c.method === "chat.postMessage" && c.body.thread_ts !== undefined && threadPosts === 3,
      60_000,
    );
    // A's lease runs out; B takes over
    clock.set("2026-11-03T10:02:30Z");
    const report = await scheduler("B").tick();
    expect(report.outcomes).toMatchObject([{ state: "posted", recovered: true }]);
    const [main] = top();
    const thread = replies(main?.ts ?? "");
    const keys = thread
      .map(
        (m) =>
          (m.metadata as { event_payload?: { occurrence_key?: string } } | undefined)?.event_payload
            ?.occurrence_key,
      )
      .filter(Boolean);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(thread.length - 1);
    expect(thread.filter((m) => (m.fileIds ?? []).length > 0)).toHaveLength(1);
    expect(top()).toHaveLength(1);
    expect(history()[0]).toMatchObject({ state: "posted", reason: null });
  }, 120_000);

  it("files shared just before a crash are not uploaded again; a 5xx on the share is retried once it is known not to have landed", async () => {
    const { slack, clock, scheduler, slackPoster, top, replies } = await setup();
    const dying: Poster = Object.assign(Object.create(slackPoster) as SlackPoster, {
      shareFiles: async (
        channel: string,
        threadTs: string,
        files: readonly { id: string; title: string }[],
      ) => {
        await slackPoster.shareFiles(channel, threadTs, files);
        return new Promise<void>(() => {});
      },
    });
    clock.set("2026-11-03T10:00:05Z");
    void scheduler("A", dying).tick();
    await slack.waitFor((c) => c.method === "files.completeUploadExternal", 60_000);
    clock.set("2026-11-03T10:02:30Z");
    await scheduler("B").tick();
    const [main] = top();
    expect(replies(main?.ts ?? "").filter((m) => (m.fileIds ?? []).length > 0)).toHaveLength(1);
    expect(slack.callsOf("files.completeUploadExternal")).toHaveLength(1);
    expect(slack.callsOf("files.getUploadURLExternal")).toHaveLength(5);
  }, 120_000);

  it("a 500 on sharing the files: waits, sees they did not land, shares them once", async () => {
    const { slack, clock, scheduler, top, replies, history } = await setup();
    slack.failNext("files.completeUploadExternal", { status: 500 });
    clock.set("2026-11-03T10:00:05Z");
    await scheduler("A").tick();
    const [main] = top();
    expect(replies(main?.ts ?? "").filter((m) => (m.fileIds ?? []).length > 0)).toHaveLength(1);
    expect(slack.callsOf("files.completeUploadExternal")).toHaveLength(2);
    expect(history()[0]).toMatchObject({ state: "posted", reason: null });
  }, 120_000);
});

describe("the planning check-ins and the year-end review", () => {
  const build = async (kind: string, schedule: string, meetingAt: string) => {
    const db = sample.fresh();
    const clock = new ManualClock("2026-11-03T12:00:00Z");
    const ritual = createRitual(
      { db, now: clock.now(), actor: { operator: "test" }, adminIds: new Set(), fiscalYearStartMonth: 1 },
      { name: `Review ${kind}`, kind, channel: CHANNEL, schedule, zone: "UTC", facilitator: FACILITATOR },
    );
    const compose = preReadComposer({ db, config: CONFIG, clock });
    return compose({
      ritual,
      meetingAt: new Date(meetingAt),
      occurrenceKey: "k",
      lateNote: null,
      now: clock.now(),
    });
  };
  const checkLimits = (pre: Awaited<ReturnType<typeof build>>) => {
    for (const m of [pre, ...(pre.thread ?? [])])
      expect(limitViolations({ blocks: (m.blocks ?? []) as Message["blocks"] })).toEqual([]);
  };

  it("each weekly check-in says what its week must produce; the alignment session's carries the planning deck", async () => {
    const weekly = "every Monday at 09:00 for the 4 weeks before quarter end";
    const first = await build("quarterly-planning", weekly, "2026-12-07T09:00:00Z");
    expect(first.text).toContain("2027-Q1 planning, week 1 of 4");
    expect(allText(first)).toContain("This week must produce:* the current-state assessment package");
    expect(first.files).toEqual([]);
    checkLimits(first);

    const session = await build("quarterly-planning", weekly, "2026-12-21T09:00:00Z");
    expect(allText(session)).toContain("the approved revenue plan, territories and quotas");
    expect(allText(session)).toMatch(/\*Fairness:\* proposed \d\.\d\d \(target ≥ 0\.85\)/);
    expect(allText(session)).toContain("(target ≤ 10%)");
    const headers = (session.thread ?? []).map(headerOf);
    expect(headers).toEqual([
      "Week 3 of 4: the approved revenue plan, territories and quotas",
      "Territory balance: 2027-Q1",
      "Quota allocation scenarios: 2027-Q1",
    ]);
    expect(session.files?.map((f) => f.filename).at(-1)).toBe("Planning-2027-Q1.pptx");
    checkLimits(session);

    const last = await build("quarterly-planning", weekly, "2026-12-28T09:00:00Z");
    expect(allText(last)).toContain("the plan communicated and rolled out");
  }, 120_000);

  it("the year-end review follows seed 002's outline, with the year-end deck", async () => {
    const pre = await build("year-end-review", "every December 15 at 14:00", "2026-12-15T14:00:00Z");
    expect(pre.text).toContain("FY2026 year-end review");
    expect((pre.thread ?? []).map(headerOf)).toEqual([
      "1. Executive summary",
      "2. Data management and analysis: win and loss",
      "3–4. Lead conversion and the sales process",
      "6. Customer success and retention",
      "8. Revenue forecasting and modelling",
      "10. Challenges and lessons learned",
      "For the team to add",
    ]);
    expect(pre.files?.map((f) => f.filename).at(-1)).toBe("Year-end-FY2026.pptx");
    expect(pre.summary?.source).toBe("template — written summaries are off (no ANTHROPIC_API_KEY)");
    checkLimits(pre);
  }, 120_000);
});
