import type { StoredAnalysis } from "../store/analyses-repository";

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", {
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

/** "24 Nov 06:00 UTC" in the workspace time zone. */
export function formatInstant(iso: string, timeZone: string): string {
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
