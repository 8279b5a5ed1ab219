import type { App } from "@slack/bolt";

/** Event ids remembered; Slack retries within minutes, so the last thousand are plenty. */
const REMEMBERED = 1000;

/**
 * Slack retries an event it believes went unacknowledged (header x-slack-retry-num), with the same
 * event_id. Bolt acknowledges events before global middleware runs, so skipping an id seen before
 * here handles each event once (a Home tab is published once, not once per retry).
 */
export function dedupeEvents(app: App): void {
  const seen = new Set<string>();
  app.use(async ({ body, next }) => {
    const id = (body as { event_id?: unknown }).event_id;
    if (typeof id === "string") {
      if (seen.has(id)) return;
      seen.add(id);
      // a Set iterates in insertion order: the first entry is the oldest
      if (seen.size > REMEMBERED) seen.delete(seen.values().next().value as string);
    }
    await next();
  });
}
