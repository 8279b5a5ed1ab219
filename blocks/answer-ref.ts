import { parseScopeKey } from "../src/domain/crm";

/**
 * What a button carries so a click can show more of the same answer: the command, the scope and
 * period it showed (resolved: `team:West`, never the empty text typed, which would resolve to the
 * clicker's own default), top N, the page, and who shared it (for a message posted in the
 * channel). Kept small: Slack allows 2000 characters.
 */
export interface AnswerRef {
  /** the slash command's name without the slash, e.g. "deal-risk" */
  command: string;
  /** the scope shown, as a stored scope key: "company", "team:West", "rep:Noah Okafor" */
  scope: string;
  /** the period shown ("2026-11", "2026-Q4", "FY2026"); absent when the answer has none */
  period?: string;
  top?: number;
  page: number;
  /**
   * Who shared the message this button is on. Only ever compared with the clicker (a click by the
   * sharer may replace the channel message); never shown, since the sharer shown is the clicker.
   */
  sharedBy?: string;
}

const PERIOD_KEY = /^(\d{4}-\d{2}|\d{4}-Q[1-4]|FY\d{4})$/;
const SLACK_USER = /^[UW][A-Z0-9]+$/;

export function encodeAnswerRef(ref: AnswerRef): string {
  const value: Record<string, unknown> = { c: ref.command, k: ref.scope, p: ref.page };
  if (ref.period) value.d = ref.period;
  if (ref.top !== undefined) value.t = ref.top;
  if (ref.sharedBy) value.s = ref.sharedBy;
  return JSON.stringify(value);
}

const isCount = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v) && v >= 0;

/**
 * Null when the value is not shaped as this app makes them now (an older version's button, or a
 * tampered value). Whether the command is one the button answers for is the button's to say
 * (registerAnswerButton); whether the clicker may see the scope is answerCommand's.
 */
export function decodeAnswerRef(value: string | undefined): AnswerRef | null {
  if (!value) return null;
  let v: { c?: unknown; k?: unknown; d?: unknown; t?: unknown; p?: unknown; s?: unknown };
  try {
    v = JSON.parse(value);
  } catch {
    return null;
  }
  if (!v || typeof v !== "object") return null;
  if (typeof v.c !== "string" || v.c === "" || !isCount(v.p)) return null;
  if (typeof v.k !== "string" || parseScopeKey(v.k) === null) return null;
  const ref: AnswerRef = { command: v.c, scope: v.k, page: v.p };
  if (v.d !== undefined) {
    if (typeof v.d !== "string" || !PERIOD_KEY.test(v.d)) return null;
    ref.period = v.d;
  }
  if (v.t !== undefined) {
    if (!isCount(v.t) || v.t === 0) return null;
    ref.top = v.t;
  }
  if (v.s !== undefined) {
    if (typeof v.s !== "string" || !SLACK_USER.test(v.s)) return null;
    ref.sharedBy = v.s;
  }
  return ref;
}
