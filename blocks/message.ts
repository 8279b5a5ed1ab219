import type { types } from "@slack/bolt";

export type Block = types.KnownBlock;

/** A message as every builder returns it: blocks plus the plain-text fallback for notifications. */
export interface Message {
  text: string;
  blocks: Block[];
}
