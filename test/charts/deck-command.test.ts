/**
 * `rituals deck` end to end: the sample company generated, imported and refreshed through the
 * command line, then each deck built by the command and opened as what it is (a zip of slide XML):
 * its slide titles, figures against the stored analyses, and every chart image in it.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSample, SAMPLE_FILES } from "../../data/sample/generate";
import { changeActionItem } from "../../src/actions/change-item";
import { createActionItem } from "../../src/actions/create-item";
import type { AttainmentResult } from "../../src/domain/analyses/attainment";
import type { DealRiskResult } from "../../src/domain/analyses/deal-risk";
import type { ForecastResult } from "../../src/domain/analyses/forecast";
import type { YearReviewResult } from "../../src/domain/analyses/year-review";
import { preReadKey } from "../../src/rituals/scheduler";
import { readLatestAnalysis } from "../../src/store/analyses-repository";
import { openDatabase } from "../../src/store/db";
import { insertOccurrence } from "../../src/store/occurrences-repository";
import { findRitualByName } from "../../src/store/rituals-repository";
import { runCli } from "../cli/run-cli";
import { keep } from "./png";
import { slides, slideText, unzip } from "./zip";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rituals-deck-cli-"));
const db = path.join(dir, "rituals.db");
const empty = path.join(dir, "empty.db");
const NOW = new Date("2026-12-02T15:00:00Z");
const AS_OF = "2026-12-01T09:00:00Z";

async function cli(args: string[], file = db) {
  return runCli(args, NOW, { DATABASE_PATH: file, WORKSPACE_TIMEZONE: "UTC", CURRENCY: "USD" });
}

/** The money as the deck writes it (three significant digits): $6.16M, $486K. */
function short(cents: number): string {
  const dollars = cents / 100;
  const [scale, suffix] = dollars >= 1e6 ? [1e6, "M"] : dollars >= 1e3 ? [1e3, "K"] : [1, ""];
  const v = dollars / scale;
  const digits = v >= 100 ? 0 : v >= 10 ? 1 : 2;
  return `$${Number(v.toFixed(digits))}${suffix}`;
}

function read<T>(name: Parameters<typeof readLatestAnalysis>[1], period: string): T {
  const handle = openDatabase(db);
  try {
    const stored = readLatestAnalysis<T>(handle, name, "company", period);
    if (!stored) throw new Error(`no ${name} stored for ${period}`);
    return stored.payload;
  } finally {
    handle.close();
  }
}

interface OpenedDeck {
  titles: string[];
  text: string[];
  files: Map<string, Buffer>;
}

function open(file: string): OpenedDeck {
  const pptx = fs.readFileSync(file);
  keep(path.basename(file), pptx);
  const files = unzip(pptx);
  const text = slides(files).map(slideText);
  // the title is the slide's first shape with text
  const titles = slides(files).map(
    (xml) =>
      xml
        .split("</p:sp>")
        .map(slideText)
        .find((t) => t !== "") ?? "",
  );
  return { titles, text, files };
}

