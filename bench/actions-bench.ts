/**
 * The reminder run over 10,000 open action items of 500 people (benchmarks.md, "Rituals and
 * reminders"): read the open items and the people's zones, work out who is due a reminder now,
 * build every grouped DM, claim each send once and queue it. Budget < 2 s. There is no reference
 * figure for it yet, so the absolute time is printed with the machine's load average beside it.
 *
 * Timed in this process, as the bot's reminder loop runs it; the items are stored untimed first.
 * Each timed round starts with no sends claimed; a last round checks nothing is queued twice.
 */
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { reminderMessage } from "../blocks/action-reminder";
import type { Message } from "../blocks/message";
import { createActionItem } from "../src/actions/create-item";
import { claimReminders, dueDailyReminders } from "../src/actions/reminders";
import { recordUserZone, zoneLookup } from "../src/actions/user-zones";
import { addDays } from "../src/domain/period";
import { listActionItems } from "../src/store/actions-repository";
import { type Db, openDatabase } from "../src/store/db";
import { type BenchFigure, type BenchOptions, figure } from "./lib/figure";

export const name = "actions";

/** 15:00 UTC on a Wednesday: 09:00 in Chicago, 10:00 New York, 15:00 London, 16:00 Berlin. */
const NOW = new Date("2026-11-25T15:00:00Z");
const ZONES = ["America/Chicago", "America/New_York", "Europe/London", "Europe/Berlin"];
const ROUNDS = 3;

function seed(db: Db, items: number, people: number): void {
  const createdAt = new Date("2026-11-10T12:00:00Z");
  const userId = (p: number) => `UBENCH${String(p).padStart(4, "0")}`;
  db.transaction(() => {
    for (let p = 0; p < people; p++)
      recordUserZone(db, userId(p), ZONES[p % ZONES.length] as string, createdAt);
    for (let i = 0; i < items; i++) {
      const p = i % people;
      createActionItem(
        db,
        {
          text: `Follow up on renewal ${i}: confirm budget, champion and paper process`,
          ownerId: userId(p),
          creatorId: userId((p + 1) % people),
          // deadlines from ten days overdue to ten days ahead
          deadline: addDays("2026-11-15", Math.floor(i / people) % 21),
          ownerZone: ZONES[p % ZONES.length] as string,
          source: i % 3 === 0 ? "deal" : "manual",
          dealId: i % 3 === 0 ? `OPP-${i}` : null,
        },
        createdAt,
      );
    }
  })();
}

/** One reminder run; returns the messages it queued. */
function reminderRun(db: Db, queue: { channel: string; message: Message }[]): void {
  const zoneOf = zoneLookup(db, "UTC");
  const open = listActionItems(db, { states: ["open"] });
  const due = dueDailyReminders(open, zoneOf, NOW);
  for (const reminder of claimReminders(db, due, "daily", NOW)) {
    queue.push({ channel: reminder.recipientId, message: reminderMessage(reminder, NOW) });
  }
}

export async function run(options: BenchOptions): Promise<BenchFigure[]> {
  const items = options.quick ? 2_000 : 10_000;
  const people = options.quick ? 100 : 500;
  const db = openDatabase(path.join(options.workDir, "actions.db"));
  try {
    options.log(`storing ${items.toLocaleString("en-US")} open items of ${people} people`);
    seed(db, items, people);
    const seconds: number[] = [];
    let queued: { channel: string; message: Message }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      db.exec("DELETE FROM reminder_sends");
      queued = [];
      const start = performance.now();
      reminderRun(db, queued);
      seconds.push((performance.now() - start) / 1000);
      options.log(`round ${round + 1}: ${queued.length} DMs in ${seconds.at(-1)?.toFixed(3)} s`);
    }
    const again: { channel: string; message: Message }[] = [];
    reminderRun(db, again);
    const median = [...seconds].sort((a, b) => a - b)[Math.floor(ROUNDS / 2)] as number;
    const itemsInDms = queued.reduce(
      (n, q) => n + q.message.blocks.filter((b) => b.type === "actions").length,
      0,
    );
    const full = !options.quick;
    const size = full ? "10k_items_500_people" : "quick";
    return [
      figure(`actions.reminders.${size}.s`, median, "s", "< 2 s (median of 3)", full ? median < 2 : null),
      // the first round pays for preparing statements and warming the code: the day's first run
      figure(
        `actions.reminders.${size}.first_round_s`,
        seconds[0] as number,
        "s",
        "< 2 s",
        full ? (seconds[0] as number) < 2 : null,
      ),
      figure(
        `actions.reminders.${size}.dms_queued`,
        queued.length,
        "DMs",
        full ? "one per person (500)" : "",
        full ? queued.length === people : null,
      ),
      figure(`actions.reminders.${size}.items_in_dms`, itemsInDms, "items"),
      figure(
        `actions.reminders.${size}.queued_again`,
        again.length,
        "DMs",
        "0 (once per person and day)",
        again.length === 0,
      ),
      figure("actions.reminders.load_avg_1m", os.loadavg()[0] as number, "load"),
    ];
  } finally {
    db.close();
  }
}
