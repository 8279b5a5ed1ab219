import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { refreshInChildProcess } from "../../src/refresh/daily-refresh";
import { refreshScheduleStatus, startDailyRefresh } from "../../src/rituals/refresh-schedule";
import { latestRefresh } from "../../src/store/analyses-repository";
import { openDatabase } from "../../src/store/db";
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

  it("runs `rituals refresh` in a child process and stores a refresh", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rituals-daily-"));
    try {
      const file = path.join(dir, "rituals.db");
      openDatabase(file).close();
      const lines: string[] = [];
      const code = await refreshInChildProcess({ DATABASE_PATH: file }, (line) => lines.push(line));
      expect(code).toBe(0);
      expect(lines.some((l) => /^refresh: refresh #1: 9 analyses/.test(l))).toBe(true);
      const db = openDatabase(file);
      expect(latestRefresh(db)?.id).toBe(1);
      db.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
