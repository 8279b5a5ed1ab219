/**
 * Debian's Chromium for the sandbox's browser tests, launched as the issue says it must be in
 * this closed network: headless, no background networking, a fresh profile, and every request
 * that would leave 127.0.0.1 aborted.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
export const SHOTS = new URL("../../test-output/sandbox/", import.meta.url).pathname;
export const hasChromium = existsSync(CHROMIUM);

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** saves test-output/sandbox/<name>.png */
  shot: (name: string) => Promise<void>;
  close: () => Promise<void>;
}

export async function openBrowser(options: { timezoneId: string }): Promise<Browser> {
  mkdirSync(SHOTS, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), "sandbox-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
    timezoneId: options.timezoneId,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  // nothing the page loads may leave this machine
  await context.route(/^(?!http:\/\/127\.0\.0\.1[:/])/, (route) => route.abort());
  return {
    context,
    page,
    shot: async (name) => {
      await page.screenshot({ path: join(SHOTS, `${name}.png`) });
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
