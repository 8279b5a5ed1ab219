import { describe, expect, it } from "vitest";
import { main } from "../../src/cli";
import {
  DAILY_REFRESH_SUBJECT,
  RefreshSchedule,
  refreshRunOutcome,
  refreshScheduleStatus,
} from "../../src/rituals/refresh-schedule";
import type { Db } from "../../src/store/db";
import {
  claimOccurrence,
  findOccurrence,
  insertOccurrence,
  listClaimable,
  listOccurrences,
  setResult,
} from "../../src/store/occurrences-repository";
import { findSchedule } from "../../src/store/schedules-repository";
import { ManualClock, ritualsDb } from "../rituals/helpers";

const ZONE = "America/New_York";

/** A refresh that records each call and answers with the next exit code (0 when none are left). */
function fakeRefresh(codes: number[] = []) {
  const calls: string[] = [];
  return {
    calls,
    run: (clock: ManualClock) => async () => {
      calls.push(clock.now().toISOString());
      await new Promise((resolve) => setImmediate(resolve));
      return codes.shift() ?? 0;
    },
  };
}

function schedule(db: Db, clock: ManualClock, run: () => Promise<number>, holder = "app-1") {
  return new RefreshSchedule({ db, clock, timeZone: ZONE, holder, run, leaseMs: 60_000 });
}

const runs = (db: Db) =>
  listOccurrences(db, DAILY_REFRESH_SUBJECT)
    .map((o) => ({ dueAt: o.dueAt, outcome: refreshRunOutcome(o), exitCode: o.result?.exitCode ?? null }))
    .reverse();

