/**
 * The sandbox page in a real headless Chromium (Debian's, driven by playwright-core): a person
 * types slash commands, clicks, fills a modal, switches who they are, opens the Home tab and a
 * thread, and jumps the clock. Each step leaves a screenshot in test-output/sandbox/ to look at.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "./fixture";
import { FORECAST } from "./stub-app";

const CHROMIUM = "/usr/bin/chromium";
const SHOTS = new URL("../../test-output/sandbox/", import.meta.url).pathname;
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium)
  console.log(`sandbox browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

let sandbox: Sandbox;
let context: BrowserContext;
let page: Page;
let profile: string;

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

async function runCommand(text: string): Promise<void> {
  const composer = page.locator("#composer-input");
  await composer.fill(text);
  await composer.press("Enter");
  // with the hint list open, the first Enter completes the command; the second sends it
  if ((await composer.inputValue()) !== "") await composer.press("Enter");
}

/** The message whose text includes `text`, in the conversation shown. */
function message(text: string) {
  return page.locator("#messages article.message", { hasText: text });
}

// One person's journey through the page, a screenshot per step: its steps run in order (the
// files around it are still shuffled).
describe.skipIf(!hasChromium)("sandbox page in Chromium", { shuffle: false }, () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    profile = mkdtempSync(join(tmpdir(), "sandbox-chromium-"));
    sandbox = await startSandbox();
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
      viewport: { width: 1280, height: 800 },
      timezoneId: "America/New_York",
    });
    page = context.pages()[0] ?? (await context.newPage());
    // nothing the page loads may leave this machine
    await context.route(/^(?!http:\/\/127\.0\.0\.1[:/])/, (route) => route.abort());
    await page.goto(sandbox.page.url);
    await page.locator("body.ready").waitFor();
  });

  afterAll(async () => {
    await context?.close();
    await sandbox?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it("opens on the ritual channel, with the sidebar, the clock and the person switcher", async () => {
    await expect.poll(() => page.locator("#conversation-title").textContent()).toBe("#revenue-review");
    const channels = await page.locator("#channel-list .sidebar-item").allTextContents();
    expect(channels).toEqual(["#revenue-review", "#general"]);
    expect(await page.locator("#app-list").textContent()).toContain("Revenue Rituals");
    expect(await page.locator("#clock-now").textContent()).toBe("Tue, Dec 1, 2026, 9:00 AM EST");
    expect(await page.locator("#clock-upcoming").textContent()).toContain("Pre-read: Monthly revenue review");
    expect(await page.locator("#person option:checked").textContent()).toBe("Avery Admin — RevOps admin");
    await shot("01-open");
  });

  it("the composer offers the manifest's commands with their usage hints as you type", async () => {
    await page.locator("#composer-input").fill("/");
    await page.locator("#composer-input").press("d");
    const hints = page.locator("#command-hints .command-hint");
    await expect.poll(() => hints.count()).toBe(1);
    expect(await hints.first().textContent()).toContain("/deal-risk [period] [scope] [top N]");
    await page.locator("#composer-input").fill("/");
    await page.locator("#composer-input").press("r");
    await expect.poll(() => hints.allTextContents()).toHaveLength(2);
    await shot("02-command-hints");
    await page.locator("#composer-input").press("Tab");
    expect(await page.locator("#composer-input").inputValue()).toBe("/revenue ");
    expect(await page.locator("#usage-hint").textContent()).toContain("/revenue [scope]");
    await page.locator("#composer-input").fill("");
  });

  it("/forecast: the answer arrives, only visible to the person who asked, with the figures", async () => {
    await runCommand("/forecast 2026-12");
    const answer = message("Forecast · Company · 2026-12");
    await answer.waitFor();
    expect(await answer.locator(".ephemeral-note").textContent()).toContain("Only visible to you");
    const fields = await answer.locator(".section-field").allTextContents();
    expect(fields).toEqual([
      `Base${FORECAST.base}`,
      `Conservative (P10)${FORECAST.conservative}`,
      `Upside (P90)${FORECAST.upside}`,
      `Won to date${FORECAST.won}`,
    ]);
    // <!date^…> in the viewer's zone (New York): 14:00 UTC is 9:00 AM
    expect(await answer.locator("time.slack-date").textContent()).toBe("Today at 9:00 AM");
    await shot("03-forecast-answer");
  });

  it("Share: the answer is posted to the channel and the ephemeral is updated in place", async () => {
    const answer = message("Forecast · Company · 2026-12").filter({ has: page.locator(".ephemeral-note") });
    const ts = await answer.getAttribute("data-ts");
    await answer.getByRole("button", { name: "Share in channel" }).click();
    const updated = page.locator(`#messages article.message[data-ts="${ts}"]`);
    await expect.poll(() => updated.textContent()).toContain("Shared in #revenue-review by @Avery Admin");
    expect(await updated.locator(".edited").count()).toBe(1);
    await expect.poll(() => page.locator("#messages article.message:not(.ephemeral)").count()).toBe(1);
    await shot("04-shared");
  });

  it("a modal: inputs with labels and hints, the app's error shown beside its field, then accepted", async () => {
    await runCommand("/deal-risk");
    const risk = message("Deal risk · Team West");
    await risk.getByRole("button", { name: "Create action" }).click();
    const modal = page.locator(".modal");
    await modal.waitFor();
    expect(await modal.locator(".modal-header h2").textContent()).toBe("New action item");
    await modal.locator('[data-block-id="title"] input').fill("Book an exec call with Acme");
    await modal.locator('[data-block-id="due"] input').fill("2026-11-30");
    await modal.locator('[data-block-id="priority"] select').selectOption("high");
    await modal.getByRole("button", { name: "Done" }).click();
    const error = modal.locator('[data-block-id="due"] .input-error');
    await error.waitFor();
    expect(await error.textContent()).toBe("Pick a day after today (2026-12-01).");
    // what was typed survives the error
    expect(await modal.locator('[data-block-id="title"] input').inputValue()).toBe(
      "Book an exec call with Acme",
    );
    expect(await modal.locator('[data-block-id="priority"] select').inputValue()).toBe("high");
    await shot("05-modal-error");
    await modal.locator('[data-block-id="due"] input').fill("2026-12-08");
    await modal.getByRole("button", { name: "Done" }).click();
    await modal.waitFor({ state: "detached" });
    await expect
      .poll(() => risk.textContent())
      .toContain("Action item created: “Book an exec call with Acme”, due 2026-12-08");
    expect(await risk.getByRole("button", { name: "Create action" }).count()).toBe(0);
    await shot("06-modal-accepted");
  });

  it("an overflow menu asks its confirm question before the choice reaches the app", async () => {
    const risk = message("Deal risk · Team West");
    await risk.locator("details.overflow summary").click();
    await shot("06a-overflow-menu");
    await risk.getByRole("button", { name: "Snooze a week" }).click();
    const dialog = page.locator("dialog#confirm");
    await dialog.waitFor();
    expect(await dialog.locator("h2").textContent()).toBe("Change this deal?");
    await shot("06b-confirm");
    await dialog.getByRole("button", { name: "Keep it" }).click();
    await dialog.waitFor({ state: "hidden" });
    expect(sandbox.app.calls).not.toContain("action deal-menu");
    await risk.locator("details.overflow summary").click();
    await risk.getByRole("button", { name: "Snooze a week" }).click();
    await dialog.getByRole("button", { name: "Go ahead" }).click();
    await expect.poll(() => sandbox.app.calls).toContain("action deal-menu");
  });

  it("Cancel closes a modal, and the app hears of it when it asked to (notify_on_close)", async () => {
    await runCommand("/deal-risk");
    const fresh = message("Deal risk · Team West").last();
    await fresh.getByRole("button", { name: "Create action" }).click();
    const modal = page.locator(".modal");
    await modal.waitFor();
    await modal.locator(".modal-footer").getByRole("button", { name: "Cancel" }).click();
    await modal.waitFor({ state: "detached" });
    expect(sandbox.app.calls.at(-1)).toBe("view_closed");
  });

  it("the reply count opens the thread pane", async () => {
    const risk = message("Deal risk · Team West").first();
    await risk.locator(".thread-link").click();
    const pane = page.locator("#thread-pane");
    await pane.waitFor();
    const replies = await pane.locator("article.message").allTextContents();
    expect(replies).toHaveLength(2);
    expect(replies[1]).toContain("@Avery Admin created an action item for @Riley Rep");
    await shot("07-thread");
    await page.locator("#thread-close").click();
    await pane.waitFor({ state: "hidden" });
  });

  it("switching to the rep: the admin's ephemeral answers are not theirs to see", async () => {
    await page.locator("#person").selectOption("U0REP");
    await expect.poll(() => page.locator("body").getAttribute("data-viewer")).toBe("U0REP");
    expect(await page.locator("#messages .ephemeral").count()).toBe(0);
    expect(await page.locator("#messages article.message").count()).toBe(3);
    // the date in the trace line now reads in London time
    await runCommand("/forecast");
    await expect
      .poll(() => page.locator("#messages .ephemeral time.slack-date").textContent())
      .toBe("Today at 2:00 PM");
    await shot("08-rep");
  });

  it("the Home tab is published for the person who opened it", async () => {
    await page.locator("#app-list .sidebar-item").click();
    const home = page.locator("#home .view");
    await home.waitFor();
    expect(await home.textContent()).toContain("Home of @Riley Rep");
    expect(await home.locator(".section-field").first().textContent()).toBe(
      `Forecast 2026-12${FORECAST.base}`,
    );
    expect(sandbox.app.calls).toContain("app_home_opened");
    await shot("09-home");
  });

  it("jumping the clock brings the pre-read and its chart image into the ritual channel", async () => {
    await page.locator("#channel-list .sidebar-item", { hasText: "revenue-review" }).click();
    await page.locator("#clock-next").click();
    const preRead = message("Pre-read · Monthly revenue review");
    await preRead.waitFor();
    expect(await page.locator("#clock-now").textContent()).toBe("Wed, Dec 2, 2026, 2:00 AM EST");
    const chart = page.locator("#messages img.block-image-img");
    await chart.waitFor();
    await expect
      .poll(() => chart.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
      .toBe(360);
    expect(await preRead.locator(".thread-link").textContent()).toBe("1 reply");
    // the list follows the new messages to the end, chart included
    await expect
      .poll(() =>
        page.locator("#messages").evaluate((box) => box.scrollHeight - box.scrollTop - box.clientHeight),
      )
      .toBeLessThan(2);
    await shot("10-pre-read");
  });

  it("a message in another channel marks it unread in the sidebar", async () => {
    sandbox.workspace.postMessage({ channel: "C0GENERAL", text: "Welcome to *general*" });
    const general = page.locator("#channel-list .sidebar-item", { hasText: "general" });
    await expect.poll(() => general.locator(".badge").textContent()).toBe("1");
    await general.click();
    await message("Welcome to general").waitFor();
    expect(await general.locator(".badge").count()).toBe(0);
  });
});
