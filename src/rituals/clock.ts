/** Time as the scheduler sees it: injected, so tests control it. */
export interface Clock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

const MINUTE_MS = 60_000;

/**
 * Wakes `pass` now and then just after the start of every minute on `clock` (the timer only wakes
 * the process; what is due is read from the store). A pass that throws is logged and the next
 * one still comes. Returns the function that stops the waking.
 */
export function wakeEveryMinute(clock: Clock, pass: () => void, log: (message: string) => void): () => void {
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const wake = () => {
    try {
      pass();
    } catch (error) {
      log((error as Error).message);
    }
    if (stopped) return;
    const now = clock.now().getTime();
    timer = setTimeout(wake, MINUTE_MS - (now % MINUTE_MS) + 50);
  };
  wake();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
