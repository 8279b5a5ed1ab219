import type { App } from "@slack/bolt";
import type { ListenerDeps } from "../../src/slack/listeners";
import * as actionItemCreate from "./action-item-create";
import * as actionItemDrop from "./action-item-drop";
import * as ritualSave from "./ritual-save";

/** Every modal submission (view_submission), one file each, registered here. */
export function register(app: App, deps: ListenerDeps): void {
  ritualSave.register(app, deps);
  actionItemCreate.register(app, deps);
  actionItemDrop.register(app, deps);
}
