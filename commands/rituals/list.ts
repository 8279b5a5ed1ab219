import type { Message } from "../../blocks/message";
import {
  type RitualListRow,
  ritualListMessage,
  type UpcomingEvent,
  upcomingMessage,
} from "../../blocks/ritual-list";
import type { Config } from "../../src/config";
import { describeRitualSchedule, ritualSchedule } from "../../src/rituals/definitions";
import { slackDate } from "../../src/rituals/message";
import { DAILY_REFRESH, refreshRunOutcome, refreshScheduleStatus } from "../../src/rituals/refresh-schedule";
import { upcoming } from "../../src/rituals/schedule";
import { ritualSubject } from "../../src/rituals/scheduler";
import type { Db } from "../../src/store/db";
import { listOccurrences } from "../../src/store/occurrences-repository";
import { listRituals, type RitualRecord } from "../../src/store/rituals-repository";
import { findSchedule } from "../../src/store/schedules-repository";

/** `/rituals list` and `/rituals next`, from the stored rituals and their occurrences. */

interface ListDeps {
  db: Db;
  config: Config;
  clock: () => Date;
}

function row(deps: ListDeps, ritual: RitualRecord, now: Date): RitualListRow {
  const zone = ritual.timeZone;
  const coming = upcoming(ritualSchedule(ritual), now, 2);
  const next = coming[0];
  const nextPost = coming.find((o) => o.postAt >= now);
  const [last] = listOccurrences(deps.db, ritualSubject(ritual.id), 1);
  return {
    id: ritual.id,
    name: ritual.name,
    kind: ritual.kind,
    channelId: ritual.channelId,
    schedule: `${describeRitualSchedule(ritual, deps.config.FISCAL_YEAR_START_MONTH)} (${zone})`,
    status: ritual.status,
    next: next
      ? { meeting: slackDate(next.meetingAt, zone), post: nextPost ? slackDate(nextPost.postAt, zone) : null }
      : null,
    last: last
      ? {
          state: last.state,
          when: slackDate(new Date(last.finishedAt ?? last.dueAt), zone),
          reason: last.state === "posted" ? null : (last.reason ?? last.note),
        }
      : null,
  };
}

export function ritualsList(deps: ListDeps): Message {
  const now = deps.clock();
  const rows = listRituals(deps.db).map((r) => row(deps, r, now));
  return ritualListMessage(
    rows,
    "Times show in your own zone. `/rituals edit <name>` changes one; `/rituals next` lists what is coming up.",
  );
}

/** How many posts and meetings `/rituals next` shows. */
const NEXT_COUNT = 12;

/** The upcoming pre-reads and meetings of every active ritual, soonest first, read in `zone`. */
export function ritualsNext(deps: ListDeps, zone: string, zoneSource: "slack" | "workspace"): Message {
  const now = deps.clock();
  const events: (UpcomingEvent & { at: number })[] = [];
  for (const ritual of listRituals(deps.db, "active")) {
    for (const o of upcoming(ritualSchedule(ritual), now, NEXT_COUNT)) {
      const base = { ritual: ritual.name, channelId: ritual.channelId };
      if (o.postAt >= now)
        events.push({ ...base, what: "pre-read", at: o.postAt.getTime(), when: slackDate(o.postAt, zone) });
      events.push({
        ...base,
        what: "meeting",
        at: o.meetingAt.getTime(),
        when: slackDate(o.meetingAt, zone),
      });
    }
  }
  events.sort((a, b) => a.at - b.at || (a.what === "pre-read" ? -1 : 1));
  const source =
    zoneSource === "slack"
      ? `your Slack time zone, ${zone}`
      : `the workspace's zone, ${zone} (your Slack profile gave none)`;
  return upcomingMessage(
    events.slice(0, NEXT_COUNT).map(({ at: _at, ...e }) => e),
    `Times show in ${source}.\n${refreshLine(deps, zone, now)}`,
  );
}

/** The daily refresh of the analyses: its schedule, next run and the last run's outcome. */
function refreshLine(deps: ListDeps, zone: string, now: Date): string {
  const status = refreshScheduleStatus(
    deps.db,
    findSchedule(deps.db, DAILY_REFRESH),
    deps.config.WORKSPACE_TIMEZONE,
    now,
  );
  const next = status.next ? `; next ${slackDate(status.next, zone)}` : "";
  const last = status.last;
  const lastText = last
    ? `; last ${slackDate(new Date(last.finishedAt ?? last.dueAt), zone)}: ${refreshRunOutcome(last)}${
        last.state === "failed" && last.reason ? ` (${last.reason})` : ""
      }`
    : "; no run recorded yet";
  return `:arrows_counterclockwise: Analyses refresh ${status.words} (${status.zone})${next}${lastText}.`;
}
