import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { startupSummary } from "../../src/startup/startup-summary";
import type { StoreOverview } from "../../src/store/overview-repository";

const overview: StoreOverview = {
  reps: 40,
  teams: 7,
  accounts: 420,
  opportunities: 20_000,
  openDeals: 1_742,
  openPipelineCents: 7_888_210_000,
  lastImport: {
    id: 7,
    kind: "forecasts",
    fileName: "/tmp/x/forecasts.csv",
    finishedAt: "2026-11-25T12:26:07Z",
  },
};

describe("startup summary", () => {
  it("shows counts, open pipeline, the last import, and how to connect Slack when there is no token", () => {
    const text = startupSummary(overview, loadConfig({ DATABASE_PATH: "data/rituals.db" })).join("\n");
    expect(text).toContain("40 in 7 teams");
    expect(text).toContain("$78,882,100 in 1,742 open deals");
    expect(text).toContain("#7 forecasts from forecasts.csv at 2026-11-25T12:26:07Z");
    expect(text).toMatch(/data\/rituals\.db/);
    expect(text).toContain("SLACK_BOT_TOKEN");
  });

  it("says there has been no import on an empty store, and names the mode once Slack is configured", () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1" });
    const text = startupSummary({ ...overview, lastImport: null }, config).join("\n");
    expect(text).toContain("none yet");
    expect(text).toContain("Slack mode: socket");
    expect(text).not.toContain("Slack is not connected");
  });
});
