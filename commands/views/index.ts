import type { App } from "@slack/bolt";
import type { ListenerDeps } from "../../src/slack/listeners";

/**
 * Every modal submission (view_submission), one file each, registered here. None yet: the modals
 * of rituals and action items will be the first.
 */
export function register(_app: App, _deps: ListenerDeps): void {}
