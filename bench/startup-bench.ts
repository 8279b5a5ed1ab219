/**
 * Start-up: `rituals analyze forecast --json` (reads one stored analysis) as a whole process,
 * against a bare `node -e 0` in the same run (issue 16: ≤ 6×). Both are the median of several runs,
 * alternated so load on the machine falls on both alike. The command runs the compiled build
 * (bin/rituals.js checks it is current first, and that check is counted).
 */
import path from "node:path";
import { generateSample, SAMPLE_FILES } from "../data/sample/generate";
import { runMeasured } from "./lib/child";
import { type BenchFigure, type BenchOptions, figure } from "./lib/figure";

export const name = "startup";

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const RITUALS = path.join(ROOT, "bin", "rituals.js");

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

export async function run(options: BenchOptions): Promise<BenchFigure[]> {
  const dir = path.join(options.workDir, "sample");
  await generateSample({ outDir: dir, deals: 2000, seed: "bench", month: "2026-06" });
  const env = { ...process.env, DATABASE_PATH: path.join(options.workDir, "rituals.db") };
  for (const f of SAMPLE_FILES)
    await runMeasured(process.execPath, [RITUALS, "import", f.kind, path.join(dir, f.file)], { env });
  await runMeasured(process.execPath, [RITUALS, "refresh", "--as-of", "2026-07-01T06:00:00Z"], { env });
  options.log("sample of 2,000 deals imported and refreshed");
  const bare: number[] = [];
  const analyze: number[] = [];
  for (let i = 0; i < (options.quick ? 3 : 7); i++) {
    bare.push((await runMeasured(process.execPath, ["-e", "0"])).seconds);
    analyze.push(
      (await runMeasured(process.execPath, [RITUALS, "analyze", "forecast", "--json"], { env })).seconds,
    );
  }
  const [b, a] = [median(bare), median(analyze)];
  return [
    figure("startup.node_e0.seconds", b, "s"),
    figure("startup.analyze.seconds", a, "s"),
    figure("startup.analyze.x_node", a / b, "x", "≤ 6× node -e 0", a / b <= 6),
  ];
}