/** Every picture each slide shows: the media files its relationships point to. */
function picturesBySlide(files: Map<string, Buffer>): string[][] {
  const out: string[][] = [];
  for (let i = 1; files.has(`ppt/slides/slide${i}.xml`); i++) {
    const rels = files.get(`ppt/slides/_rels/slide${i}.xml.rels`)?.toString("utf8") ?? "";
    out.push([...rels.matchAll(/Target="\.\.\/media\/([^"]+)"/g)].map((m) => m[1] as string));
  }
  return out;
}

beforeAll(async () => {
  const csv = path.join(dir, "csv");
  await generateSample({ outDir: csv, deals: 3000, seed: "deck-cli", month: "2026-11", today: "2026-12-01" });
  for (const f of SAMPLE_FILES) {
    const r = await cli(["import", f.kind, path.join(csv, f.file)]);
    expect(r.err).toBe("");
  }
  expect((await cli(["refresh", "--as-of", AS_OF])).code).toBe(0);
}, 120_000);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("rituals deck --kind monthly", () => {
  let deck: OpenedDeck;
  const charts = path.join(dir, "charts");
  beforeAll(async () => {
    const r = await cli(["deck", "--kind", "monthly", "--out", dir, "--charts", charts]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain(`MBR-2026-11: `);
    expect(r.out).toContain(
      `written to ${path.join(dir, "MBR-2026-11.pptx")} · figures as of 2026-12-01T09:00:00.000Z · 4 charts`,
    );
    deck = open(path.join(dir, "MBR-2026-11.pptx"));
  }, 60_000);

  it("reviews the month before the refresh, with the outline of issue 15 in order", () => {
    const outline = [
      "Monthly business review: November 2026",
      "Executive summary",
      "Month close: ",
      "Attainment by region and team",
      "Forecast accuracy: ",
      "Dec 2026 forecast: base ",
      "Dec 2026 forecast: methods and assumptions",
      "Pipeline health for Dec 2026: ",
      "Deal risk register (1 of ",
      "Action items from the last review",
      "Appendix: where every figure comes from",
      "Appendix: metric definitions",
    ];
    let at = -1;
    for (const start of outline) {
      const found = deck.titles.findIndex((t, i) => i > at && t.startsWith(start));
      expect(found, `"${start}…" after slide ${at + 1}: ${deck.titles.join(" | ")}`).toBeGreaterThan(at);
      at = found;
    }
  });

  it("states the stored month close, forecast and as-of", () => {
    const close = read<AttainmentResult>("attainment", "2026-11");
    expect(deck.titles).toContain(
      `Month close: bookings ${short(close.bookingsCents)} vs plan ${short(close.quotaCents)} (${((close.attainment ?? 0) * 100).toFixed(1)}%)`,
    );
    const next = read<ForecastResult>("forecast", "2026-12");
    expect(deck.titles).toContain(
      `Dec 2026 forecast: base ${short(next.scenarios.baseCents)} (range ${short(next.scenarios.conservativeCents)}–${short(next.scenarios.upsideCents)})`,
    );
    expect(deck.text[0]).toContain("Figures as of 1 Dec 2026 09:00 UTC");
    // the template summary opens with the same close
    expect(deck.text[1]).toContain(
      `November closed at ${short(close.bookingsCents)} against a ${short(close.quotaCents)} plan`,
    );
  });

  it("lists the top 20 of the stored risk register over numbered slides, nothing cut", () => {
    const register = read<DealRiskResult>("deal-risk", "2026-12").register.slice(0, 20);
    expect(register.length).toBe(20);
    const pages = deck.titles.filter((t) => t.startsWith("Deal risk register ("));
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.at(-1)).toBe(`Deal risk register (${pages.length} of ${pages.length})`);
    const text = deck.text.filter((_, i) => deck.titles[i]?.startsWith("Deal risk register (")).join("\n");
    for (const d of register) expect(text).toContain(d.name ?? d.dealId);
  });

  it("embeds every chart the pre-read uploads, each on its slide", () => {
    const written = fs.readdirSync(charts).sort();
    expect(written).toEqual([
      "attainment-distribution-2026-11.png",
      "forecast-vs-actual-2026-11.png",
      "pipeline-by-stage-2026-11.png",
      "scenario-range-2026-11.png",
    ]);
    const media = [...deck.files.keys()].filter((k) => k.startsWith("ppt/media/"));
    const embedded = media.map((k) => deck.files.get(k) as Buffer);
    for (const png of written) {
      const bytes = fs.readFileSync(path.join(charts, png));
      expect(
        embedded.some((b) => b.equals(bytes)),
        `${png} is in the deck`,
      ).toBe(true);
    }
    const pictures = picturesBySlide(deck.files);
    for (const start of [
      "Month close: ",
      "Forecast accuracy: ",
      "Dec 2026 forecast: base",
      "Pipeline health",
    ]) {
      const slide = deck.titles.findIndex((t) => t.startsWith(start));
      expect(pictures[slide]?.length, `a chart on "${start}…"`).toBe(1);
    }
  });

  it("is the same file when built again from the same figures", async () => {
    const again = path.join(dir, "again.pptx");
    expect((await cli(["deck", "--kind", "monthly", "--out", again])).code).toBe(0);
    expect(fs.readFileSync(again).equals(fs.readFileSync(path.join(dir, "MBR-2026-11.pptx")))).toBe(true);
  });
});

describe("rituals deck <ritual>", () => {
  it("carries the last review's action items and their completion rate", async () => {
    const added = await cli([
      "ritual",
      "add",
      "--name",
      "Monthly revenue review",
      "--kind",
      "monthly-review",
      "--channel",
      "C0123ABCD",
      "--schedule",
      "3rd business day after month end at 10:00",
      "--tz",
      "UTC",
    ]);
    expect(added.err).toBe("");
    const handle = openDatabase(db);
    try {
      const ritual = findRitualByName(handle, "Monthly revenue review");
      if (!ritual) throw new Error("the ritual was not added");
      // November's review, held: its pre-read posted
      const meetingAt = new Date("2026-11-04T10:00:00Z");
      const key = preReadKey(ritual.id, meetingAt);
      insertOccurrence(
        handle,
        {
          key,
          kind: "pre-read",
          subject: `ritual:${ritual.id}`,
          channelId: "C0123ABCD",
          dueAt: new Date("2026-11-03T10:00:00Z"),
          deadlineAt: meetingAt,
          note: null,
          payload: { ritualId: ritual.id, meetingAt: meetingAt.toISOString() },
        },
        new Date("2026-11-03T10:00:00Z"),
      );
      handle.prepare("UPDATE occurrences SET state = 'posted' WHERE occurrence_key = ?").run(key);
      const made = new Date("2026-11-04T11:00:00Z");
      const item = (text: string) =>
        createActionItem(
          handle,
          {
            text,
            ownerId: "U0OWNER01",
            creatorId: "U0OWNER01",
            deadline: "2026-11-20",
            ownerZone: "UTC",
            source: "review",
            reviewKey: key,
            ritual: String(ritual.id),
          },
          made,
        ).item;
      const done = item("Rebuild the Enterprise pipeline plan");
      item("Call the three stalled renewals");
      changeActionItem(
        handle,
        {
          itemId: done.id,
          change: { kind: "done" },
          actorId: "U0OWNER01",
          authority: { adminIds: new Set(), facilitatorsOf: () => [] },
        },
        new Date("2026-11-18T11:00:00Z"),
      );
    } finally {
      handle.close();
    }
    const out = path.join(dir, "ritual.pptx");
    const r = await cli(["deck", "Monthly revenue review", "--period", "2026-11", "--out", out]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const deck = open(out);
    const slide = deck.titles.findIndex((t) => t.startsWith("Action items"));
    const text = deck.text[slide] ?? "";
    expect(text).toContain("Rebuild the Enterprise pipeline plan");
    expect(text).toContain("Call the three stalled renewals");
    // one of two done so far: 50%, against the 80% target
    expect(text).toMatch(/50(\.0)?%/);
    expect(text).toContain("80%");
  });

  it("refuses a custom ritual, an unknown one, and both a ritual and --kind", async () => {
    await cli([
      "ritual",
      "add",
      "--name",
      "Weekly standup",
      "--kind",
      "custom",
      "--channel",
      "C0123ABCD",
      "--schedule",
      "every Monday at 09:00",
      "--tz",
      "UTC",
    ]);
    const custom = await cli(["deck", "Weekly standup"]);
    expect(custom.code).toBe(2);
    expect(custom.err).toContain('ritual "Weekly standup" is a custom ritual, which has no deck');
    const unknown = await cli(["deck", "Board review"]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toBe('rituals deck: no ritual named "Board review" (see `rituals ritual list`)');
    const both = await cli(["deck", "Weekly standup", "--kind", "monthly"]);
    expect(both.code).toBe(2);
    expect(both.err).toContain("give a ritual or --kind, not both");
  });
});

describe("rituals deck: the planning and year-end decks, and what it refuses", () => {
  it("builds the planning deck for the quarter after the refresh", async () => {
    const r = await cli(["deck", "--kind", "planning", "--out", dir]);
    expect(r.err).toBe("");
    const deck = open(path.join(dir, "Planning-2027-Q1.pptx"));
    expect(deck.titles[0]).toBe("Quarterly planning: Q1 2027");
    expect(deck.text[1]).toContain("Week 3 of 4 planning");
    expect(picturesBySlide(deck.files).flat().length).toBeGreaterThanOrEqual(2);
  });

  it("builds the year-end deck from the stored year review", async () => {
    const r = await cli(["deck", "--kind", "year-end", "--period", "FY2026", "--out", dir]);
    expect(r.err).toBe("");
    const deck = open(path.join(dir, "Year-end-FY2026.pptx"));
    const year = read<YearReviewResult>("year-review", "FY2026");
    expect(deck.titles[0]).toBe("Year-end review: FY2026");
    expect(deck.text.join("\n")).toContain(short(year.summary.bookingsCents));
    expect(picturesBySlide(deck.files).flat().length).toBeGreaterThanOrEqual(1);
  });

  it("says what is missing: no refresh, a period of the wrong kind, a period not stored", async () => {
    openDatabase(empty).close();
    const none = await cli(["deck", "--kind", "monthly"], empty);
    expect(none.code).toBe(1);
    expect(none.err).toBe("rituals deck: no analyses stored yet: run `rituals refresh` first");
    const wrong = await cli(["deck", "--kind", "monthly", "--period", "2026-Q4"]);
    expect(wrong.err).toBe(
      'rituals deck: period "2026-Q4": the monthly-review deck covers a month, e.g. 2026-11',
    );
    const old = await cli(["deck", "--kind", "monthly", "--period", "2025-01"]);
    expect(old.code).toBe(1);
    expect(old.err).toMatch(/^rituals deck: no attainment analysis stored for 2025-01 \(the month close\)/);
    const notPptx = await cli(["deck", "--kind", "monthly", "--out", path.join(dir, "deck.pdf")]);
    expect(notPptx.code).toBe(2);
    expect(notPptx.err).toContain('--out "');
  });
});
