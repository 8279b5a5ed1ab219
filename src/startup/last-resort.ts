import { redactValue } from "../slack/redact";

/** Where in the code an error was thrown: its first stack frame, for the one line that reports it. */
function thrownAt(error: unknown): string {
  const frame =
    error instanceof Error ? error.stack?.split("\n").find((l) => l.trim().startsWith("at ")) : undefined;
  return frame ? ` (${frame.trim()})` : "";
}

/**
 * The last resort for an error nothing else handled, reported in one redacted line (a Slack
 * error's full inspect prints the request's Authorization header). A rejected promise nobody
 * awaited is one request's failure: the process keeps serving. A thrown exception may have
 * left any state half-changed, so the process stops, saying so.
 */
export function installLastResortHandlers(
  complain: (line: string) => void,
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  process.on("unhandledRejection", (reason) => {
    complain(
      `Revenue Rituals: an unhandled failure, still serving: ${redactValue(reason)}${thrownAt(reason)}`,
    );
  });
  process.on("uncaughtException", (error) => {
    complain(`Revenue Rituals stopped on an unexpected error: ${redactValue(error)}${thrownAt(error)}`);
    exit(1);
  });
}
