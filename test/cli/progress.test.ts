import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli";
import {
  isCi,
  type ProgressTarget,
  progressLine,
  progressText,
  stderrProgress,
} from "../../src/cli/progress";

const CLEAR = "\r\u001b[K";

/** A terminal that keeps what was drawn on it. */
function terminal(isTTY = true, columns?: number): ProgressTarget & { drawn: string[] } {
  const drawn: string[] = [];
  return { isTTY, columns, drawn, write: (text) => drawn.push(text) };
}

/** A clock the test moves by hand. */
function clock(start = Date.parse("2026-12-02T09:00:00Z")) {
  let now = start;
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

describe("the progress line's text", () => {
  it("says what is done, the rate and the time left", () => {
    expect(
      progressText(
        "import opportunities",
        { done: 40_960, unit: "rows", fraction: 0.4, note: "opps.csv" },
        2000,
      ),
    ).toBe("import opportunities: 40,960 rows (40%) · opps.csv · 20,480 rows/s · about 3 s left");
    expect(progressText("refresh", { done: 3, total: 11, unit: "steps", note: "pipeline" }, 6000)).toBe(
      "refresh: 3 of 11 steps · pipeline · 0.5 steps/s · about 16 s left",
    );
    expect(progressText("sample", { done: 100_000, total: 1_000_000, unit: "deals" }, 10_000)).toBe(
      "sample: 100,000 of 1,000,000 deals · 10,000 deals/s · about 1 min 30 s left",
    );
    // nothing done yet: no rate, no guess
    expect(
      progressText("refresh", { done: 0, total: 11, unit: "steps", note: "loading the CRM data" }, 0),
    ).toBe("refresh: 0 of 11 steps · loading the CRM data");
  });
});

describe("the progress line on a terminal", () => {
  it("is redrawn in place, at most every 100 ms, always at the end, and cleared before the summary", () => {
    const tty = terminal();
    const time = clock();
    const line = progressLine({ progress: tty, now: time.now }, "deck");
    line.update({ done: 0, total: 4, unit: "steps" });
    time.advance(50);
    line.update({ done: 1, total: 4, unit: "steps" }); // too soon: skipped
    time.advance(100);
    line.update({ done: 2, total: 4, unit: "steps" });
    time.advance(10);
    line.update({ done: 4, total: 4, unit: "steps" }); // the last is always drawn
    line.done();
    expect(tty.drawn).toEqual([
      `${CLEAR}deck: 0 of 4 steps`,
      `${CLEAR}deck: 2 of 4 steps · 13 steps/s · under 1 s left`,
      `${CLEAR}deck: 4 of 4 steps · 25 steps/s`,
      CLEAR,
    ]);
  });

  it("is cut to the terminal's width, so it never wraps", () => {
    const tty = terminal(true, 30);
    const line = progressLine({ progress: tty, now: clock().now }, "import opportunities");
    line.update({ done: 4096, unit: "rows", fraction: 0.1, note: "a-long-file-name.csv" });
    expect(tty.drawn[0]).toBe(`${CLEAR}import opportunities: 4,096 …`);
    expect((tty.drawn[0] as string).length - CLEAR.length).toBe(29);
  });

  it("draws nothing when stderr is piped or in CI", () => {
    const piped = terminal(false);
    const line = progressLine({ progress: piped, now: clock().now }, "refresh");
    line.update({ done: 1, total: 2, unit: "steps" });
    line.done();
    expect(piped.drawn).toEqual([]);
    expect(isCi({ CI: "true" })).toBe(true);
    expect(isCi({ CI: "1" })).toBe(true);
    expect(isCi({ CI: "false" })).toBe(false);
    expect(isCi({})).toBe(false);
    expect(stderrProgress({ CI: "true" }).isTTY).toBe(false);
  });
});

describe("rituals sample, import and refresh on a terminal", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rituals-progress-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const db = path.join(dir, "rituals.db");

  async function cli(args: string[], progress: ProgressTarget) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(args, {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      now: () => new Date(),
      progress,
      env: { DATABASE_PATH: db },
    });
    return { code, out, err };
  }
  /** the last line drawn, without the carriage return and erase that start every draw */
  const last = (tty: { drawn: string[] }) => {
    expect(tty.drawn.every((d) => d.startsWith(CLEAR))).toBe(true);
    return (tty.drawn.filter((d) => d !== CLEAR).at(-1) ?? "").slice(CLEAR.length);
  };

  it("each shows a progress line and prints only its summary on stdout", async () => {
    const sample = terminal();
    const generated = await cli(
      [
        "sample",
        "--out",
        path.join(dir, "csv"),
        "--deals",
        "6000",
        "--seed",
        "progress",
        "--month",
        "2026-11",
      ],
      sample,
    );
    expect(generated.code).toBe(0);
    expect(last(sample)).toMatch(/^sample: 6,000 of 6,000 deals · [\d,.]+ deals\/s$/);
    expect(sample.drawn.at(-1)).toBe(CLEAR);
    expect(generated.out.join("\n")).not.toContain("of 6,000 deals");

    for (const kind of ["reps", "accounts"]) {
      const r = await cli(["import", kind, path.join(dir, "csv", `${kind}.csv`)], terminal());
      expect(r.err).toEqual([]);
    }
    const imported = terminal();
    const r = await cli(["import", "opportunities", path.join(dir, "csv", "opportunities.csv")], imported);
    expect(r.err).toEqual([]);
    expect(r.out).toHaveLength(1);
    // one report every 4,096 rows, with the share of the file read
    expect(last(imported)).toMatch(
      /^import opportunities: 4,096 rows \(\d+%\) · opportunities\.csv · [\d,.]+ rows\/s/,
    );
    const share = Number(/\((\d+)%\)/.exec(last(imported))?.[1]);
    // 4,096 of 6,000 rows is 68% of the file; the estimate is within a few points of it
    expect(share).toBeGreaterThan(55);
    expect(share).toBeLessThan(80);

    const refreshed = terminal();
    const done = await cli(["refresh", "--as-of", "2026-12-01T09:00:00Z"], refreshed);
    expect(done.code).toBe(0);
    expect(refreshed.drawn[0]).toBe(`${CLEAR}refresh: 0 of 11 steps · loading the CRM data`);
    expect(last(refreshed)).toMatch(/^refresh: 11 of 11 steps · saved/);
    expect(refreshed.drawn.some((d) => d.includes(" · forecast · "))).toBe(true);
    expect(done.out[0]).toMatch(/^refresh #1: /);

    const deck = terminal();
    const built = await cli(["deck", "--kind", "monthly", "--out", dir], deck);
    expect(built.code).toBe(0);
    expect(last(deck)).toMatch(/^deck: 4 of 4 steps · done/);
  }, 120_000);
});
