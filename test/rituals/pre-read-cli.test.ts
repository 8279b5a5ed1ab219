import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type FakeAnthropic, startFakeAnthropic } from "../../src/sandbox/fake-anthropic";
import { FakeSlackApi } from "../../src/sandbox/fake-slack-api";
import { runCli } from "../cli/run-cli";
import { type SampleStore, sampleStore } from "./sample-store";

// The October review meets Wed 4 Nov 2026 10:00 UTC; the sample is as of Tue 3 Nov 06:00 UTC.
const NOW = "2026-11-03T12:00:00Z";
const NAME = "Monthly revenue review";

let sample: SampleStore;
beforeAll(async () => {
  sample = await sampleStore();
}, 180_000);
afterAll(() => sample?.close());
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function cli(file: string, args: string[], env: Record<string, string> = {}) {
  return runCli(args, NOW, { DATABASE_PATH: file, WORKSPACE_TIMEZONE: "UTC", CURRENCY: "USD", ...env });
}

async function withRitual(): Promise<string> {
  const db = sample.fresh();
  const file = db.name;
  db.close();
  const added = await cli(file, [
    "ritual",
    "add",
    "--name",
    NAME,
    "--kind",
    "monthly-review",
    "--channel",
    "C0REVIEW1",
    "--schedule",
    "3rd business day after month end at 10:00",
    "--tz",
    "UTC",
    "--facilitator",
    "UFACIL01",
  ]);
  expect(added.code, added.err).toBe(0);
  return file;
}

describe("rituals ritual preview and run", () => {
  it("preview --json prints the Block Kit, the thread, the files and the summary with its source; nothing is posted", async () => {
    const file = await withRitual();
    const r = await cli(file, ["ritual", "preview", NAME, "--json"]);
    expect(r.code, r.err).toBe(0);
    const preview = JSON.parse(r.out) as {
      text: string;
      blocks: unknown[];
      thread: { text: string }[];
      files: { filename: string; alt: string }[];
      summary: { lines: string[]; source: string };
      asOf: string;
    };
    expect(preview.summary.source).toBe("template — written summaries are off (no ANTHROPIC_API_KEY)");
    expect(preview.summary.lines).toHaveLength(5);
    expect(preview.asOf).toBe("2026-11-03T06:00:00.000Z");
    expect(JSON.stringify(preview.blocks)).toContain("Full materials in thread");
    expect(preview.thread.length).toBeGreaterThanOrEqual(7);
    expect(preview.files.map((f) => f.filename)).toContain("MBR-2026-10.pptx");
    const history = await cli(file, ["ritual", "history", NAME]);
    expect(history.out).toContain("No pre-reads due yet");
  }, 120_000);

  it("with Claude: the summary written by the model when it passes, the template and the reason when it invents a figure", async () => {
    const file = await withRitual();
    const claude: FakeAnthropic = await startFakeAnthropic();
    stops.push(() => claude.close());
    const env = { ANTHROPIC_API_KEY: "sk-ant-test-0123456789", ANTHROPIC_BASE_URL: claude.url };
    claude.script({
      kind: "text",
      text: "October closed well.\nThe forecast holds.\nBookings reached $4.2M.\nRisks remain.\nDecide on coverage.",
    });
    const invented = JSON.parse((await cli(file, ["ritual", "preview", NAME, "--json"], env)).out) as {
      summary: { source: string; lines: string[] };
    };
    expect(invented.summary.source).toBe("template — invented figure $4.2M");
    // a reply that states only the figures given (here: the template's own five lines) is Claude's
    claude.script({ kind: "text", text: invented.summary.lines.join("\n") });
    const good = JSON.parse((await cli(file, ["ritual", "preview", NAME, "--json"], env)).out) as {
      summary: { source: string; lines: string[] };
    };
    expect(good.summary.source).toBe("Claude");
    expect(good.summary.lines).toEqual(invented.summary.lines);
    // nothing but figures went to the model: no email address
    expect(claude.requests.some((q) => /@example\.com/.test(q.rawBody))).toBe(false);
  }, 120_000);

  it("run posts now through the Web API, recorded as a manual occurrence; history shows it and its summary's source", async () => {
    const file = await withRitual();
    const slack = await new FakeSlackApi().start();
    stops.push(() => slack.stop());
    slack.workspace.users.set("UFACIL01", { name: "facilitator" });
    slack.workspace.addChannel({
      id: "C0REVIEW1",
      name: "revenue-review",
      members: [slack.workspace.bot.userId],
    });
    const env = {
      SLACK_BOT_TOKEN: "xoxb-test-token",
      SLACK_SIGNING_SECRET: "test-signing-secret-0123456789",
      SLACK_API_URL: slack.apiUrl,
    };
    const r = await cli(file, ["ritual", "run", NAME], env);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^Posted the pre-read of "Monthly revenue review" in C0REVIEW1 \(ts \d+\.\d+\)\.$/);
    const top = slack.workspace.messages.filter((m) => m.channel === "C0REVIEW1" && !m.threadTs);
    expect(top).toHaveLength(1);
    expect(slack.workspace.messages.filter((m) => m.threadTs === top[0]?.ts).length).toBeGreaterThanOrEqual(
      8,
    );
    const history = await cli(file, ["ritual", "history", NAME]);
    expect(history.out).toContain(
      `posted     meeting Wed 4 Nov 2026 10:00 UTC  ts ${top[0]?.ts}  manual run by`,
    );
    expect(history.out).toContain("summary: template — written summaries are off (no ANTHROPIC_API_KEY)");
    const missing = await cli(file, ["ritual", "run", NAME]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("set SLACK_BOT_TOKEN");
  }, 120_000);
});
