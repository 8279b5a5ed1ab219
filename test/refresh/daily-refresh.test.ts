import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { refreshInChildProcess } from "../../src/refresh/daily-refresh";
import {
  DAILY_REFRESH_SUBJECT,
  RefreshSchedule,
  refreshScheduleStatus,
  startDailyRefresh,
} from "../../src/rituals/refresh-schedule";
import { latestRefresh } from "../../src/store/analyses-repository";
import { openDatabase } from "../../src/store/db";
import { listOccurrences } from "../../src/store/occurrences-repository";
import { findSchedule } from "../../src/store/schedules-repository";
import { ManualClock } from "../rituals/helpers";

describe("daily refresh", () => {
  it("stores its schedule at 06:00 in the workspace time zone when started", async () => {
    const db = openDatabase(":memory:");
    try {
      // 2026-05-04 12:00 in Tokyo (UTC+9, no daylight saving)
      const clock = new ManualClock("2026-05-04T03:00:00Z");
      const daily = startDailyRefresh(
        db,
        "Asia/Tokyo",
        async () => 0,
        () => {},
        clock,
      );
      await daily.stop();
      const status = refreshScheduleStatus(db, findSchedule(db, "daily-refresh"), "UTC", clock.now());
      expect(`${status.words} (${status.zone})`).toBe("every day at 06:00 (Asia/Tokyo)");
      // 06:00 in Tokyo is 21:00 UTC the day before
      expect(status.next?.toISOString()).toBe("2026-05-04T21:00:00.000Z");
      expect(status.last).toBeNull();
    } finally {
      db.close();
    }
  });

  it("runs `rituals refresh` in a child process when due, and records the refresh it stored", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rituals-daily-"));
    const db = openDatabase(path.join(dir, "rituals.db"));
    try {
      const file = db.name;
      const lines: string[] = [];
      const clock = new ManualClock("2026-05-04T09:00:00Z");
      const daily = new RefreshSchedule({
        db,
        clock,
        timeZone: "UTC",
        holder: "app-1",
        run: () => refreshInChildProcess({ DATABASE_PATH: file }, (line) => lines.push(line)),
      });
      await daily.tick();
      clock.set("2026-05-05T06:00:10Z");
      const [report] = await daily.tick();
      expect(report).toEqual({ key: "daily-refresh:2026-05-05T06:00:00.000Z", outcome: "ok", exitCode: 0 });
      expect(lines.some((l) => /^refresh: refresh #1: 9 analyses/.test(l))).toBe(true);
      expect(latestRefresh(db)?.id).toBe(1);
      const [run] = listOccurrences(db, DAILY_REFRESH_SUBJECT);
      const stored = db.prepare("SELECT COUNT(*) FROM analyses WHERE refresh_id = 1").pluck().get();
      expect(run?.result).toMatchObject({ exitCode: 0, refreshId: 1, rows: stored, refreshBefore: null });
      expect(stored).toBeGreaterThanOrEqual(9);
    } finally {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
