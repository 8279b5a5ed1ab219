import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, "../..");
// Every run gets a database path of its own that no command here creates (help never opens it).
const scratch = mkdtempSync(join(tmpdir(), "rituals-entry-"));
const env = { ...process.env, DATABASE_PATH: join(scratch, "never-created.db") };

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function rituals(how: "npx" | "npm run", args: string[]) {
  const [cmd, argv] =
    how === "npx" ? ["npx", ["rituals", ...args]] : ["npm", ["run", "-s", "rituals", "--", ...args]];
  return run(cmd as string, argv as string[], { cwd: ROOT, env });
}

describe("the command line, run as the README says", () => {
  it("`npx rituals --help` and `npm run rituals -- --help` print the same list of commands", async () => {
    const [viaNpx, viaNpm] = await Promise.all([rituals("npx", ["--help"]), rituals("npm run", ["--help"])]);
    expect(viaNpx.stdout).toMatch(/^usage: rituals <command>/);
    expect(viaNpm.stdout).toBe(viaNpx.stdout);
  });

  it("every listed command answers --help with its own usage, both ways", async () => {
    const { stdout } = await rituals("npx", ["--help"]);
    const names = [...stdout.matchAll(/^ {2}(\S+) {2,}/gm)].map((m) => m[1] as string);
    expect(names).toEqual(
      expect.arrayContaining(["import", "sample", "refresh", "analyze", "link", "backup"]),
    );
    // Two at a time: each is a whole Node process, and CI machines have two cores.
    for (const name of names) {
      const replies = await Promise.all([
        rituals("npx", [name, "--help"]),
        rituals("npm run", [name, "--help"]),
      ]);
      for (const reply of replies) expect(reply.stdout).toMatch(new RegExp(`^usage: rituals ${name}\\b`));
    }
  }, 180_000);
});
