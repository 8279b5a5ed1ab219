import { describe, expect, it } from "vitest";
import { createRitual, pauseRitual, type RitualContext, resumeRitual } from "../../src/rituals/definitions";
import { PostError } from "../../src/rituals/poster";
import { PRE_READ_KIND, preReadKey, RitualScheduler, ritualSubject } from "../../src/rituals/scheduler";
import type { Db } from "../../src/store/db";
import { listOccurrences } from "../../src/store/occurrences-repository";
import type { RitualRecord } from "../../src/store/rituals-repository";
import { FakeNotifier, FakePoster } from "./fakes";
import { ManualClock, ritualsDb } from "./helpers";

// "first Tuesday of the month at 09:00" in New York, created 20 Nov 2026: the first meeting is
// Tue 1 Dec 09:00 EST (14:00Z), its pre-read due Mon 30 Nov 09:00 EST (14:00Z).
const CREATED = "2026-11-20T12:00:00Z";
const POST_AT = "2026-11-30T14:00:00.000Z";
const MEETING_AT = "2026-12-01T14:00:00.000Z";
const FACILITATOR = "UFACIL01";

function setup(
  rituals: { name: string; channel?: string; schedule?: string }[] = [{ name: "Monthly review" }],
) {
  const store = ritualsDb();
  const clock = new ManualClock(CREATED);
  const ctx: RitualContext = {
    db: store.db,
    now: clock.now(),
    actor: { operator: "test" },
    adminIds: new Set(),
    fiscalYearStartMonth: 1,
  };
  const made = rituals.map((r) =>
    createRitual(ctx, {
      name: r.name,
      kind: "monthly-review",
      channel: r.channel ?? "C0REVIEW1",
      schedule: r.schedule ?? "first Tuesday of the month at 09:00",
      zone: "America/New_York",
      facilitator: FACILITATOR,
    }),
  );
  const poster = new FakePoster(clock);
  const notifier = new FakeNotifier();
  const scheduler = (holder: string, db: Db = store.db, over: { poster?: FakePoster } = {}) =>
    new RitualScheduler({ db, clock, poster: over.poster ?? poster, notifier, holder, leaseMs: 60_000 });
  return { ...store, clock, ctx, rituals: made, poster, notifier, scheduler };
}

const history = (db: Db, ritual: RitualRecord) => listOccurrences(db, ritualSubject(ritual.id));
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe("posting a pre-read on time", () => {
  it("nothing before it is due; at its time one post in the ritual's channel, its ts recorded; never again", async () => {
    const { db, clock, poster, scheduler, rituals } = setup();
    const a = scheduler("A");
    clock.set("2026-11-30T13:59:00Z");
    expect((await a.tick()).outcomes).toEqual([]);
    expect(history(db, rituals[0] as RitualRecord)).toEqual([]);

    clock.set("2026-11-30T14:00:20Z");
    const report = await a.tick();
    expect(report.outcomes.map((o) => o.state)).toEqual(["posted"]);
    expect(poster.messages).toHaveLength(1);
    const [message] = poster.messages;
    expect(message?.channel).toBe("C0REVIEW1");
    expect(message?.key).toBe(preReadKey(rituals[0]?.id as number, new Date(MEETING_AT)));
    expect(message?.text).toContain(
      "<!date^1796133600^{date_long_pretty} at {time}|Tue 1 Dec 2026 09:00 EST>",
    );
    expect(JSON.stringify(message?.blocks)).toContain("Month close review (30 min)");
    const [row] = history(db, rituals[0] as RitualRecord);
    expect(row).toMatchObject({
      state: "posted",
      messageTs: message?.ts,
      dueAt: POST_AT,
      deadlineAt: MEETING_AT,
      kind: PRE_READ_KIND,
      note: null,
    });

    for (const at of ["2026-11-30T14:01:00Z", "2026-11-30T18:00:00Z", "2026-12-01T15:00:00Z"]) {
      clock.set(at);
      await a.tick();
    }
    expect(poster.messages).toHaveLength(1);
  });
});

