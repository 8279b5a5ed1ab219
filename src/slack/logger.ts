import { type Logger, LogLevel } from "@slack/bolt";
import { redactValue } from "./redact";

const SEVERITY: Record<LogLevel, number> = {
  [LogLevel.DEBUG]: 0,
  [LogLevel.INFO]: 1,
  [LogLevel.WARN]: 2,
  [LogLevel.ERROR]: 3,
};

/** Bolt's console logger, as Bolt would build it: "[WARN]  name message" at `level` and above. */
export function consoleLogger(level: LogLevel): Logger {
  let threshold = level;
  let name = "";
  const at =
    (lineLevel: LogLevel, write: (...msg: unknown[]) => void) =>
    (...msg: unknown[]) => {
      if (SEVERITY[lineLevel] < SEVERITY[threshold]) return;
      const label = `[${lineLevel.toUpperCase()}]`.padEnd(8);
      write(label, ...(name ? [name] : []), ...msg);
    };
  return {
    debug: at(LogLevel.DEBUG, console.debug),
    info: at(LogLevel.INFO, console.info),
    warn: at(LogLevel.WARN, console.warn),
    error: at(LogLevel.ERROR, console.error),
    setLevel: (l) => {
      threshold = l;
    },
    getLevel: () => threshold,
    setName: (n) => {
      name = n;
    },
  };
}

/**
 * A logger that redacts every argument before the wrapped one sees it: Bolt, its receivers and
 * its Web API clients all log through the one createApp builds. A line below the wrapped logger's
 * level is dropped before redaction: Bolt writes several debug lines for every request, and
 * redacting them (each argument serialized and scanned) only to throw them away cost every
 * slash command.
 */
export function redactingLogger(inner: Logger): Logger {
  const redacted =
    (lineLevel: LogLevel, write: (...msg: unknown[]) => void) =>
    (...msg: unknown[]) => {
      if (SEVERITY[lineLevel] < SEVERITY[inner.getLevel()]) return;
      write(...msg.map(redactValue));
    };
  return {
    debug: redacted(LogLevel.DEBUG, (...m) => inner.debug(...m)),
    info: redacted(LogLevel.INFO, (...m) => inner.info(...m)),
    warn: redacted(LogLevel.WARN, (...m) => inner.warn(...m)),
    error: redacted(LogLevel.ERROR, (...m) => inner.error(...m)),
    setLevel: (level) => inner.setLevel(level),
    getLevel: () => inner.getLevel(),
    setName: (name) => inner.setName(name),
  };
}
