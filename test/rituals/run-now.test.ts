import { describe, expect, it } from "vitest";
import { createRitual, type RitualContext } from "../../src/rituals/definitions";
import { manualPreReadKey, RitualScheduler, ritualSubject } from "../../src/rituals/scheduler";
import { listOccurrences } from "../../src/store/occurrences-repository";
import { FakeNotifier, FakePoster } from "./fakes";
import { ManualClock, ritualsDb } from "./helpers";

// Created 20 Nov 2026; the next meeting is Tue 1 Dec 09:00 New York (14:00Z).
const CREATED = "2026-11-20T12:00:00Z";

function setup() {
  const { db } = ritualsDb();
  const clock = new ManualClock(CREATED);
  const ctx: RitualContext = {
    db,
    now: clock.now(),
    actor: { operator: "test" },
    adminIds: new Set(),
    fiscalYearStartMonth: 1,
  };
  const ritual = createRitual(ctx, {
    name: "Monthly review",
    kind: "monthly-review",
    channel: "C0REVIEW1",
    schedule: "first Tuesday of the month at 09:00",
    zone: "America/New_York",
    facilitator: "UFACIL01",
  });
  const poster = new FakePoster(clock);
  const scheduler = new RitualScheduler({ db, clock, poster, notifier: new FakeNotifier(), holder: "p1" });
  return { db, clock, ritual, poster, scheduler };
}

describe("running a pre-read now", () => {
  it("posts once into the ritual's channel, recorded as a manual occurrence for the next meeting", async () => {
    const { db, clock, ritual, poster, scheduler } = setup();
    const outcome = await scheduler.runNow(ritual.id, "UADMIN01", clock.now());
    expect(outcome.state).toBe("posted");
    expect(poster.messages).toHaveLength(1);
    expect(poster.messages[0]?.channel).toBe("C0REVIEW1");
    expect(poster.messages[0]?.key).toBe(manualPreReadKey(ritual.id, new Date(CREATED)));
    const [row] = listOccurrences(db, ritualSubject(ritual.id));
    expect(row?.state).toBe("posted");
    expect(row?.messageTs).toBe(poster.messages[0]?.ts);
    expect(row?.payload).toMatchObject({
      manual: true,
      requestedBy: "UADMIN01",
      meetingAt: "2026-12-01T14:00:00.000Z",
    });
    // the scheduler's next pass does not post it again
    await scheduler.tick();
    expect(poster.messages).toHaveLength(1);
  });

  it("two runs a minute apart are two posts; the scheduled pre-read is still its own", async () => {
    const { clock, ritual, poster, scheduler } = setup();
    await scheduler.runNow(ritual.id, "UADMIN01", clock.now());
    clock.advance(60_000);
    await scheduler.runNow(ritual.id, "UADMIN01", clock.now());
    clock.set("2026-11-30T14:00:00Z");
    await scheduler.tick();
    expect(poster.messages.map((m) => m.key)).toEqual([
      manualPreReadKey(ritual.id, new Date(CREATED)),
      manualPreReadKey(ritual.id, new Date(Date.parse(CREATED) + 60_000)),
      `pre-read:ritual/${ritual.id}:2026-12-01T14:00:00.000Z`,
    ]);
  });

  it("preview builds what would be posted and posts nothing; an unknown ritual is a clear error", async () => {
    const { clock, ritual, poster, scheduler } = setup();
    const preview = await scheduler.preview(ritual.id, clock.now());
    expect(preview.text).toContain("Monthly review: pre-read");
    expect(poster.messages).toHaveLength(0);
    await expect(scheduler.runNow(9999, "UADMIN01", clock.now())).rejects.toThrow(/no ritual with id 9999/);
  });
});