describe("catching up after downtime", () => {
  it("meeting still ahead: posted late with the downtime in a one-line note", async () => {
    const { db, clock, poster, scheduler, rituals } = setup();
    const a = scheduler("A");
    clock.set("2026-11-30T13:55:00Z");
    await a.tick();
    // Down from 08:55 to 12:00 New York time; the meeting is tomorrow.
    clock.set("2026-11-30T17:00:00Z");
    const report = await scheduler("A2").tick();
    expect(report.downSince?.toISOString()).toBe("2026-11-30T13:55:00.000Z");
    expect(report.outcomes.map((o) => o.state)).toEqual(["late"]);
    const note = "posted late: the bot was down from Mon 30 Nov 2026 08:55 EST to Mon 30 Nov 2026 12:00 EST";
    expect(poster.messages[0]?.text).toContain(`(${note})`);
    expect(JSON.stringify(poster.messages[0]?.blocks)).toContain(note);
    expect(history(db, rituals[0] as RitualRecord)[0]).toMatchObject({
      state: "late",
      note,
      messageTs: poster.messages[0]?.ts,
    });
  });

  it("meeting passed: recorded missed, nothing posted, the facilitator told", async () => {
    const { db, clock, poster, notifier, scheduler, rituals } = setup();
    clock.set("2026-11-30T13:55:00Z");
    await scheduler("A").tick();
    clock.set("2026-12-01T16:30:00Z");
    const report = await scheduler("B").tick();
    expect(report.outcomes.map((o) => o.state)).toEqual(["missed"]);
    expect(poster.messages).toEqual([]);
    const [row] = history(db, rituals[0] as RitualRecord);
    expect(row?.state).toBe("missed");
    expect(row?.reason).toBe(
      "the meeting (Tue 1 Dec 2026 09:00 EST) had begun before the pre-read could be posted; the bot was down from Mon 30 Nov 2026 08:55 EST to Tue 1 Dec 2026 11:30 EST",
    );
    expect(notifier.sent).toHaveLength(1);
    expect(notifier.sent[0]).toMatchObject({ userId: FACILITATOR, channel: "C0REVIEW1" });
    expect(notifier.sent[0]?.text).toContain(
      "The pre-read for *Monthly review* (meeting Tue 1 Dec 2026 09:00 EST) was not posted and is recorded as missed",
    );
    // A later pass neither posts nor tells again.
    clock.advance(60_000);
    await scheduler("B").tick();
    expect(poster.messages).toEqual([]);
    expect(notifier.sent).toHaveLength(1);
  });

  it("a paused ritual posts nothing, and resuming does not make up what was due while paused", async () => {
    const { db, clock, poster, ctx, scheduler, rituals } = setup();
    pauseRitual({ ...ctx, now: new Date("2026-11-25T00:00:00Z") }, "Monthly review");
    clock.set("2026-11-30T14:00:30Z");
    await scheduler("A").tick();
    resumeRitual({ ...ctx, now: new Date("2026-11-30T15:00:00Z") }, "Monthly review");
    clock.set("2026-11-30T15:01:00Z");
    await scheduler("A").tick();
    expect(poster.messages).toEqual([]);
    expect(history(db, rituals[0] as RitualRecord)).toEqual([]);
  });

  it("if the facilitator cannot be told, the history says so", async () => {
    const { db, clock, notifier, scheduler, rituals } = setup();
    notifier.failWith = new Error("Slack: user_not_found");
    clock.set("2026-12-01T16:30:00Z");
    const log: string[] = [];
    const s = new RitualScheduler({ ...schedulerDeps(scheduler("X")), log: (l) => log.push(l) });
    await s.tick();
    expect(history(db, rituals[0] as RitualRecord)[0]?.reason).toMatch(
      /; the facilitator could not be told: Slack: user_not_found$/,
    );
    expect(log).toHaveLength(1);
  });
});

describe("telling the facilitator under Slack's rate limit", () => {
  it("waits out a 429's Retry-After and tells them once", async () => {
    const { db, clock, notifier, scheduler, rituals } = setup();
    notifier.failNext = [new PostError("rate_limited", "ratelimited", 7000)];
    clock.set("2026-12-01T16:30:00Z");
    await scheduler("A").tick();
    expect(notifier.sent).toHaveLength(1);
    expect(clock.sleeps).toContain(7000);
    expect(history(db, rituals[0] as RitualRecord)[0]?.reason).not.toMatch(/could not be told/);
  });

  it("does not send again after a 5xx, which may have delivered it, and says so", async () => {
    const { db, clock, notifier, scheduler, rituals } = setup();
    notifier.failNext = [new PostError("transient", "HTTP 503")];
    clock.set("2026-12-01T16:30:00Z");
    await new RitualScheduler({ ...schedulerDeps(scheduler("A")), log: () => {} }).tick();
    expect(notifier.sent).toEqual([]);
    expect(history(db, rituals[0] as RitualRecord)[0]?.reason).toMatch(
      /; the facilitator could not be told: Slack: HTTP 503$/,
    );
  });
});