describe("the daily refresh as a persisted schedule", () => {
  it("is stored as an RRULE and runs at 06:00 New York time on each side of the spring DST change", async () => {
    const { db } = ritualsDb();
    // Friday 2026-03-06 07:00 EST; clocks go forward on Sunday 2026-03-08
    const clock = new ManualClock("2026-03-06T12:00:00Z");
    const refresh = fakeRefresh();
    const daily = schedule(db, clock, refresh.run(clock));
    await daily.tick();
    expect(findSchedule(db, "daily-refresh")).toMatchObject({
      rrule: "FREQ=DAILY;BYHOUR=6;BYMINUTE=0",
      dtstart: "2026-03-06T06:00",
      timeZone: ZONE,
    });
    // today's 06:00 came before the schedule was stored: not made up
    expect(refresh.calls).toEqual([]);
    for (let i = 0; i < 4 * 24; i++) {
      clock.advance(3_600_000);
      await daily.tick();
    }
    // 06:00 EST is 11:00 UTC; 06:00 EDT is 10:00 UTC
    expect(refresh.calls).toEqual([
      "2026-03-07T11:00:00.000Z",
      "2026-03-08T10:00:00.000Z",
      "2026-03-09T10:00:00.000Z",
      "2026-03-10T10:00:00.000Z",
    ]);
    expect(runs(db).map((r) => r.outcome)).toEqual(["ok", "ok", "ok", "ok"]);
    const status = refreshScheduleStatus(db, findSchedule(db, "daily-refresh"), ZONE, clock.now());
    expect(`${status.words} (${status.zone})`).toBe("every day at 06:00 (America/New_York)");
    expect(status.next?.toISOString()).toBe("2026-03-11T10:00:00.000Z");
    expect(status.last?.dueAt).toBe("2026-03-10T10:00:00.000Z");
  });

  it("is next due at 06:00 EST the morning after the fall change", () => {
    const { db } = ritualsDb();
    // Sunday 2026-11-01 07:00 EST, an hour after the clocks went back
    const status = refreshScheduleStatus(db, null, ZONE, new Date("2026-11-01T12:00:00Z"));
    expect(status.next?.toISOString()).toBe("2026-11-02T11:00:00.000Z");
    expect(status.last).toBeNull();
  });

  it("refreshes once when two app processes share the database", async () => {
    const { db, open } = ritualsDb();
    const clock = new ManualClock("2026-05-04T09:00:00Z");
    const refresh = fakeRefresh();
    const a = schedule(db, clock, refresh.run(clock), "app-a");
    const b = schedule(open(), clock, refresh.run(clock), "app-b");
    await Promise.all([a.tick(), b.tick()]);
    clock.set("2026-05-05T10:00:30Z");
    const [fromA, fromB] = await Promise.all([a.tick(), b.tick()]);
    expect(refresh.calls).toEqual(["2026-05-05T10:00:30.000Z"]);
    expect([...(fromA ?? []), ...(fromB ?? [])].map((r) => r.outcome)).toEqual(["ok"]);
    expect(runs(db)).toEqual([{ dueAt: "2026-05-05T10:00:00.000Z", outcome: "ok", exitCode: 0 }]);
  });

  /** What a process does before it runs the refresh: write the due row, claim it, note the refresh before. */
  function claimAsDeadProcess(db: Db, at: Date) {
    const key = `daily-refresh:${at.toISOString()}`;
    insertOccurrence(
      db,
      {
        key,
        kind: "daily-refresh",
        subject: DAILY_REFRESH_SUBJECT,
        channelId: "",
        dueAt: at,
        deadlineAt: null,
        note: null,
        payload: { scheduledAt: at.toISOString(), attempt: 1 },
      },
      at,
    );
    const id = findOccurrence(db, key)?.id ?? 0;
    expect(claimOccurrence(db, id, "app-a", at, new Date(at.getTime() + 60_000))).not.toBeNull();
    setResult(db, id, "app-a", { startedAt: at.toISOString(), refreshBefore: null });
  }

  it("takes over a run whose process died after claiming it, within two minutes, and runs it once", async () => {
    const { db } = ritualsDb();
    const clock = new ManualClock("2026-05-04T09:00:00Z");
    const refresh = fakeRefresh();
    const survivor = schedule(db, clock, refresh.run(clock), "app-b");
    await survivor.tick();
    clock.set("2026-05-05T10:00:00Z");
    claimAsDeadProcess(db, clock.now());
    clock.advance(30_000);
    expect(await survivor.tick()).toEqual([]);
    clock.advance(31_000);
    const taken = await survivor.tick();
    for (let i = 0; i < 3; i++) {
      clock.advance(60_000);
      await survivor.tick();
    }
    expect(taken.map((r) => r.outcome)).toEqual(["ok"]);
    expect(refresh.calls).toEqual(["2026-05-05T10:01:01.000Z"]);
    expect(runs(db)).toEqual([{ dueAt: "2026-05-05T10:00:00.000Z", outcome: "ok", exitCode: 0 }]);
  });

  it("does not refresh again when the dead process's refresh was stored before it died", async () => {
    const { db } = ritualsDb();
    const clock = new ManualClock("2026-05-04T09:00:00Z");
    const refresh = fakeRefresh();
    const survivor = schedule(db, clock, refresh.run(clock), "app-b");
    await survivor.tick();
    clock.set("2026-05-05T10:00:00Z");
    claimAsDeadProcess(db, clock.now());
    db.prepare(
      `INSERT INTO refresh_runs (as_of, started_at, finished_at, outcome)
       VALUES ('2026-05-05T10:00:00.000Z', '2026-05-05T10:00:01.000Z', '2026-05-05T10:00:20.000Z', 'ok')`,
    ).run();
    clock.advance(61_000);
    await survivor.tick();
    expect(refresh.calls).toEqual([]);
    const [row] = listOccurrences(db, DAILY_REFRESH_SUBJECT);
    expect(row && refreshRunOutcome(row)).toBe("ok");
    expect(row?.reason).toBe("run by app-a, whose lease ran out before it recorded the outcome");
    expect(row?.result).toMatchObject({ exitCode: 0, refreshId: 1, rows: 0 });
  });

  it("catches up a run missed while the app was down, once", async () => {
    const { db } = ritualsDb();
    const clock = new ManualClock("2026-05-04T14:00:00Z");
    const refresh = fakeRefresh();
    const daily = schedule(db, clock, refresh.run(clock));
    await daily.tick();
    // down from Monday afternoon until Thursday 09:00 New York time
    clock.set("2026-05-07T13:00:00Z");
    const caught = await daily.tick();
    clock.advance(60_000);
    await daily.tick();
    expect(caught.map((r) => r.outcome)).toEqual(["ok"]);
    expect(refresh.calls).toEqual(["2026-05-07T13:00:00.000Z"]);
    expect(runs(db)).toEqual([{ dueAt: "2026-05-07T10:00:00.000Z", outcome: "ok", exitCode: 0 }]);
  });
});

describe("a run after start-up already refreshed", () => {
  it("is recorded skipped with that refresh, and the refresh is not run again", async () => {
    const { db } = ritualsDb();
    const clock = new ManualClock("2026-05-04T14:00:00Z");
    const refresh = fakeRefresh();
    const daily = schedule(db, clock, refresh.run(clock));
    await daily.tick();
    // back after downtime: start-up refreshed at 09:05 New York time, before the first pass
    db.prepare(
      `INSERT INTO refresh_runs (as_of, started_at, finished_at, outcome)
       VALUES ('2026-05-07T13:05:00.000Z', '2026-05-07T13:05:00.000Z', '2026-05-07T13:05:09.000Z', 'ok')`,
    ).run();
    clock.set("2026-05-07T13:06:00Z");
    await daily.tick();
    expect(refresh.calls).toEqual([]);
    const [row] = listOccurrences(db, DAILY_REFRESH_SUBJECT);
    expect(row && refreshRunOutcome(row)).toBe("skipped");
    expect(row?.reason).toBe(
      "the analyses were refreshed after it fell due (refresh #1 at 2026-05-07T13:05:09.000Z)",
    );
  });
});

