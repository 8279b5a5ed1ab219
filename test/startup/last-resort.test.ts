import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const CHILD = path.resolve("test/startup/fixtures/last-resort-child.ts");

describe("the last-resort handlers", () => {
  it("report an unhandled rejection in one redacted line and keep the process; stop it on an exception", async () => {
    const result = await run(process.execPath, ["--import", "tsx", CHILD]).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => e,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("still serving\n");
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^Revenue Rituals: an unhandled failure, still serving: Error: users\.info failed: Authorization: Bearer \[redacted\] \(\[redacted\]\) \(at .*last-resort-child\.ts:\d+:\d+\)+$/,
    );
    expect(lines[1]).toMatch(
      /^Revenue Rituals stopped on an unexpected error: TypeError: Cannot read properties of null \(reading 'ssl_check'\) token=xoxb-\[redacted\] \(at /,
    );
    expect(result.stderr).not.toMatch(/xoxb-child|child-signing-secret/);
  });
});
