import { escapeMrkdwn, truncate } from "../../blocks/escape";
import type { RitualRecord } from "../store/rituals-repository";
import { formatInZone } from "./local-time";
import type { OutgoingMessage, UploadFile } from "./poster";

/**
 * The channel message for a ritual's occurrence. The full pre-read (summary, figures, thread)
 * plugs in as a PreReadComposer; until then `basicPreRead` posts the meeting time, in each
 * reader's own zone, and the agenda with its timeboxes.
 */

export interface PreReadRequest {
  ritual: RitualRecord;
  meetingAt: Date;
  occurrenceKey: string;
  /** "posted late: …" when it goes out late */
  lateNote: string | null;
  /** when it is built (the scheduler's clock) */
  now?: Date;
}

/** A file the pre-read uploads into its thread (a chart, the deck). */
export type ThreadFile = UploadFile;

/**
 * A pre-read: the channel message, then its thread (one message per section, paginated), then
 * the files uploaded into the thread; the summary and its source are recorded with the occurrence.
 */
export interface PreRead extends OutgoingMessage {
  thread?: OutgoingMessage[];
  files?: ThreadFile[];
  summary?: { lines: string[]; source: string } | null;
  /** when the analyses it states were computed (ISO-8601) */
  asOf?: string | null;
}

export type PreReadComposer = (request: PreReadRequest) => Promise<PreRead> | PreRead;

/** Slack shows `<!date^…>` in each reader's zone; the fallback is the ritual's zone. */
export function slackDate(instant: Date, zone: string): string {
  const unix = Math.floor(instant.getTime() / 1000);
  return `<!date^${unix}^{date_long_pretty} at {time}|${formatInZone(instant, zone)}>`;
}

export function basicPreRead(request: PreReadRequest): PreRead {
  const { ritual, meetingAt, lateNote } = request;
  const name = escapeMrkdwn(ritual.name);
  const when = slackDate(meetingAt, ritual.timeZone);
  const blocks: unknown[] = [];
  if (lateNote)
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `_${escapeMrkdwn(lateNote)}_` }] });
  blocks.push(
    { type: "header", text: { type: "plain_text", text: truncate(`${ritual.name}: pre-read`, 150) } },
    { type: "section", text: { type: "mrkdwn", text: `*Meeting:* ${when} (${ritual.durationMinutes} min)` } },
  );
  if (ritual.agenda.length > 0) {
    const lines = ritual.agenda.map((a, i) => `${i + 1}. ${escapeMrkdwn(a.title)} (${a.minutes} min)`);
    blocks.push({
      type: "section",
      text: { type: "mrkdwn", text: truncate(`*Agenda*\n${lines.join("\n")}`, 3000) },
    });
  }
  const text = `${lateNote ? `(${lateNote}) ` : ""}${name}: pre-read for the meeting ${when}`;
  return { text, blocks };
}
