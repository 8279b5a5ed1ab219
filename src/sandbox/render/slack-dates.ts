/**
 * Slack's `<!date^UNIX^format^link|fallback>`: a time written once by the bot and shown to each
 * reader in their own zone. The tokens and their English forms follow Slack's documentation
 * (en-US, 12-hour clock).
 */
import { DateTime } from "luxon";

export interface SlackDate {
  /** the formatted text, or the fallback when the timestamp is unreadable */
  text: string;
  link: string | null;
  /** tokens this renderer does not know, shown as placeholders by the caller */
  unknownTokens: string[];
}

/** 1st, 2nd, 3rd, 11th… */
export function ordinal(day: number): string {
  const tens = day % 100;
  if (tens >= 11 && tens <= 13) return `${day}th`;
  return `${day}${["th", "st", "nd", "rd"][day % 10] ?? "th"}`;
}

/** "today" / "yesterday" / "tomorrow" when the date is one of those in the viewer's zone. */
function relativeDay(at: DateTime, now: DateTime): string | null {
  const days = at.startOf("day").diff(now.startOf("day"), "days").days;
  if (days === 0) return "today";
  if (days === -1) return "yesterday";
  if (days === 1) return "tomorrow";
  return null;
}

/** Slack's {ago}: the rounding of "a few seconds ago", "2 hours ago", "in 3 days". */
export function ago(atMs: number, nowMs: number): string {
  const seconds = Math.round(Math.abs(nowMs - atMs) / 1000);
  const minutes = Math.round(seconds / 60);
  const hours = Math.round(minutes / 60);
  const days = Math.round(hours / 24);
  let span: string;
  if (seconds < 45) span = "a few seconds";
  else if (seconds < 90) span = "a minute";
  else if (minutes < 45) span = `${minutes} minutes`;
  else if (minutes < 90) span = "an hour";
  else if (hours < 22) span = `${hours} hours`;
  else if (hours < 36) span = "a day";
  else if (days < 26) span = `${days} days`;
  else if (days < 45) span = "a month";
  else if (days < 320) span = `${Math.round(days / 30.4375)} months`;
  else if (days < 548) span = "a year";
  else span = `${Math.round(days / 365.25)} years`;
  return atMs <= nowMs ? `${span} ago` : `in ${span}`;
}

function tokenText(token: string, at: DateTime, now: DateTime): string | null {
  const date = `${at.toFormat("LLLL")} ${ordinal(at.day)}, ${at.year}`;
  const dateShort = at.toFormat("LLL d, yyyy");
  const dateLong = `${at.toFormat("cccc")}, ${date}`;
  switch (token) {
    case "date_num":
      return at.toFormat("yyyy-LL-dd");
    case "date":
      return date;
    case "date_short":
      return dateShort;
    case "date_long":
      return dateLong;
    case "date_pretty":
      return relativeDay(at, now) ?? date;
    case "date_short_pretty":
      return relativeDay(at, now) ?? dateShort;
    case "date_long_pretty":
      return relativeDay(at, now) ?? dateLong;
    case "time":
      return at.toFormat("h:mm a");
    case "time_secs":
      return at.toFormat("h:mm:ss a");
    case "ago":
      return ago(at.toMillis(), now.toMillis());
    default:
      return null;
  }
}

/**
 * Reads the inside of `<!date^…>` (without `<!` and `>`), e.g.
 * `date^1392734382^{date_short_pretty} at {time}|Feb 18, 2014 at 6:39 AM`.
 */
export function formatSlackDate(control: string, timeZone: string, nowMs: number): SlackDate {
  const bar = control.indexOf("|");
  const fallback = bar === -1 ? "" : control.slice(bar + 1);
  const [, seconds = "", format = "", link = null] = (bar === -1 ? control : control.slice(0, bar)).split(
    "^",
  );
  const unix = Number(seconds);
  if (!/^-?\d+$/.test(seconds) || !Number.isSafeInteger(unix)) {
    return { text: fallback || control, link, unknownTokens: [] };
  }
  const at = DateTime.fromSeconds(unix, { zone: timeZone }).setLocale("en-US");
  const now = DateTime.fromMillis(nowMs, { zone: timeZone }).setLocale("en-US");
  const unknownTokens: string[] = [];
  const text = format.replace(/\{([a-z_]+)\}/g, (whole, token: string, offset: number) => {
    const value = tokenText(token, at, now);
    if (value === null) {
      unknownTokens.push(token);
      return whole;
    }
    // "Today at 9:00 AM": Slack capitalises a relative day that opens the text.
    return offset === 0 ? value.charAt(0).toUpperCase() + value.slice(1) : value;
  });
  return { text, link, unknownTokens };
}
