import { webApi } from "@slack/bolt";
import { afterEach, describe, expect, it } from "vitest";
import { limitViolations } from "../../blocks/limits";
import type { Message } from "../../blocks/message";
import { createRitual, type RitualDraft } from "../../src/rituals/definitions";
import type { PreReadComposer } from "../../src/rituals/message";
import { RitualScheduler, ritualSubject } from "../../src/rituals/scheduler";
import { SCHEDULER_WEB_API_OPTIONS, SlackPoster } from "../../src/rituals/slack-poster";
import { listOccurrences } from "../../src/store/occurrences-repository";
import { ManualClock } from "../rituals/helpers";
import { BOT_TOKEN, visibleText } from "./harness";
import { ADMIN, FACILITATOR, NOW, REP, type RitualsSlack, startRitualsSlack } from "./rituals-harness";

let t: RitualsSlack;
afterEach(async () => {
  await t?.stop();
});

const REVIEW: RitualDraft = {
  name: "Monthly revenue review",
  kind: "monthly-review",
  channel: "C0123ABCD",
  schedule: "3rd business day after month end at 10:00",
  zone: "America/New_York",
  facilitator: FACILITATOR,
};

/** A pre-read with a thread: the channel message, then `threadCount` thread messages of 20 blocks. */
function composer(threadCount: number): PreReadComposer {
  const section = (text: string) => ({ type: "section", text: { type: "mrkdwn", text } });
  return ({ ritual }) => ({
    text: `${ritual.name}: pre-read`,
    blocks: [section(`*${ritual.name}* pre-read`)],
    thread: Array.from({ length: threadCount }, (_, i) => ({
      text: `part ${i + 1}`,
      blocks: Array.from({ length: 20 }, (_, j) => section(`part ${i + 1} line ${j + 1}`)),
    })),
    files: [
      { filename: "attainment.png", title: "Attainment", alt: "Attainment by band", bytes: Buffer.from("") },
    ],
    summary: { lines: ["one"], source: "template" },
    asOf: "2026-11-20T06:00:00.000Z",
  });
}

async function start(threadCount = 0) {
  const clock = new ManualClock(NOW);
  t = await startRitualsSlack({
    now: () => clock.now(),
    rituals: (db, fake) =>
      new RitualScheduler({
        db,
        clock,
        poster: new SlackPoster(
          new webApi.WebClient(BOT_TOKEN, { ...SCHEDULER_WEB_API_OPTIONS, slackApiUrl: fake.apiUrl }),
        ),
        notifier: { notify: async () => {} },
        holder: "test",
        compose: composer(threadCount),
      }),
  });
  t.fake.workspace.addChannel({ id: "C0123ABCD", name: "revenue-review", members: [ADMIN, "UBOT"] });
  return createRitual(
    { db: t.db, now: clock.now(), actor: { operator: "test" }, adminIds: new Set(), fiscalYearStartMonth: 1 },
    REVIEW,
  );
}

const pagesOf = async (responseId: string, count: number) => {
  await t.fake.waitFor(
    (c) =>
      c.method === "response_url" &&
      t.fake.callsOf("response_url").filter((r) => r.responseId === responseId).length === count,
  );
  return t.fake
    .callsOf("response_url")
    .filter((r) => r.responseId === responseId)
    .map((r) => r.body as unknown as Message);
};

describe("/rituals run", () => {
  it("posts the pre-read into the ritual's channel now, recorded as a manual occurrence by the requester", async () => {
    const ritual = await start();
    const ack = await t.rituals("run Monthly revenue review", FACILITATOR, "run");
    expect(visibleText(ack.json?.blocks as unknown[])).toContain(
      "Posting the pre-read of *Monthly revenue review* in <#C0123ABCD> now",
    );
    const [done] = await pagesOf("run", 1);
    expect(visibleText(done?.blocks ?? [])).toBe(
      ":white_check_mark: Posted the pre-read of *Monthly revenue review* in <#C0123ABCD>, recorded as a manual occurrence.",
    );
    const posted = t.fake.workspace.messages.filter((m) => m.channel === "C0123ABCD");
    expect(posted).toHaveLength(1);
    expect(posted[0]?.text).toBe("Monthly revenue review: pre-read");
    const [row] = listOccurrences(t.db, ritualSubject(ritual.id));
    expect(row).toMatchObject({ state: "posted", messageTs: posted[0]?.ts });
    expect(row?.payload).toMatchObject({ manual: true, requestedBy: FACILITATOR });
  });

  it("is refused to a rep, and nothing is posted", async () => {
    await start();
    const reply = await t.rituals("run Monthly revenue review", REP);
    expect(visibleText(reply.json?.blocks as unknown[])).toBe(
      ":no_entry: Only admins and the ritual's facilitator may run *Monthly revenue review*.",
    );
    expect(t.fake.callsOf("chat.postMessage")).toHaveLength(0);
  });

  it("says why a paused ritual's run posted nothing", async () => {
    await start();
    await t.rituals("pause Monthly revenue review", ADMIN);
    await t.rituals("run Monthly revenue review", ADMIN, "paused");
    const [done] = await pagesOf("paused", 1);
    expect(visibleText(done?.blocks ?? [])).toBe(
      ":x: The pre-read of *Monthly revenue review* was not posted (cancelled): the ritual is paused.",
    );
    expect(t.fake.callsOf("chat.postMessage")).toHaveLength(0);
  });
});

describe("/rituals preview", () => {
  it("shows privately exactly what would be posted, thread included, and posts nothing", async () => {
    await start(3);
    const ack = await t.rituals("preview monthly revenue review", FACILITATOR, "preview");
    expect(ack.text).toBe("");
    const pages = await pagesOf("preview", 2);
    for (const page of pages) expect(limitViolations({ blocks: page.blocks })).toEqual([]);
    const first = visibleText(pages[0]?.blocks ?? []);
    expect(first).toContain("*Preview of Monthly revenue review*");
    expect(first).toContain("nothing is posted. It would go to <#C0123ABCD>.");
    expect(first).toContain("Analyses as of 2026-11-20T06:00:00.000Z. Summary: template.");
    expect(first).toContain("Files in the thread: attainment.png (Attainment by band).");
    expect(first).toContain("*Monthly revenue review* pre-read");
    expect(first).toContain("*Thread message 2 of 3:*");
    expect(first).toContain("part 2 line 20");
    const second = visibleText(pages[1]?.blocks ?? []);
    expect(second).toContain("*Thread message 3 of 3:*");
    expect(second).toContain("part 3 line 20");
    expect(t.fake.callsOf("chat.postMessage")).toHaveLength(0);
  });

  it("counts the thread messages past Slack's five replies instead of cutting them silently", async () => {
    await start(12);
    await t.rituals("preview Monthly revenue review", ADMIN, "long");
    const pages = await pagesOf("long", 5);
    const last = visibleText(pages[4]?.blocks ?? []);
    expect(last).toMatch(
      /\d+ more thread messages not shown: Slack takes five private replies to a command\./,
    );
    const shown = pages.flatMap((p) => visibleText(p.blocks).match(/Thread message \d+ of 12/g) ?? []);
    const left = Number(/(\d+) more thread messages/.exec(last)?.[1]);
    expect(shown.length + left).toBe(12);
  });
});
