import type { App } from "@slack/bolt";
import type { AnswerCommand } from "../blocks/answer-ref";
import type { CommandSpec, SlackDeps } from "../src/slack/answers/answer-command";
import * as appHome from "./app-home";
import * as dealRisk from "./deal-risk";
import * as forecast from "./forecast";
import * as paginate from "./paginate";
import * as pipeline from "./pipeline";
import * as quota from "./quota";
import * as revenue from "./revenue";
import * as rituals from "./rituals";
import * as shareInChannel from "./share-in-channel";

/** Every command that answers from stored analyses, by name. */
export const ANSWER_SPECS: Record<AnswerCommand, CommandSpec> = {
  forecast: forecast.forecastCommand,
  "deal-risk": dealRisk.dealRiskCommand,
  pipeline: pipeline.pipelineCommand,
  quota: quota.quotaCommand,
  revenue: revenue.revenueCommand,
};

/** Registers every slash command and interaction; returns the slash commands, for the manifest check. */
export function registerCommands(app: App, deps: SlackDeps): string[] {
  const specs = ANSWER_SPECS;
  forecast.register(app, deps);
  dealRisk.register(app, deps);
  pipeline.register(app, deps);
  quota.register(app, deps);
  revenue.register(app, deps);
  rituals.register(app, deps, Object.values(ANSWER_SPECS));
  shareInChannel.register(app, deps, specs);
  paginate.register(app, deps, specs);
  appHome.register(app, deps);
  return [...Object.keys(ANSWER_SPECS).map((c) => `/${c}`), "/rituals"];
}
