import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT, sourceFingerprint, sourceHash, staleReason } from "../../scripts/build.mjs";

const run = promisify(execFile);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rituals-build-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A project tree with a build of its sources in dist/. */
function project(): { root: string; dist: string } {
  const root = fs.mkdtempSync(path.join(dir, "project-"));
  fs.mkdirSync(path.join(root, "src"));
  fs.writeFileSync(path.join(root, "src", "main.ts"), "export const a = 1;\n");
  fs.writeFileSync(path.join(root, "package.json"), "{}\n");
  const dist = path.join(root, "dist");
  fs.mkdirSync(path.join(dist, "app"), { recursive: true });
  for (const name of [
    "main",
    "cli",
    "parse-worker",
    "range-reader-worker",
    "history-columns-worker",
    "payload-check-worker",
  ])
    fs.writeFileSync(path.join(dist, "app", `${name}.js`), "");
  const info = { sourceHash: sourceHash(root), fingerprint: sourceFingerprint(root) };
  fs.writeFileSync(path.join(dist, "build-info.json"), JSON.stringify(info));
  return { root, dist };
}

describe("a stale build is never run", () => {
  it("is current until a source changes, however often files are touched", () => {
    const { root, dist } = project();
    expect(staleReason(root, dist)).toBeNull();
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(root, "src", "main.ts"), later, later);
    expect(staleReason(root, dist)).toBeNull();
    fs.writeFileSync(path.join(root, "src", "main.ts"), "export const a = 2;\n");
    expect(staleReason(root, dist)).toBe("the sources changed since the last build");
  });

  it("counts a new source file and a changed package.json as changes", () => {
    const added = project();
    fs.writeFileSync(path.join(added.root, "src", "extra.ts"), "export {};\n");
    expect(staleReason(added.root, added.dist)).toBe("the sources changed since the last build");
    const pkg = project();
    fs.writeFileSync(path.join(pkg.root, "package.json"), '{ "name": "x" }\n');
    expect(staleReason(pkg.root, pkg.dist)).toBe("the sources changed since the last build");
  });

  it("says what is missing: no build, or an entry point gone", () => {
    const { root, dist } = project();
    fs.rmSync(path.join(dist, "app", "cli.js"));
    expect(staleReason(root, dist)).toBe("dist/app/cli.js is missing");
    fs.rmSync(dist, { recursive: true });
    expect(staleReason(root, dist)).toBe("no build yet");
  });

  it("`npx rituals` runs the build of the current sources", async () => {
    const { stdout } = await run("node", [path.join(ROOT, "bin", "rituals.js"), "--help"], { cwd: ROOT });
    expect(stdout).toMatch(/^usage: rituals <command>/);
    expect(staleReason()).toBeNull();
    const info = JSON.parse(fs.readFileSync(path.join(ROOT, "dist", "build-info.json"), "utf8"));
    expect(info.sourceHash).toBe(sourceHash());
  }, 60_000);
});
