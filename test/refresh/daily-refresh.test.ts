import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { refreshInChildProcess, scheduleDailyRefresh } from "../../src/refresh/daily-refresh";
import { latestRefresh } from "../../src/store/analyses-repository";
import { openDatabase } from "../../src/store/db";

const jobs: { cancel: () => void }[] = [];
afterEach(() => {
  for (const job of jobs.splice(0)) job.cancel();
});

describe("daily refresh", () => {
  it("is due next at 06:00 in the workspace time zone", () => {
    const job = scheduleDailyRefresh(
      { DATABASE_PATH: ":memory:", WORKSPACE_TIMEZONE: "Asia/Tokyo" },
      () => {},
    );
    jobs.push(job);
    const invocation = job.nextInvocation();
    expect(invocation).not.toBeNull();
    const next = new Date(invocation?.getTime() ?? 0);
    // 06:00 in Tokyo (UTC+9, no daylight saving) is 21:00 UTC.
    expect(next.getUTCHours()).toBe(21);
    expect(next.getUTCMinutes()).toBe(0);
    expect(next.getTime()).toBeGreaterThan(Date.now());
    expect(next.getTime() - Date.now()).toBeLessThanOrEqual(24 * 3600 * 1000);
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
