/**
 * The monthly review's pre-read on the sample company, built in-process from the stored analyses
 * of a refresh of the default sample (October reviewed, as of 4 Nov 2026), without Claude.
 * Budgets (benchmarks.md, issues 12 and 15), medians of 5 after one cold build:
 *   preread.charts.seconds  the channel message and thread, and the four chart PNGs        < 1 s
 *   preread.deck.seconds    all of it as posted: message, thread, charts and MBR-2026-10.pptx < 2 s
 *   preread.text.seconds    the channel message and thread alone, summary included (reported)
 *   preread.cold.seconds    the first full build, loading Vega, resvg and pptxgenjs (reported)
 * Absolute times on a shared machine: the load average is printed beside them. The pre-read's
 * PNGs and deck are kept in test-output/rituals/bench/ to be looked at.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateSample, SAMPLE_FILES } from "../data/sample/generate";
import { importCsv } from "../src/ingest/import-csv";
import { refresh } from "../src/refresh/refresh";
import type { Clock } from "../src/rituals/clock";
import { createRitual } from "../src/rituals/definitions";
import { preReadComposer } from "../src/rituals/pre-read/composer";
import { openDatabase } from "../src/store/db";
import { type BenchFigure, type BenchOptions, figure } from "./lib/figure";

export const name = "preread";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const KEEP_DIR = path.join(ROOT, "test-output", "rituals", "bench");
const AS_OF = new Date("2026-11-04T06:00:00Z");
const SETTINGS = { WORKSPACE_TIMEZONE: "UTC", FISCAL_YEAR_START_MONTH: 1, CURRENCY: "USD" } as const;
const clock: Clock = { now: () => AS_OF, sleep: async () => {} };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

type Db = ReturnType<typeof openDatabase>;

/** The default sample generated, imported and refreshed as of 4 Nov 2026. */
async function loadSample(db: Db, workDir: string): Promise<void> {
  const dir = path.join(workDir, "sample");
  await generateSample({ outDir: dir, seed: "bench", month: "2026-11", today: "2026-11-04" });
  for (const f of SAMPLE_FILES)
    await importCsv(db, { kind: f.kind, file: path.join(dir, f.file), now: AS_OF });
  refresh(db, { now: () => AS_OF, asOf: AS_OF, config: SETTINGS });
}

/** The monthly review ritual whose pre-read is timed. */
function monthlyReview(db: Db) {
  return createRitual(
    {
      db,
      now: new Date("2026-11-01T00:00:00Z"),
      actor: { operator: "bench" },
      adminIds: new Set(),
      fiscalYearStartMonth: 1,
    },
    {
      name: "Monthly revenue review",
      kind: "monthly-review",
      channel: "C0BENCH001",
      schedule: "3rd business day after month end at 10:00",
      zone: "UTC",
    },
  );
}

export async function run(options: BenchOptions): Promise<BenchFigure[]> {
  const file = path.join(options.workDir, "rituals.db");
  fs.rmSync(file, { force: true });
  const db = openDatabase(file);
  try {
    await loadSample(db, options.workDir);
    const ritual = monthlyReview(db);
    const config = {
      ...SETTINGS,
      ANTHROPIC_MODEL: "none",
      ANTHROPIC_MAX_TOKENS: 1024,
      ANTHROPIC_TIMEOUT_MS: 20_000,
    };
    const request = {
      ritual,
      // Thu 5 Nov 2026, the third business day after October's end
      meetingAt: new Date("2026-11-05T10:00:00Z"),
      occurrenceKey: "pre-read:bench",
      lateNote: null,
      now: AS_OF,
    };
    const full = preReadComposer({ db, config, clock });
    const text = preReadComposer({ db, config, clock, files: false });
    const { monthlyDeckCharts } = await import("../src/charts/deck/monthly-deck-input");
    const { readLatestAnalysis } = await import("../src/store/analyses-repository");
    const stored = <T>(n: Parameters<typeof readLatestAnalysis>[1], p: string) =>
      readLatestAnalysis<T>(db, n, "company", p) as never;

    const t0 = performance.now();
    const first = await full(request);
    const cold = (performance.now() - t0) / 1000;
    const textOnly: number[] = [];
    const withCharts: number[] = [];
    const withDeck: number[] = [];
    for (let i = 0; i < (options.quick ? 3 : 5); i++) {
      const t1 = performance.now();
      const built = await text(request);
      textOnly.push((performance.now() - t1) / 1000);
      await monthlyDeckCharts({
        period: "2026-10",
        currency: "USD",
        timeZone: "UTC",
        executiveSummary: built.summary?.lines ?? [],
        monthClose: stored("attainment", "2026-10"),
        forecastAccuracy: stored("forecast-accuracy", "2026-10"),
        nextPeriodForecast: stored("forecast", "2026-11"),
        pipeline: stored("pipeline", "2026-11"),
        dealRisk: stored("deal-risk", "2026-11"),
        actionItems: null,
      });
      withCharts.push((performance.now() - t1) / 1000);
      const t2 = performance.now();
      await full(request);
      withDeck.push((performance.now() - t2) / 1000);
    }
    fs.mkdirSync(KEEP_DIR, { recursive: true });
    for (const f of first.files ?? []) fs.writeFileSync(path.join(KEEP_DIR, f.filename), f.bytes);
    const load = os.loadavg()[0] ?? 0;
    options.log(
      `${(first.thread ?? []).length} thread messages, ${(first.files ?? []).length} files kept in ${path.relative(ROOT, KEEP_DIR)}/ · load average ${load.toFixed(2)}`,
    );
    const [t, c, d] = [median(textOnly), median(withCharts), median(withDeck)];
    return [
      figure("preread.text.seconds", t, "s"),
      figure("preread.charts.seconds", c, "s", "< 1 s", c < 1),
      figure("preread.deck.seconds", d, "s", "< 2 s", d < 2),
      figure("preread.cold.seconds", cold, "s"),
      figure("preread.load_average", load, "runnable"),
    ];
  } finally {
    db.close();
  }
}
