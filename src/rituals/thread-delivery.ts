import { listParts, recordPart } from "../store/occurrence-parts-repository";
import type { OccurrenceRecord } from "../store/occurrences-repository";
import { extendLease } from "../store/occurrences-repository";
import type { DeliveryDeps } from "./delivery";
import { type OutgoingMessage, occurrenceMetadata, PostError, type UploadFile } from "./poster";

/**
 * A pre-read's thread after its channel message: each thread message, then the files (charts and
 * deck) in one upload, each part recorded once out (occurrence_parts). Thread messages carry their
 * own key (`<occurrence key>#thread:N`) in their metadata; a process finishing another's claim
 * looks for each part in the thread (conversations.replies) before posting it, and for the files
 * by their ids, so no part goes out twice. Retries as for the message: 429s after Retry-After,
 * 5xx with backoff and a look for the landed call, the lease renewed around every wait.
 */

export const FILES_PART = "files";
export const threadPart = (n: number) => `thread:${String(n).padStart(2, "0")}`;
export const threadPartKey = (occurrenceKey: string, n: number) => `${occurrenceKey}#${threadPart(n)}`;

class LeaseLost extends Error {
  constructor() {
    super("this process lost its claim");
  }
}

async function retrying<T>(
  deps: DeliveryDeps,
  occurrence: OccurrenceRecord,
  attempt: () => Promise<T>,
  landed: (() => Promise<T | null>) | null,
): Promise<T> {
  const { retry, clock } = deps;
  let rateLimited = 0;
  let transient = 0;
  const hold = (extraMs: number) => {
    const until = new Date(clock.now().getTime() + deps.leaseMs + extraMs);
    if (!extendLease(deps.db, occurrence.id, deps.holder, until)) throw new LeaseLost();
  };
  for (;;) {
    hold(0);
    try {
      return await attempt();
    } catch (error) {
      const failure =
        error instanceof PostError ? error : new PostError("transient", (error as Error).message);
      if (failure.kind === "rate_limited" && rateLimited < retry.rateLimitedRetries) {
        const wait = failure.retryAfterMs ?? retry.backoffMs * 2 ** rateLimited;
        rateLimited++;
        hold(wait);
        await clock.sleep(wait);
        continue;
      }
      if (failure.kind === "transient" && transient < retry.transientRetries) {
        const wait = retry.backoffMs * 2 ** transient;
        transient++;
        hold(wait);
        await clock.sleep(wait);
        if (landed) {
          const found = await landed().catch(() => {
            throw failure;
          });
          if (found !== null) return found;
        }
        continue;
      }
      const tries = rateLimited + transient + 1;
      throw new PostError(
        failure.kind,
        `${failure.slackError}${tries > 1 ? ` after ${tries} attempts` : ""}`,
      );
    }
  }
}

export interface ThreadContent {
  thread: readonly OutgoingMessage[];
  files: readonly UploadFile[];
}

/** Posts what of the thread is not out yet; resolves to what could not be posted, in words, or null. */
export async function deliverThread(
  deps: DeliveryDeps,
  occurrence: OccurrenceRecord,
  threadTs: string,
  content: ThreadContent,
  recovering: boolean,
): Promise<string | null> {
  const { db, poster, pacer, clock } = deps;
  const channel = occurrence.channelId;
  const done = listParts(db, occurrence.id);
  try {
    for (const [n, message] of content.thread.entries()) {
      const part = threadPart(n);
      if (done.get(part)?.state === "done") continue;
      const key = threadPartKey(occurrence.key, n);
      const find = () => poster.findInThread(channel, threadTs, key);
      const found = recovering ? await retrying(deps, occurrence, find, null) : null;
      const ts =
        found ??
        (await retrying(
          deps,
          occurrence,
          async () => {
            await pacer.pace(channel);
            try {
              return await poster.post(channel, message, occurrenceMetadata(key), threadTs);
            } finally {
              pacer.answered(channel);
            }
          },
          find,
        ));
      recordPart(db, occurrence.id, part, "done", clock.now(), { ts });
    }
    if (content.files.length > 0 && done.get(FILES_PART)?.state !== "done") {
      const started = done.get(FILES_PART);
      const shared = (ids: readonly string[]) => async () =>
        (await poster.findFilesInThread(channel, threadTs, ids)) ? true : null;
      const already =
        recovering && started && started.fileIds.length > 0
          ? await retrying(deps, occurrence, shared(started.fileIds), null)
          : null;
      if (!already) {
        const ids = await retrying(deps, occurrence, () => poster.uploadFiles(content.files), null);
        recordPart(db, occurrence.id, FILES_PART, "started", clock.now(), { fileIds: ids });
        await retrying(
          deps,
          occurrence,
          async () => {
            await poster.shareFiles(
              channel,
              threadTs,
              ids.map((id, i) => ({ id, title: content.files[i]?.title ?? id })),
            );
            return true;
          },
          shared(ids),
        );
        recordPart(db, occurrence.id, FILES_PART, "done", clock.now(), { fileIds: ids });
      } else
        recordPart(db, occurrence.id, FILES_PART, "done", clock.now(), { fileIds: started?.fileIds ?? [] });
    }
    return null;
  } catch (error) {
    if (error instanceof LeaseLost) throw error;
    const why = error instanceof PostError ? `Slack: ${error.slackError}` : (error as Error).message;
    const out = listParts(db, occurrence.id);
    const posted = content.thread.filter((_, n) => out.get(threadPart(n))?.state === "done").length;
    const files = out.get(FILES_PART)?.state === "done" ? "files uploaded" : "files not uploaded";
    return `the thread is incomplete (${posted} of ${content.thread.length} messages, ${files}): ${why}`;
  }
}
