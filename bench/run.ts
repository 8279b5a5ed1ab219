/**
 * Runs every bench/*-bench.ts module and prints one line per figure. Exits non-zero on a failed
 * budget only with --strict, so the suite stays usable on a noisy machine.
 *
 *   tsx bench/run.ts [--strict] [--only NAME] [--quick]
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { type BenchFigure, type BenchModule, formatFigureLine } from "./lib/figure";

const benchDir = path.dirname(fileURLToPath(import.meta.url));

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { strict: { type: "boolean" }, only: { type: "string" }, quick: { type: "boolean" } },
  });
  const files = fs
    .readdirSync(benchDir)
    .filter((f) => f.endsWith("-bench.ts"))
    .sort();
  const modules: BenchModule[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(path.join(benchDir, file)).href)) as BenchModule;
    if (typeof mod.name !== "string" || typeof mod.run !== "function") {
      process.stderr.write(`bench: ${file} does not export name and run(options)\n`);
      return 2;
    }
    if (!values.only || mod.name === values.only) modules.push(mod);
  }
  if (modules.length === 0) {
    process.stderr.write(`bench: no benchmark named "${values.only}" (have: ${files.join(", ")})\n`);
    return 2;
  }

  const figures: BenchFigure[] = [];
  let crashed = false;
  for (const mod of modules) {
    const workDir = path.join(benchDir, "out", mod.name);
    fs.rmSync(workDir, { recursive: true, force: true });
    fs.mkdirSync(workDir, { recursive: true });
    process.stderr.write(`bench ${mod.name}${values.quick ? " (quick)" : ""}\n`);
    try {
      const found = await mod.run({
        quick: values.quick ?? false,
        workDir,
        log: (line) => process.stderr.write(`  ${line}\n`),
      });
      figures.push(...found);
      const width = Math.max(...found.map((f) => f.name.length), 10);
      for (const f of found) process.stdout.write(`${formatFigureLine(f, width)}\n`);
    } catch (error) {
      crashed = true;
      process.stderr.write(`bench ${mod.name} failed: ${(error as Error).message}\n`);
    }
  }
  const failed = figures.filter((f) => f.pass === false);
  if (failed.length > 0) {
    process.stderr.write(`${failed.length} budget(s) missed: ${failed.map((f) => f.name).join(", ")}\n`);
  }
  if (crashed) return 1;
  return values.strict && failed.length > 0 ? 1 : 0;
}

process.exitCode = await main();