describe("a run that fails", () => {
  it("is recorded with its exit code and retried 15 minutes later", async () => {
    const { db } = ritualsDb();
    const clock = new ManualClock("2026-05-04T09:00:00Z");
    const refresh = fakeRefresh([3]);
    const daily = schedule(db, clock, refresh.run(clock));
    await daily.tick();
    clock.set("2026-05-05T10:00:00Z");
    await daily.tick();
    const failed = listOccurrences(db, DAILY_REFRESH_SUBJECT).find(
      (o) => o.dueAt === "2026-05-05T10:00:00.000Z",
    );
    expect(failed?.state).toBe("failed");
    expect(failed?.reason).toBe(
      "rituals refresh exited with code 3; attempt 1 of 3, retried at Tue 5 May 2026 06:15 EDT",
    );
    clock.advance(14 * 60_000);
    await daily.tick();
    expect(refresh.calls).toHaveLength(1);
    clock.advance(60_000);
    await daily.tick();
    expect(refresh.calls).toEqual(["2026-05-05T10:00:00.000Z", "2026-05-05T10:15:00.000Z"]);
    expect(runs(db)).toEqual([
      { dueAt: "2026-05-05T10:00:00.000Z", outcome: "failed", exitCode: 3 },
      { dueAt: "2026-05-05T10:15:00.000Z", outcome: "ok", exitCode: 0 },
    ]);
  });

  it("is tried at most three times a day", async () => {
    const { db } = ritualsDb();
    const clock = new ManualClock("2026-05-04T09:00:00Z");
    const refresh = fakeRefresh([1, 1, 1, 1]);
    const daily = schedule(db, clock, refresh.run(clock));
    await daily.tick();
    clock.set("2026-05-05T10:00:00Z");
    for (let i = 0; i < 8; i++) {
      await daily.tick();
      clock.advance(15 * 60_000);
    }
    expect(runs(db).map((r) => `${r.outcome} ${r.exitCode}`)).toEqual(["failed 1", "failed 1", "failed 1"]);
    expect(listOccurrences(db, DAILY_REFRESH_SUBJECT)[0]?.reason).toMatch(
      /attempt 3 of 3, the next try is the next scheduled run$/,
    );
    expect(listClaimable(db, "daily-refresh", clock.now())).toEqual([]);
  });
});

describe("rituals refresh history", () => {
  async function cli(file: string, args: string[], now: string) {
    const out: string[] = [];
    const code = await main(args, {
      out: (l) => out.push(l),
      err: (l) => out.push(l),
      now: () => new Date(now),
      env: { DATABASE_PATH: file, WORKSPACE_TIMEZONE: ZONE },
    });
    return { code, out: out.join("\n") };
  }

  it("shows the schedule, the next run and each run with its outcome and exit code", async () => {
    const { db, file } = ritualsDb();
    const clock = new ManualClock("2026-05-04T09:00:00Z");
    const daily = schedule(db, clock, fakeRefresh([2]).run(clock));
    await daily.tick();
    clock.set("2026-05-05T10:00:00Z");
    await daily.tick();
    clock.set("2026-05-05T10:15:00Z");
    await daily.tick();
    const text = await cli(file, ["refresh", "history"], "2026-05-05T12:00:00Z");
    expect(text.code).toBe(0);
    expect(text.out.split("\n")).toEqual([
      "Daily refresh: every day at 06:00 (America/New_York); next Wed 6 May 2026 06:00 EDT",
      "Tue 5 May 2026 06:15 EDT  ok       exit 0  started Tue 5 May 2026 06:15 EDT, finished Tue 5 May 2026 06:15 EDT",
      "Tue 5 May 2026 06:00 EDT  failed   exit 2  started Tue 5 May 2026 06:00 EDT, finished Tue 5 May 2026 06:00 EDT  rituals refresh exited with code 2; attempt 1 of 3, retried at Tue 5 May 2026 06:15 EDT",
    ]);
    const json = await cli(file, ["refresh", "history", "--json"], "2026-05-05T12:00:00Z");
    const parsed = JSON.parse(json.out) as {
      next: string;
      runs: { outcome: string; exitCode: number; attempt: number }[];
    };
    expect(parsed.next).toBe("2026-05-06T10:00:00.000Z");
    expect(parsed.runs.map((r) => [r.outcome, r.exitCode, r.attempt])).toEqual([
      ["ok", 0, 2],
      ["failed", 2, 1],
    ]);
  });
});
