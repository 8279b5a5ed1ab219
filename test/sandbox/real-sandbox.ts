/**
 * The sandbox as `npm start` runs it — the real app behind the page, signed requests between
 * them — over a stored sample, on a clock standing at the sample's morning after.
 */
import http from "node:http";
import { type Config, configSchema } from "../../src/config";
import { SandboxClock } from "../../src/sandbox/clock";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/start";
import { type StoredSample, storedSample } from "../slack/stored-sample";

export interface RealSandbox extends RunningSandbox {
  sample: StoredSample;
  config: Config;
  url: string;
  close: () => Promise<void>;
}

export async function startRealSandbox(): Promise<RealSandbox> {
  // as npm start's sample: managers are names on their reps' rows
  const sample = await storedSample({ managersAsReps: false });
  const config = configSchema.parse({
    DATABASE_PATH: sample.file,
    WORKSPACE_TIMEZONE: "UTC",
    LOG_LEVEL: "warn",
  });
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  // the morning after the sample's analyses, standing still unless the page jumps it
  const at = sample.asOf.getTime() + 9 * 3600_000;
  const sandbox = await startSandbox(sample.db, config, server, new SandboxClock(() => at));
  return {
    ...sandbox,
    sample,
    config,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await sandbox.stop();
      sample.close();
    },
  };
}
