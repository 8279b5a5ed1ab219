import type { StoredAnalysis } from "../../store/analyses-repository";

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      day: "numeric",
      month: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZoneName: "short",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const formatted = new Map<string, string>();

/** "24 Nov 06:00 UTC" in the workspace time zone (memoized: every answer of a refresh shares one as_of). */
export function formatInstant(iso: string, timeZone: string): string {
  const key = `${timeZone} ${iso}`;
  const seen = formatted.get(key);
  if (seen !== undefined) return seen;
  if (formatted.size > 1000) formatted.clear();
  const text = formatUncached(iso, timeZone);
  formatted.set(key, text);
  return text;
}

function formatUncached(iso: string, timeZone: string): string {
  const parts = formatter(timeZone).formatToParts(new Date(iso));
  const get = (t: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("day")} ${get("month")} ${get("hour")}:${get("minute")} ${get("timeZoneName")}`;
}

/** The trace line every answer carries: "as of 24 Nov 06:00 UTC · import #41 · definitions v3". */
export function asOfLine(
  stored: Pick<StoredAnalysis, "asOf" | "importId" | "definitionVersion">,
  timeZone: string,
): string {
  const source = stored.importId === null ? "no import" : `import #${stored.importId}`;
  return `as of ${formatInstant(stored.asOf, timeZone)} · ${source} · definitions v${stored.definitionVersion}`;
}
