import type { Logger, webApi } from "@slack/bolt";
import { preReviewDigestMessage, reminderMessage } from "../../blocks/action-reminder";
import type { ScheduledReview } from "../actions/reminders";
import type { ActionReminderDeps } from "../actions/runtime";
import type { Config } from "../config";
import type { DealRiskResult } from "../domain/analyses/deal-risk";
import { findOpenDeal } from "../store/action-deals-repository";
import { readLatestAnalysis } from "../store/analyses-repository";
import type { Db } from "../store/db";
import { redactSecrets } from "./redact";

/**
 * The reminder loop's Slack side: zones from users.info, the grouped DM and the facilitator's
 * pre-review list sent with chat.postMessage to the person (their DM with the app), and the
 * company risk register's flagged deals.
 */
export function slackActionReminderDeps(options: {
  client: webApi.WebClient;
  db: Db;
  config: Config;
  clock: () => Date;
  logger: Logger;
  reviews?: (now: Date) => ScheduledReview[];
  intervalMs?: number;
}): ActionReminderDeps {
  const { client, db } = options;
  return {
    db,
    clock: options.clock,
    workspaceZone: options.config.WORKSPACE_TIMEZONE,
    fetchZone: async (userId) => (await client.users.info({ user: userId })).user?.tz ?? null,
    sendDaily: async (reminder, now) => {
      const message = reminderMessage(reminder, now);
      await client.chat.postMessage({
        channel: reminder.recipientId,
        text: message.text,
        blocks: message.blocks,
      });
    },
    sendPreReview: async (digest, now) => {
      const message = preReviewDigestMessage(
        {
          ...digest,
          withoutAction: digest.withoutAction.map((d) => ({
            ...d,
            name: findOpenDeal(db, d.dealId)?.name ?? null,
          })),
        },
        now,
      );
      await client.chat.postMessage({
        channel: digest.recipientId,
        text: message.text,
        blocks: message.blocks,
      });
    },
    ...(options.reviews ? { reviews: options.reviews } : {}),
    flaggedDeals: () => {
      const stored = readLatestAnalysis<DealRiskResult>(db, "deal-risk", "company");
      return stored ? { dealIds: stored.payload.flaggedDealIds, at: stored.computedAt } : null;
    },
    ...(options.intervalMs ? { intervalMs: options.intervalMs } : {}),
    log: (line) => options.logger.warn(redactSecrets(line)),
  };
}
