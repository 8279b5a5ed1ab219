import { type ActionItem, isOverdue, todayByZone } from "../domain/action-items";

/**
 * Items as CSV (RFC 4180: CRLF line ends, a header row, fields quoted when they hold a comma, quote
 * or line break, quotes doubled). A cell starting with = + - @ (or a tab or carriage return) gets a
 * leading apostrophe, so a spreadsheet shows "=HYPERLINK(…)" as text instead of running it.
 */

export const ACTION_CSV_COLUMNS = [
  "id",
  "text",
  "owner",
  "creator",
  "state",
  "overdue",
  "deadline",
  "deadline_zone",
  "source",
  "review",
  "ritual",
  "deal_id",
  "created_at",
  "changed_at",
  "changed_by",
  "done_at",
  "drop_reason",
  "version",
] as const;

const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field: neutralised against formula injection, then quoted if it needs to be. */
export function csvField(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function actionItemsCsv(items: readonly ActionItem[], now: Date): string {
  const today = todayByZone(now);
  const rows = items.map((item) => [
    String(item.id),
    item.text,
    item.ownerId,
    item.creatorId,
    item.state,
    isOverdue(item, today) ? "yes" : "no",
    item.deadline,
    item.deadlineZone,
    item.source,
    item.reviewKey ?? "",
    item.ritual ?? "",
    item.dealId ?? "",
    item.createdAt,
    item.changedAt,
    item.changedBy,
    item.doneAt ?? "",
    item.dropReason ?? "",
    String(item.version),
  ]);
  return [[...ACTION_CSV_COLUMNS], ...rows].map((row) => `${row.map(csvField).join(",")}\r\n`).join("");
}
