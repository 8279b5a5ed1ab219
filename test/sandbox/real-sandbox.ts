/**
 * The sandbox as `npm start` runs it — the real app behind the page, signed requests between
 * them — over the sample company loaded and refreshed as npm start loads it, on a clock set to
 * 2 December 2026, 09:00 UTC (November closed, so the pre-read has its month-close charts).
 */
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { type Config, configSchema } from "../../src/config";
import { refresh } from "../../src/refresh/refresh";
import { SandboxClock } from "../../src/sandbox/clock";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/start";
import { ensureSampleData } from "../../src/startup/ensure-sample-data";
import { type Db, openDatabase } from "../../src/store/db";

export const SANDBOX_START = Date.UTC(2026, 11, 2, 9);

export interface RealSandbox extends RunningSandbox {
  db: Db;
  config: Config;
  url: string;
  close: () => Promise<void>;
}

export async function startRealSandbox(): Promise<RealSandbox> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rituals-sandbox-"));
  const config = configSchema.parse({
    DATABASE_PATH: path.join(dir, "rituals.db"),
    WORKSPACE_TIMEZONE: "UTC",
    LOG_LEVEL: "warn",
  });
  const db = openDatabase(config.DATABASE_PATH);
  const now = new Date(SANDBOX_START);
  await ensureSampleData(db, config, now, { deals: 4000 });
  refresh(db, { config, now: () => now });
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  // runs on from the start (the rituals' pacing between posts waits for the clock to move), and
  // jumps when the page asks
  const startedAt = Date.now();
  const clock = new SandboxClock(() => SANDBOX_START + (Date.now() - startedAt));
  const sandbox = await startSandbox(db, config, server, clock);
  return {
    ...sandbox,
    db,
    config,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await sandbox.stop();
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
