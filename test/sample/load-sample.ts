import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll } from "vitest";
import { generateSample, SAMPLE_FILES, type SampleOptions } from "../../data/sample/generate";

export type Row = Record<string, string>;

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory under the OS temp dir, removed after the test file. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  dirs.push(dir);
  return dir;
}

/** Parses strictly: every record must have exactly the header's columns. */
export function readCsv(file: string): Row[] {
  return parse(fs.readFileSync(file, "utf8"), { columns: true, relax_column_count: false }) as Row[];
}

export interface LoadedSample {
  dir: string;
  asOf: string;
  rows: Record<(typeof SAMPLE_FILES)[number]["kind"], Row[]>;
}

export async function loadSample(options: Omit<SampleOptions, "outDir">): Promise<LoadedSample> {
  const dir = tempDir("rituals-sample");
  const result = await generateSample({ ...options, outDir: dir });
  const rows = Object.fromEntries(
    SAMPLE_FILES.map((f) => [f.kind, readCsv(path.join(dir, f.file))]),
  ) as LoadedSample["rows"];
  return { dir, asOf: result.asOf, rows };
}
