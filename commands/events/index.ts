import type { App } from "@slack/bolt";
import type { ListenerDeps } from "../../src/slack/listeners";
import * as appHomeOpened from "./app-home-opened";

/** Every Events API event the app subscribes to (manifest.yml, bot_events), one file each. */
export function register(app: App, deps: ListenerDeps): void {
  appHomeOpened.register(app, deps);
}