/** The deps a scheduler was built with (to build a variant of it). */
function schedulerDeps(s: RitualScheduler): ConstructorParameters<typeof RitualScheduler>[0] {
  return (s as unknown as { deps: ConstructorParameters<typeof RitualScheduler>[0] }).deps;
}

describe("exactly once across processes", () => {
  it("two scheduler instances on one database post each pre-read once", async () => {
    const { open, clock, poster, scheduler } = setup([
      { name: "Review A" },
      { name: "Review B" },
      { name: "Review C", channel: "C0OTHER01" },
    ]);
    const a = scheduler("A", open());
    const b = scheduler("B", open());
    clock.set("2026-11-30T14:00:10Z");
    const [ra, rb] = await Promise.all([a.tick(), b.tick()]);
    expect(poster.messages).toHaveLength(3);
    expect(new Set(poster.messages.map((m) => m.key)).size).toBe(3);
    const posted = [...ra.outcomes, ...rb.outcomes].filter((o) => o.state === "posted");
    expect(posted).toHaveLength(3);
    await Promise.all([a.tick(), b.tick()]);
    expect(poster.messages).toHaveLength(3);
  });

  it("a process that died after claiming: its claim is taken over once the lease runs out, and posted once", async () => {
    const { db, clock, poster, scheduler, rituals } = setup();
    poster.nextPosts("hang");
    clock.set("2026-11-30T14:00:10Z");
    void scheduler("A").tick(); // A claims, then dies in the call
    await flush();
    expect(history(db, rituals[0] as RitualRecord)[0]).toMatchObject({ state: "claimed", leaseHolder: "A" });
    clock.set("2026-11-30T14:00:50Z");
    expect((await scheduler("B").tick()).outcomes).toEqual([]); // A's lease still runs
    clock.set("2026-11-30T14:01:20Z");
    const report = await scheduler("B").tick();
    expect(report.outcomes.map((o) => o.state)).toEqual(["posted"]);
    expect(poster.findCalls).toHaveLength(1); // it asked Slack first
    expect(poster.messages).toHaveLength(1);
    expect(history(db, rituals[0] as RitualRecord)[0]).toMatchObject({
      state: "posted",
      attempts: 2,
      leaseHolder: null,
    });
  });

  it("a process that died after Slack accepted the post: the taker-over finds it and does not post again", async () => {
    const { db, clock, poster, scheduler, rituals } = setup();
    poster.nextPosts("accept-then-hang");
    clock.set("2026-11-30T14:00:10Z");
    void scheduler("A").tick();
    await flush();
    expect(poster.messages).toHaveLength(1);
    clock.set("2026-11-30T14:02:00Z");
    const report = await scheduler("B").tick();
    expect(report.outcomes).toMatchObject([{ state: "posted", recovered: true, ts: poster.messages[0]?.ts }]);
    expect(poster.messages).toHaveLength(1);
    expect(poster.postCalls).toHaveLength(1);
    expect(history(db, rituals[0] as RitualRecord)[0]).toMatchObject({
      state: "posted",
      messageTs: poster.messages[0]?.ts,
    });
  });

  it("a ritual paused while its claim hung is cancelled by the taker-over, with the reason", async () => {
    const { db, clock, ctx, poster, scheduler, rituals } = setup();
    poster.nextPosts("hang");
    clock.set("2026-11-30T14:00:10Z");
    void scheduler("A").tick();
    await flush();
    pauseRitual({ ...ctx, now: clock.now() }, "Monthly review");
    clock.set("2026-11-30T14:02:00Z");
    await scheduler("B").tick();
    expect(history(db, rituals[0] as RitualRecord)[0]).toMatchObject({
      state: "cancelled",
      reason: "the ritual is paused",
    });
    expect(poster.messages).toEqual([]);
  });

  it("when Slack cannot be asked whether the earlier attempt posted, it is recorded failed rather than risk a second post", async () => {
    const { db, clock, poster, notifier, scheduler, rituals } = setup();
    poster.nextPosts("hang");
    clock.set("2026-11-30T14:00:10Z");
    void scheduler("A").tick();
    await flush();
    poster.findFailure = new PostError("permanent", "missing_scope");
    clock.set("2026-11-30T14:02:00Z");
    await scheduler("B").tick();
    expect(history(db, rituals[0] as RitualRecord)[0]).toMatchObject({
      state: "failed",
      reason: "could not check whether the earlier attempt posted: missing_scope",
    });
    expect(poster.postCalls).toHaveLength(1);
    expect(notifier.sent[0]?.text).toContain(
      "could not be posted: could not check whether the earlier attempt posted",
    );
  });
});

