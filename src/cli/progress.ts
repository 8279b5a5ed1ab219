/**
 * The progress line of a long command (import, sample, refresh, deck): on a terminal one line on
 * stderr, redrawn in place with what is done, the rate and the time left; piped, redirected or in
 * CI nothing at all, so logs and scripts see only the command's summary.
 */

/** Where a progress line is drawn: stderr when it is a terminal (and not CI), else nowhere. */
export interface ProgressTarget {
  isTTY: boolean;
  write: (text: string) => void;
  /** terminal width; the line is cut to fit so it never wraps (a wrapped line cannot be redrawn) */
  columns?: number;
}

export interface ProgressUpdate {
  /** what is done so far, in `unit`s */
  done: number;
  /** how many there are, when known */
  total?: number | null;
  /** "rows", "deals", "analyses", "steps" */
  unit: string;
  /** share done (0–1) when it is known otherwise than done / total, e.g. bytes of a file read */
  fraction?: number | null;
  /** what is being done now: "opportunities.csv", "forecast" */
  note?: string;
}

export interface ProgressLine {
  update(update: ProgressUpdate): void;
  /** clears the line, so the summary printed next starts on a clean line */
  done(): void;
}

/** A redraw at most this often (ms of the injected clock), besides the first and the last. */
const REDRAW_MS = 100;
const CLEAR = "\r\u001b[K";

/** CI=true (or any value but false/0) means no terminal is watching. */
export function isCi(env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI?.trim().toLowerCase();
  return ci !== undefined && ci !== "" && ci !== "false" && ci !== "0";
}

/** stderr as a progress target: drawn only on a terminal outside CI. */
export function stderrProgress(env: NodeJS.ProcessEnv): ProgressTarget {
  return {
    isTTY: Boolean(process.stderr.isTTY) && !isCi(env),
    write: (text) => process.stderr.write(text),
    columns: process.stderr.columns,
  };
}

const whole = (n: number) => Math.round(n).toLocaleString("en-US");

function rateText(perSecond: number): string {
  if (perSecond >= 100) return whole(perSecond);
  if (perSecond >= 10) return perSecond.toFixed(0);
  return perSecond.toFixed(1);
}

export function durationText(seconds: number): string {
  if (seconds < 1) return "under 1 s";
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const m = Math.floor(seconds / 60);
  const s = Math.ceil(seconds % 60);
  return s === 0 || s === 60 ? `${s === 60 ? m + 1 : m} min` : `${m} min ${s} s`;
}

/** The text of one progress line (no control characters). */
export function progressText(label: string, u: ProgressUpdate, elapsedMs: number): string {
  const total = u.total ?? null;
  const fraction = u.fraction ?? (total !== null && total > 0 ? Math.min(1, u.done / total) : null);
  const parts = [`${label}: ${whole(u.done)}${total !== null ? ` of ${whole(total)}` : ""} ${u.unit}`];
  if (fraction !== null && total === null) parts[0] += ` (${Math.floor(fraction * 100)}%)`;
  if (u.note) parts.push(u.note);
  const seconds = elapsedMs / 1000;
  if (seconds > 0 && u.done > 0) parts.push(`${rateText(u.done / seconds)} ${u.unit}/s`);
  if (fraction !== null && fraction > 0 && fraction < 1 && seconds > 0) {
    const left = (seconds * (1 - fraction)) / fraction;
    parts.push(left < 1 ? "under 1 s left" : `about ${durationText(left)} left`);
  }
  return parts.join(" · ");
}

/**
 * A progress line for one command. `now` is the injected clock; nothing is drawn unless the
 * target is a terminal.
 */
export function progressLine(
  ctx: { progress?: ProgressTarget; now: () => Date },
  label: string,
): ProgressLine {
  const target = ctx.progress;
  if (!target?.isTTY) return { update: () => {}, done: () => {} };
  const started = ctx.now().getTime();
  let drawnAt: number | null = null;
  let drawn = false;
  return {
    update(u) {
      const at = ctx.now().getTime();
      const last = u.total != null && u.done >= u.total;
      if (drawnAt !== null && at - drawnAt < REDRAW_MS && !last) return;
      drawnAt = at;
      let text = progressText(label, u, at - started);
      const width = target.columns;
      if (width && width > 1 && text.length > width - 1) text = `${text.slice(0, width - 2)}…`;
      target.write(`${CLEAR}${text}`);
      drawn = true;
    },
    done() {
      if (drawn) target.write(CLEAR);
      drawn = false;
    },
  };
}
