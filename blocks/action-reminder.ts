import { type ActionItem, todayByZone } from "../src/domain/action-items";
import { dayText, groupsThatFit, itemGroup, mention, slackTime } from "./action-item";
import { count, data } from "./format";
import type { Block, Message } from "./message";

/**
 * The one grouped reminder DM a person gets on a working day, and the facilitator's list of open
 * items the day before a review. Each item keeps Done / Change deadline at hand.
 */

export interface ReminderView {
  /** the recipient's date */
  localDate: string;
  overdue: readonly ActionItem[];
  dueSoon: readonly ActionItem[];
}

function moreLine(hidden: number, where: string): Block {
  return {
    type: "context",
    elements: [{ type: "mrkdwn", text: `…and ${count(hidden, "more item")}: ${where} lists them all.` }],
  };
}

/** "2 overdue · 3 due soon", each item with Done and a deadline picker, fitted to Slack's limits. */
export function reminderMessage(v: ReminderView, now: Date): Message {
  const today = todayByZone(now);
  const total = v.overdue.length + v.dueSoon.length;
  const head: Block[] = [
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: `*Your action items, ${dayText(v.localDate)}*: ${v.overdue.length} overdue · ${v.dueSoon.length} due in the next two days`,
      },
    },
  ];
  const sections: { title: string; items: readonly ActionItem[] }[] = [
    { title: ":warning: *Overdue*", items: v.overdue },
    { title: ":hourglass_flowing_sand: *Due soon*", items: v.dueSoon },
  ];
  const groups: Block[][] = [];
  for (const s of sections) {
    s.items.forEach((item, i) => {
      const group = itemGroup(item, today, { compact: true, showOwner: false });
      groups.push(i === 0 ? [{ type: "section", text: { type: "mrkdwn", text: s.title } }, ...group] : group);
    });
  }
  const fit = groupsThatFit(head, groups);
  const blocks = [...head, ...groups.slice(0, fit).flat()];
  if (fit < groups.length) blocks.push(moreLine(total - fit, "`/actions`"));
  blocks.push({
    type: "context",
    elements: [
      { type: "mrkdwn", text: "One reminder a working day at 09:00 your time, only when something is due." },
    ],
  });
  return { text: `Action items: ${v.overdue.length} overdue, ${v.dueSoon.length} due soon`, blocks };
}

export interface PreReviewDigestView {
  review: { key: string; at: string };
  previous: { key: string };
  openItems: readonly ActionItem[];
  /** flagged deals still without an action item past their 48 hours (name when still open) */
  withoutAction?: readonly { dealId: string; flaggedAt: string; name?: string | null }[];
}

const FLAGGED_LINES = 15;

/** For the facilitator, the day before a review: the previous review's items still open, by owner. */
export function preReviewDigestMessage(v: PreReviewDigestView, now: Date): Message {
  const today = todayByZone(now);
  const when = slackTime(v.review.at);
  const head: Block[] = [
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: `*Before ${data(v.review.key)}* (${when}): ${count(v.openItems.length, "item")} from ${data(v.previous.key)} still open`,
      },
    },
  ];
  const groups = v.openItems.map((item) => itemGroup(item, today));
  const fit = groupsThatFit(head, groups);
  const blocks = [...head, ...groups.slice(0, fit).flat()];
  if (fit < groups.length) blocks.push(moreLine(groups.length - fit, `\`/actions ritual\``));
  const owners = [...new Set(v.openItems.map((i) => i.ownerId))];
  if (owners.length > 0) {
    const named = owners.slice(0, 40).map(mention).join(", ");
    const others = owners.length > 40 ? ` and ${owners.length - 40} more` : "";
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `Owners: ${named}${others}` }] });
  }
  const flagged = v.withoutAction ?? [];
  if (flagged.length > 0) {
    const lines = flagged
      .slice(0, FLAGGED_LINES)
      .map((d) => `• ${data(d.name ?? d.dealId)} (${data(d.dealId)}), flagged ${slackTime(d.flaggedAt)}`);
    if (flagged.length > FLAGGED_LINES)
      lines.push(`…and ${count(flagged.length - FLAGGED_LINES, "more deal")}`);
    blocks.push({
      type: "section",
      text: {
        type: "mrkdwn",
        text: `:rotating_light: *${count(flagged.length, "deal")} flagged for executive attention without an action item within 48 h*\n${lines.join("\n")}`.slice(
          0,
          3000,
        ),
      },
    });
  }
  return {
    text: `Before ${data(v.review.key)}: ${count(v.openItems.length, "open item")} from ${data(v.previous.key)}`,
    blocks,
  };
}
