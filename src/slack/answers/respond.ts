import type { RespondArguments } from "@slack/bolt";
import type { Message } from "../../../blocks/message";

/** A message as sent through ack() or response_url: never unfurled, ephemeral unless shared. */
export function toResponse(
  message: Message,
  options: { inChannel?: boolean; replaceOriginal?: boolean } = {},
): RespondArguments {
  return {
    response_type: options.inChannel ? "in_channel" : "ephemeral",
    replace_original: options.replaceOriginal ?? false,
    text: message.text,
    blocks: message.blocks,
    unfurl_links: false,
    unfurl_media: false,
  };
}
