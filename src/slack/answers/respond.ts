import type { RespondArguments } from "@slack/bolt";
import type { Message } from "../../../blocks/message";

export interface ResponseOptions {
  /** for everyone in the channel; otherwise only the person who asked or clicked sees it */
  inChannel?: boolean;
  /** replaces the message whose button was clicked */
  replaceOriginal?: boolean;
}

/** A message as sent through ack() or response_url: never unfurled, ephemeral unless shared. */
export function toResponse(message: Message, options: ResponseOptions = {}): RespondArguments {
  return {
    response_type: options.inChannel ? "in_channel" : "ephemeral",
    replace_original: options.replaceOriginal ?? false,
    text: message.text,
    blocks: message.blocks,
    unfurl_links: false,
    unfurl_media: false,
  };
}
