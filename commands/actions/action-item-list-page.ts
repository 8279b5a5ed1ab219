import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
} from "@slack/bolt";
import { ActionListIds, decodeListPage } from "../../blocks/action-list";
import { noticeMessage } from "../../blocks/notice";
import { STALE_BUTTON } from "../../src/slack/answers/answer-command";
import { toResponse } from "../../src/slack/answers/respond";
import type { ListenerDeps } from "../../src/slack/listeners";
import { buildList, listMessage, parseListName } from "../action-item-lists";

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** Previous / Next of an `/actions` list: the list rebuilt for whoever clicked, replaced in place. */
export function register(app: App, deps: ListenerDeps): void {
  async function page({ ack, body, action }: ButtonArgs): Promise<void> {
    await ack();
    const ref = decodeListPage(action.value);
    const list = ref ? parseListName(ref.list) : null;
    if (!ref || !list) {
      await deps.respond(body.response_url, toResponse(noticeMessage(STALE_BUTTON)), "an /actions page");
      return;
    }
    const viewer = await deps.directory.viewer(body.user.id);
    const built = buildList(deps, viewer, list);
    const message =
      "notice" in built ? noticeMessage(built.notice) : listMessage(built, list, ref.page, deps.clock());
    await deps.respond(
      body.response_url,
      toResponse(message, { replaceOriginal: !("notice" in built) }),
      "an /actions page",
    );
  }
  app.action<BlockAction<ButtonAction>>(ActionListIds.next, page);
  app.action<BlockAction<ButtonAction>>(ActionListIds.previous, page);
}
