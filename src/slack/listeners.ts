import type { App } from "@slack/bolt";
import type { CommandSpec, SlackDeps } from "./answers/answer-command";

/** What every listener (slash command, button, modal submission, event) is registered with. */
export interface ListenerDeps extends SlackDeps {
  /**
   * The slash commands that answer from stored analyses, by name (without the slash), in the
   * order help lists them: the buttons that rebuild an answer look its command up here.
   */
  answerSpecs: ReadonlyMap<string, CommandSpec>;
}

/** One slash command, as commands/index.ts lists them. */
export interface SlashCommand {
  /** as typed and as manifest.yml declares it, e.g. "/forecast" */
  command: `/${string}`;
  register: (app: App, deps: ListenerDeps) => void;
}
