import type { App } from "@slack/bolt";
import type { ListenerDeps } from "../../src/slack/listeners";
import * as actionItemCreate from "./action-item-create";
import * as actionItemDrop from "./action-item-drop";

/** Every modal submission (view_submission), one file each, registered here. */
export function register(app: App, deps: ListenerDeps): void {
  actionItemCreate.register(app, deps);
  actionItemDrop.register(app, deps);
}
