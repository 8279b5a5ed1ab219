import { escapeMrkdwn, truncate } from "./escape";
import { LIMITS } from "./limits";
import type { Block, Message } from "./message";

/**
 * `/rituals list` and `/rituals next`: every ritual with its schedule in words, next meeting and
 * pre-read (Slack's date formatting, so each reader sees their own zone), state and last
 * occurrence, with a button that sends the meetings as an .ics file; and the upcoming posts and
 * meetings of all rituals in the reader's zone.
 */

export const RitualListIds = {
  /** the "Add to calendar (.ics)" button; its value is the ritual's id */
  ics: "ritual_ics",
} as const;

export interface RitualListRow {
  id: number;
  name: string;
  kind: string;
  channelId: string;
  /** the schedule in words, with its zone */
  schedule: string;
  status: "active" | "paused";
  /**
   * trusted mrkdwn (Slack date tokens): the next meeting, and the next pre-read still to go out
   * (the following meeting's once the next one's has been posted); null when the schedule ended
   */
  next: { meeting: string; post: string | null } | null;
  /** the newest occurrence: state, when (trusted mrkdwn), and why it ended so */
  last: { state: string; when: string; reason: string | null } | null;
}

const LAST_WORDS: Record<string, string> = {
  posted: ":white_check_mark: posted",
  late: ":hourglass: posted late",
  missed: ":x: missed",
  failed: ":x: failed",
  cancelled: ":heavy_minus_sign: not posted",
  pending: ":hourglass_flowing_sand: due, being posted",
  claimed: ":hourglass_flowing_sand: due, being posted",
};

function lastLine(last: RitualListRow["last"]): string {
  if (!last) return "Last pre-read: none yet";
  const words = LAST_WORDS[last.state] ?? escapeMrkdwn(last.state);
  const reason = last.reason ? `: ${escapeMrkdwn(truncate(last.reason, 300))}` : "";
  return `Last pre-read: ${words} (${last.when})${reason}`;
}

function rowText(row: RitualListRow): string {
  const state = row.status === "paused" ? ":double_vertical_bar: *paused*" : ":large_green_circle: active";
  const next =
    row.status === "paused"
      ? "Nothing is posted while paused."
      : row.next
        ? `Next meeting ${row.next.meeting}${row.next.post ? ` · next pre-read ${row.next.post}` : ""}`
        : "No meetings ahead: the schedule has ended.";
  return truncate(
    [
      `*${escapeMrkdwn(row.name)}* · ${escapeMrkdwn(row.kind)} · <#${row.channelId}> · ${state}`,
      escapeMrkdwn(row.schedule),
      next,
      lastLine(row.last),
    ].join("\n"),
    LIMITS.sectionText,
  );
}

/** One section per ritual, its .ics button beside it; past Slack's block limit, a count of the rest. */
export function ritualListMessage(rows: readonly RitualListRow[], footer: string): Message {
  if (rows.length === 0) {
    const text = "No rituals yet. An admin can set one up with `/rituals new`.";
    return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
  }
  const room = LIMITS.blocksPerMessage - 2;
  const shown = rows.slice(0, room);
  const blocks: Block[] = [
    { type: "header", text: { type: "plain_text", text: `Rituals (${rows.length})` } },
    ...shown.map(
      (row): Block => ({
        type: "section",
        block_id: `ritual_${row.id}`,
        text: { type: "mrkdwn", text: rowText(row) },
        accessory: {
          type: "button",
          action_id: RitualListIds.ics,
          text: { type: "plain_text", text: "Add to calendar (.ics)" },
          value: String(row.id),
        },
      }),
    ),
  ];
  const more = rows.length - shown.length;
  blocks.push({
    type: "context",
    elements: [
      {
        type: "mrkdwn",
        text: truncate(
          `${more > 0 ? `${more} more not shown (\`rituals ritual list\` on the server lists all). ` : ""}${footer}`,
          LIMITS.sectionText,
        ),
      },
    ],
  });
  return {
    text: truncate(`Rituals: ${rows.map((r) => escapeMrkdwn(r.name)).join(", ")}`, LIMITS.sectionText),
    blocks,
  };
}

export interface UpcomingEvent {
  /** trusted mrkdwn: a Slack date token with the reader's-zone fallback */
  when: string;
  what: "pre-read" | "meeting";
  ritual: string;
  channelId: string;
}

/** `/rituals next`: the upcoming posts and meetings, soonest first, in the reader's zone. */
export function upcomingMessage(events: readonly UpcomingEvent[], zoneLine: string): Message {
  if (events.length === 0) {
    const text = "Nothing is coming up: no active ritual has a meeting ahead.";
    return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
  }
  const lines = events.map(
    (e) =>
      `• ${e.when} — ${e.what === "pre-read" ? ":memo: pre-read of" : ":busts_in_silhouette: meeting:"} *${escapeMrkdwn(e.ritual)}* in <#${e.channelId}>`,
  );
  return {
    text: `Coming up: ${events.length} posts and meetings`,
    blocks: [
      { type: "header", text: { type: "plain_text", text: "Coming up" } },
      { type: "section", text: { type: "mrkdwn", text: truncate(lines.join("\n"), LIMITS.sectionText) } },
      { type: "context", elements: [{ type: "mrkdwn", text: truncate(zoneLine, LIMITS.sectionText) }] },
    ],
  };
}
