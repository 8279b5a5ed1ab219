/**
 * `npm start` on an empty database to the first served sandbox page (the sample generated and
 * imported, the analyses computed, the app up behind the page), and the page's first render in
 * Debian's Chromium (navigation to the page drawn from its first state, the median of three fresh
 * browser contexts), against the issue's budgets: < 15 s and < 1 s. The address printed first is
 * reported too.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS } from "../test/sandbox/chromium";
import { type BenchFigure, type BenchOptions, figure } from "./lib/figure";

export const name = "sandbox";

const TSX = path.resolve("node_modules/.bin/tsx");
const START_BUDGET_S = 15;
const RENDER_BUDGET_S = 1;

/** Polls `url` until it answers 200 (the sandbox's state, once the app is up); the seconds since `t0`. */
async function firstServed(url: string, t0: number, deadlineMs: number): Promise<number> {
  while (performance.now() - t0 < deadlineMs) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status === 200) return (performance.now() - t0) / 1000;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${url} was not served within ${deadlineMs / 1000} s`);
}

export async function run(options: BenchOptions): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = [];
  const env = {
    PATH: process.env.PATH ?? "",
    DATABASE_PATH: path.join(options.workDir, "rituals.db"),
    PORT: "0",
    LOG_LEVEL: "warn",
  };
  const t0 = performance.now();
  const child = spawn(TSX, ["src/main.ts"], { env });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (d: Buffer) => {
        stdout += d.toString();
        const m = /^Sandbox: (http:\/\/\S+) /m.exec(stdout);
        if (m) resolve(m[1] as string);
      });
      child.on("close", () => reject(new Error(`npm start exited early:\n${stdout}\n${stderr}`)));
    });
    const addressS = (performance.now() - t0) / 1000;
    options.log(`address printed after ${addressS.toFixed(2)} s: ${url}`);
    const servedS = await firstServed(`${url}/state`, t0, 120_000);
    figures.push(figure("sandbox.start_to_address", addressS, "s"));
    figures.push(
      figure("sandbox.start_to_first_page", servedS, "s", `< ${START_BUDGET_S} s`, servedS < START_BUDGET_S),
    );
    if (!existsSync(CHROMIUM)) {
      options.log(`no Chromium at ${CHROMIUM}: the first render is not measured`);
      return figures;
    }
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    try {
      const renders: number[] = [];
      for (let i = 0; i < (options.quick ? 1 : 3); i++) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        await context.route(/^(?!http:\/\/127\.0\.0\.1[:/])/, (route) => route.abort());
        const page = await context.newPage();
        const started = performance.now();
        await page.goto(url);
        await page.locator("body.ready").waitFor();
        renders.push((performance.now() - started) / 1000);
        await context.close();
      }
      // the median of fresh contexts: the first navigation of a new browser also pays Chromium's warm-up
      const median = [...renders].sort((a, b) => a - b)[Math.floor(renders.length / 2)] as number;
      options.log(`first renders: ${renders.map((r) => `${(r * 1000).toFixed(0)} ms`).join(", ")}`);
      figures.push(
        figure("sandbox.page_first_render", median, "s", `< ${RENDER_BUDGET_S} s`, median < RENDER_BUDGET_S),
      );
    } finally {
      await browser.close();
    }
    return figures;
  } finally {
    child.kill("SIGTERM");
    await exited;
  }
}
