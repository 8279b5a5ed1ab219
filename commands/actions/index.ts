import type { App } from "@slack/bolt";
import type { ListenerDeps } from "../../src/slack/listeners";
import * as actionItemChange from "./action-item-change";
import * as actionItemDrop from "./action-item-drop";
import * as actionItemListPage from "./action-item-list-page";
import * as actionItemOpenCreate from "./action-item-open-create";
import * as forecastAccuracyDetail from "./forecast-accuracy-detail";
import * as paginate from "./paginate";
import * as ritualFormRefresh from "./ritual-form-refresh";
import * as ritualIcs from "./ritual-ics";
import * as shareInChannel from "./share-in-channel";

/** Every button (block_actions), one file each: their action_ids are in blocks/ids.ts. */
export function register(app: App, deps: ListenerDeps): void {
  shareInChannel.register(app, deps);
  paginate.register(app, deps);
  forecastAccuracyDetail.register(app, deps);
  ritualFormRefresh.register(app, deps);
  ritualIcs.register(app, deps);
  actionItemChange.register(app, deps);
  actionItemDrop.register(app, deps);
  actionItemOpenCreate.register(app, deps);
  actionItemListPage.register(app, deps);
}
