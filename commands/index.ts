/**
 * Every listener of the app, the way Bolt's starter template lays them out: slash commands here,
 * one file each; buttons in actions/, modal submissions in views/, Events API events in events/,
 * each folder registering its own from its index.ts.
 */
import type { App } from "@slack/bolt";
import type { CommandSpec, SlackDeps } from "../src/slack/answers/answer-command";
import { registerAnswerCommands } from "../src/slack/answers/register-answer-command";
import type { ListenerDeps, SlashCommand } from "../src/slack/listeners";
import { actionsCommand } from "./action-items";
import * as actions from "./actions/index";
import { dealRiskCommand } from "./deal-risk";
import * as events from "./events/index";
import { forecastCommand } from "./forecast";
import { pipelineCommand } from "./pipeline";
import { quotaCommand } from "./quota";
import { revenueCommand } from "./revenue";
import { ritualsCommand } from "./rituals";
import * as views from "./views/index";

/** The slash commands that answer from stored analyses, in the order `/rituals help` lists them. */
const ANSWER_COMMANDS: readonly CommandSpec[] = [
  forecastCommand,
  dealRiskCommand,
  pipelineCommand,
  quotaCommand,
  revenueCommand,
];

/** The slash commands with listeners of their own. */
const OTHER_COMMANDS: readonly SlashCommand[] = [ritualsCommand, actionsCommand];

/** Every slash command, the one list: registered from here; manifest.yml declares exactly these. */
export const SLASH_COMMANDS: readonly Pick<SlashCommand, "command">[] = [
  ...ANSWER_COMMANDS.map((spec) => ({ command: `/${spec.command}` as const })),
  ...OTHER_COMMANDS,
];

/** Registers every slash command, button, modal submission and event listener. */
export function registerListeners(app: App, slackDeps: SlackDeps): void {
  const deps: ListenerDeps = {
    ...slackDeps,
    answerSpecs: new Map(ANSWER_COMMANDS.map((spec) => [spec.command, spec])),
  };
  // one middleware for the answer commands, ahead of every listener (see registerAnswerCommands)
  registerAnswerCommands(app, ANSWER_COMMANDS, deps);
  for (const slash of OTHER_COMMANDS) slash.register(app, deps);
  actions.register(app, deps);
  views.register(app, deps);
  events.register(app, deps);
}