describe("Slack's limits and failures", () => {
  it("429 with Retry-After: waits as told, then posts once", async () => {
    const { db, clock, poster, scheduler, rituals } = setup();
    poster.nextPosts(new PostError("rate_limited", "ratelimited", 7000));
    clock.set("2026-11-30T14:00:10Z");
    const report = await scheduler("A").tick();
    expect(report.outcomes.map((o) => o.state)).toEqual(["posted"]);
    expect(poster.postCalls.map((c) => c.at.toISOString())).toEqual([
      "2026-11-30T14:00:10.000Z",
      "2026-11-30T14:00:17.000Z",
    ]);
    expect(poster.messages).toHaveLength(1);
    expect(history(db, rituals[0] as RitualRecord)[0]?.state).toBe("posted");
  });

  it("a 5xx storm: retried with backoff, checked for a landed post each time, then recorded failed and reported", async () => {
    const { db, clock, poster, notifier, scheduler, rituals } = setup();
    poster.nextPosts(
      ...Array.from({ length: 10 }, () => new PostError("transient", "internal_error (HTTP 500)")),
    );
    clock.set("2026-11-30T14:00:10Z");
    const report = await scheduler("A").tick();
    expect(report.outcomes.map((o) => o.state)).toEqual(["failed"]);
    expect(poster.postCalls).toHaveLength(5);
    expect(clock.sleeps.filter((ms) => ms >= 1000)).toEqual([1000, 2000, 4000, 8000]);
    expect(poster.findCalls).toHaveLength(4);
    expect(poster.messages).toEqual([]);
    expect(history(db, rituals[0] as RitualRecord)[0]).toMatchObject({
      state: "failed",
      reason: "Slack: internal_error (HTTP 500) after 5 attempts",
    });
    expect(notifier.sent).toHaveLength(1);
    expect(notifier.sent[0]?.text).toContain(
      "could not be posted: Slack: internal_error (HTTP 500) after 5 attempts",
    );
  });

  it("a transient failure whose post did land is not posted again", async () => {
    const { poster, clock, scheduler } = setup();
    // The call reached Slack and was posted, but the answer was lost (timeout).
    const lost = new PostError("transient", "request timed out");
    const original = poster.post.bind(poster);
    poster.post = async (channel, message, metadata) => {
      await original(channel, message, metadata);
      throw lost;
    };
    clock.set("2026-11-30T14:00:10Z");
    const report = await scheduler("A").tick();
    expect(report.outcomes).toMatchObject([{ state: "posted", recovered: true }]);
    expect(poster.messages).toHaveLength(1);
  });

  it("a permanent error is not retried: failed with Slack's error, the facilitator told", async () => {
    const { db, clock, poster, notifier, scheduler, rituals } = setup();
    poster.nextPosts(new PostError("permanent", "not_in_channel"));
    clock.set("2026-11-30T14:00:10Z");
    await scheduler("A").tick();
    expect(poster.postCalls).toHaveLength(1);
    expect(history(db, rituals[0] as RitualRecord)[0]).toMatchObject({
      state: "failed",
      reason: "Slack: not_in_channel",
    });
    expect(notifier.sent[0]?.userId).toBe(FACILITATOR);
  });

  it("posts in one channel go out a second apart; other channels are not held up", async () => {
    const { clock, poster, scheduler } = setup([
      { name: "R1" },
      { name: "R2" },
      { name: "R3" },
      { name: "Other", channel: "C0OTHER01" },
    ]);
    clock.set("2026-11-30T14:00:10Z");
    await scheduler("A").tick();
    const times = (channel: string) =>
      poster.postCalls.filter((c) => c.channel === channel).map((c) => c.at.getTime());
    const review = times("C0REVIEW1");
    expect(review).toHaveLength(3);
    for (let i = 1; i < review.length; i++)
      expect((review[i] as number) - (review[i - 1] as number)).toBeGreaterThanOrEqual(1000);
    expect(times("C0OTHER01")[0]).toBe(Date.parse("2026-11-30T14:00:10Z"));
    expect(poster.messages).toHaveLength(4);
  });
});

describe("the timer", () => {
  it("start runs a pass at once; stop waits for the posts under way", async () => {
    const { clock, poster, scheduler } = setup();
    clock.set("2026-11-30T14:00:10Z");
    const s = scheduler("A");
    s.start();
    await s.stop();
    expect(poster.messages).toHaveLength(1);
  });
});
