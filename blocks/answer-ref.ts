/**
 * What a button carries so a click can rebuild the answer: command, canonical arguments, page,
 * and who shared it (for a message already posted in the channel). Kept small: Slack allows 2000.
 */
export interface AnswerRef {
  /** the slash command's name without the slash, e.g. "deal-risk" */
  command: string;
  args: string;
  page: number;
  sharedBy?: string;
}

export function encodeAnswerRef(ref: AnswerRef): string {
  const value: Record<string, unknown> = { c: ref.command, a: ref.args, p: ref.page };
  if (ref.sharedBy) value.s = ref.sharedBy;
  return JSON.stringify(value);
}

/**
 * Null when the value is not shaped as this app makes them (or was tampered with). Whether the
 * command is one the button answers for is the button's to say (registerAnswerButton).
 */
export function decodeAnswerRef(value: string | undefined): AnswerRef | null {
  if (!value) return null;
  try {
    const v = JSON.parse(value) as { c?: unknown; a?: unknown; p?: unknown; s?: unknown };
    if (typeof v.c !== "string" || v.c === "") return null;
    if (typeof v.a !== "string" || typeof v.p !== "number" || !Number.isInteger(v.p) || v.p < 0) return null;
    const ref: AnswerRef = { command: v.c, args: v.a, page: v.p };
    if (typeof v.s === "string" && /^[UW][A-Z0-9]+$/.test(v.s)) ref.sharedBy = v.s;
    return ref;
  } catch {
    return null;
  }
}
