/**
 * What the Slack listeners may ask of the rituals runtime (`/rituals run`, `/rituals preview`):
 * a small interface, so `src/slack` and `commands/` need nothing from `src/rituals` but this shape.
 * The rituals scheduler implements it; createApp passes it in SlackDeps when rituals run.
 */

/** A message as it would be (or was) posted: the fallback text and its Block Kit. */
export interface RitualMessageView {
  text: string;
  blocks?: unknown[];
}

/** What `/rituals preview` shows: exactly what would be posted if it went out now. */
export interface RitualPreviewView extends RitualMessageView {
  /** the thread's messages, in order */
  thread: RitualMessageView[];
  /** the files uploaded into the thread (charts, deck) */
  files: { filename: string; title: string; alt: string }[];
  /** the executive summary and where it came from ("Claude", "template — …"); null without one */
  summary: { lines: string[]; source: string } | null;
  /** when the analyses it states were computed (ISO-8601), null when it states none */
  asOf: string | null;
}

/** How a manual run ended: posted (with its ts), or why not. */
export interface RitualRunView {
  state: "posted" | "late" | "missed" | "failed" | "cancelled" | "not-ours";
  ts?: string;
  reason?: string;
}

export interface RitualsService {
  /** Posts the ritual's pre-read now, recorded as a manual occurrence requested by `requestedBy`. */
  runNow(ritualId: number, requestedBy: string, now: Date): Promise<RitualRunView>;
  /** Builds the pre-read for the ritual's next meeting, as it would be posted now; posts nothing. */
  preview(ritualId: number, now: Date): Promise<RitualPreviewView>;
}
