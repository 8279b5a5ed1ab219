import { type Logger, LogLevel } from "@slack/bolt";

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
