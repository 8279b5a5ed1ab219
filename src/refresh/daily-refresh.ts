import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Config } from "../config";

/** From source, `bin/rituals.js`; from the build, the built command line beside this bundle (the same build). */
const CLI = import.meta.url.endsWith(".ts")
  ? path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../bin/rituals.js")
  : path.resolve(path.dirname(fileURLToPath(import.meta.url)), "cli.js");

/**
 * Runs `rituals refresh` in a child process, so a long refresh never blocks the event loop that
 * must acknowledge Slack within three seconds. Resolves with the exit code; the child's output
 * goes to `log` line by line.
 */
export function refreshInChildProcess(
  config: Pick<Config, "DATABASE_PATH">,
  log: (line: string) => void,
): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, "refresh"], {
      env: { ...process.env, DATABASE_PATH: config.DATABASE_PATH },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const forward = (chunk: Buffer) => {
      for (const line of chunk.toString("utf8").split("\n")) if (line.trim()) log(`refresh: ${line}`);
    };
    child.stdout.on("data", forward);
    child.stderr.on("data", forward);
    child.on("error", (error) => {
      log(`refresh: could not start (${error.message})`);
      resolve(1);
    });
    child.on("close", (code) => resolve(code ?? 1));
  });
}
