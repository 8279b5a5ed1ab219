/**
 * The sandbox as `npm start` serves it, in a real headless Chromium: the real app behind the page,
 * each doing delivered as a signed Slack request, every answer read from the stored analyses.
 * Each step leaves a screenshot in test-output/sandbox/app-*.png to look at.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ForecastResult } from "../../src/domain/analyses/forecast";
import { formatMoney } from "../../src/domain/money";
import { readLatestAnalysis } from "../../src/store/analyses-repository";
import { listRepDirectory } from "../../src/store/slack-links-repository";
import { type Browser, hasChromium, openBrowser } from "./chromium";
import { type RealSandbox, startRealSandbox } from "./real-sandbox";

let sandbox: RealSandbox;
let browser: Browser;
let page: Page;

async function runCommand(text: string): Promise<void> {
  const composer = page.locator("#composer-input");
  await composer.fill(text);
  await composer.press("Enter");
  // with the hint list open, the first Enter completes the command; the second sends it
  if ((await composer.inputValue()) !== "") await composer.press("Enter");
}

/** The messages whose text includes `text`, in the conversation shown. */
const message = (text: string) => page.locator("#messages article.message", { hasText: text });

const usd = (cents: number) => formatMoney(cents, "USD");

// One person's journey through the page, a screenshot per step: its steps run in order (the
// files around it are still shuffled).
describe.skipIf(!hasChromium)("the sandbox around the real app, in Chromium", { shuffle: false }, () => {
  beforeAll(async () => {
    sandbox = await startRealSandbox();
    browser = await openBrowser({ timezoneId: "UTC" });
    page = browser.page;
    await page.goto(sandbox.url);
    await page.locator("body.ready").waitFor();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  it("opens on #revenue-review with the sample's admin, manager and rep to act as", async () => {
    await expect.poll(() => page.locator("#conversation-title").textContent()).toBe("#revenue-review");
    const people = await page.locator("#person option").allTextContents();
    expect(people).toHaveLength(3);
    expect(people[0]).toBe("Avery Admin — RevOps admin");
    expect(people[1]).toMatch(/^.+ — Manager, \w+/);
    expect(people[2]).toMatch(/^.+ — Account executive, \w+/);
    await browser.shot("app-01-open");
  });

  it("/forecast: the figures shown are the stored analysis's, only visible to the admin who asked", async () => {
    const stored = readLatestAnalysis<ForecastResult>(sandbox.db, "forecast", "company");
    if (!stored) throw new Error("no stored company forecast");
    await runCommand("/forecast");
    const answer = message("Forecast · Company").filter({ has: page.locator(".ephemeral-note") });
    await answer.waitFor();
    expect(await answer.locator(".ephemeral-note").textContent()).toContain("Only visible to you");
    const fields = await answer.locator(".section-field").allTextContents();
    const { scenarios, wonToDateCents } = stored.payload;
    expect(fields.slice(0, 4)).toEqual([
      `Base${usd(scenarios.baseCents)}`,
      `Conservative (P10)${usd(scenarios.conservativeCents)}`,
      `Upside (P90)${usd(scenarios.upsideCents)}`,
      `Won to date${usd(wonToDateCents)}`,
    ]);
    await browser.shot("app-02-forecast");
  });

  it("Share: the answer is posted in the channel for everyone", async () => {
    const answer = message("Forecast · Company").filter({ has: page.locator(".ephemeral-note") });
    await answer.getByRole("button", { name: "Share in channel" }).click();
    const shared = page.locator("#messages article.message:not(.ephemeral)", {
      hasText: "Forecast · Company",
    });
    await shared.waitFor();
    expect(await shared.textContent()).toContain("Avery Admin");
    await browser.shot("app-03-shared");
  });

  it("/actions add: the deal is searched as you type (block_suggestion) and the item posted with it", async () => {
    await runCommand("/actions add");
    const modal = page.locator(".modal");
    await modal.waitFor();
    expect(await modal.locator(".modal-header h2").textContent()).toBe("New action item");
    await modal.locator('[data-block-id="action_text"] textarea').fill("Confirm the signatory for Beacon");
    await modal.locator('[data-block-id="action_owner"] select').selectOption("U0REP");
    await modal.locator('[data-block-id="action_deadline"] input').fill("2026-12-09");
    const search = modal.locator('[data-block-id="action_deal"] input.external-search');
    await search.fill("Beacon");
    await expect.poll(() => search.getAttribute("data-found"), { timeout: 15_000 }).not.toBeNull();
    const deal = modal.locator('[data-block-id="action_deal"] select');
    const offered = await deal.locator("option:not([disabled])").allTextContents();
    expect(offered.length).toBeGreaterThan(0);
    for (const label of offered) expect(label).toContain("Beacon");
    await browser.shot("app-04a-deal-search");
    await modal.getByRole("button", { name: "Create" }).click();
    await modal.waitFor({ state: "detached" });
    const item = message("Confirm the signatory for Beacon").first();
    await item.waitFor();
    expect(await item.textContent()).toMatch(/deal OPP-\d+/);
  });

  it("/deal-risk → Create action → the modal filled → Create: the item is posted; Done updates it in place", async () => {
    await page.locator("#person").selectOption("U0MANAGER");
    await expect.poll(() => page.locator("body").getAttribute("data-viewer")).toBe("U0MANAGER");
    await runCommand("/deal-risk");
    const register = message("Deal risk").filter({ has: page.locator(".ephemeral-note") });
    await register.waitFor();
    await browser.shot("app-04-deal-risk");
    await register.getByRole("button", { name: "Create action" }).first().click();
    const modal = page.locator(".modal");
    await modal.waitFor();
    expect(await modal.locator(".modal-header h2").textContent()).toBe("New action item");
    // opened from a deal: a deadline is filled in already (48 hours on)
    expect(await modal.locator('[data-block-id="action_deadline"] input').inputValue()).toMatch(
      /^\d{4}-\d{2}-\d{2}$/,
    );
    await modal.locator('[data-block-id="action_owner"] select').selectOption("U0REP");
    await modal.locator('[data-block-id="action_text"] textarea').fill("Call the champion about the budget");
    await browser.shot("app-05-modal");
    await modal.getByRole("button", { name: "Create" }).click();
    await modal.waitFor({ state: "detached" });
    const item = message("Call the champion about the budget").filter({
      has: page.getByRole("button", { name: "Done" }),
    });
    await item.first().waitFor();
    const ts = await item.first().getAttribute("data-ts");
    await browser.shot("app-06-item-posted");
    await item.first().getByRole("button", { name: "Done" }).click();
    const same = page.locator(`#messages article.message[data-ts="${ts}"]`);
    await expect
      .poll(() => same.getByRole("button", { name: "Reopen" }).count(), { timeout: 15_000 })
      .toBe(1);
    expect(await same.getByRole("button", { name: "Done" }).count()).toBe(0);
    await browser.shot("app-07-item-done");
  });

  it("the rep sees the shared answer, not the admin's own, and is refused another team", async () => {
    const reps = listRepDirectory(sandbox.db);
    const repName = sandbox.people[2]?.name;
    const ownTeam = reps.find((r) => r.name === repName)?.team;
    const otherTeam = reps.find((r) => r.team && r.team !== ownTeam)?.team as string;
    await page.locator("#person").selectOption("U0REP");
    await expect.poll(() => page.locator("body").getAttribute("data-viewer")).toBe("U0REP");
    expect(await page.locator("#messages .ephemeral").count()).toBe(0);
    expect(await message("Forecast · Company").count()).toBe(1);
    await runCommand(`/forecast team:${otherTeam}`);
    const refusal = message("is outside what you can see");
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain(`team:${otherTeam}`);
    expect(await refusal.locator(".ephemeral-note").count()).toBe(1);
    await browser.shot("app-08-rep-refused");
  });

  it("the Home tab is published by the app for the person who opened it", async () => {
    const stored = readLatestAnalysis<ForecastResult>(sandbox.db, "forecast", "company");
    await page.locator("#app-list .sidebar-item").click();
    const home = page.locator("#home .view");
    await home.waitFor();
    expect(await home.textContent()).toContain(usd(stored?.payload.scenarios.baseCents ?? 0));
    expect(sandbox.api.callsOf("views.publish").at(-1)?.body.user_id).toBe("U0REP");
    await browser.shot("app-09-home");
  });

  it("the clock jumps to the demo review's pre-read, which arrives in #revenue-review with its chart", {
    timeout: 120_000,
  }, async () => {
    await page.locator("#channel-list .sidebar-item", { hasText: "revenue-review" }).click();
    const upcoming = page.locator("#clock-upcoming");
    const now = page.locator("#clock-now");
    // the morning's action-item reminders come first: jump past them to the pre-read
    for (let i = 0; i < 10 && !(await upcoming.textContent())?.includes("Pre-read"); i++) {
      const shown = await now.textContent();
      await page.locator("#clock-next").click();
      await expect.poll(() => now.textContent()).not.toBe(shown);
    }
    expect(await upcoming.textContent()).toContain("Pre-read: Monthly revenue review");
    const before = await now.textContent();
    await page.locator("#clock-next").click();
    const preRead = message("Monthly revenue review").filter({ has: page.locator(".thread-link") });
    await preRead.first().waitFor({ timeout: 60_000 });
    expect(await now.textContent()).not.toBe(before);
    await browser.shot("app-10-pre-read");
    await preRead.first().locator(".thread-link").click();
    const pane = page.locator("#thread-pane");
    await pane.waitFor();
    const chart = pane.locator("img").first();
    await chart.waitFor({ timeout: 30_000 });
    await expect
      .poll(() => chart.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
      .toBeGreaterThan(100);
    await chart.scrollIntoViewIfNeeded();
    await browser.shot("app-11-pre-read-chart");
  });
});
