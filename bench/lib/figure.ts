/** The shape every bench/*-bench.ts module follows; bench/run.ts discovers and runs them. */
export interface BenchFigure {
  /** dotted name, e.g. "import.1m.rows_per_s" */
  name: string;
  value: number;
  /** "rows/s", "MB", "s", "x" … */
  unit: string;
  /** what the figure must meet, in words ("≥ 100,000 rows/s"); "" when it is only reported */
  budget: string;
  /** true/false against the budget; null when the figure has no budget */
  pass: boolean | null;
}

export interface BenchOptions {
  /** smaller inputs, for a quick look; budgets that only hold at full size are reported without a verdict */
  quick: boolean;
  /** a scratch directory under bench/out/ the module may fill */
  workDir: string;
  /** progress lines (go to stderr so stdout stays one line per figure) */
  log: (line: string) => void;
}

export interface BenchModule {
  name: string;
  run(options: BenchOptions): Promise<BenchFigure[]>;
}

export function figure(
  name: string,
  value: number,
  unit: string,
  budget = "",
  pass: boolean | null = null,
): BenchFigure {
  return { name, value, unit, budget, pass };
}

export function formatValue(value: number, unit: string): string {
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${unit}`;
}

/** One line per figure: name, value, budget, PASS/FAIL (or "-" without a budget). */
export function formatFigureLine(f: BenchFigure, nameWidth: number): string {
  const verdict = f.pass === null ? "-" : f.pass ? "PASS" : "FAIL";
  return `${f.name.padEnd(nameWidth)}  ${formatValue(f.value, f.unit).padStart(16)}  ${(f.budget || "-").padEnd(22)}  ${verdict}`;
}
