import { AppError } from "../errors";

/** The part of an item a problem is about, so a modal can show the message beside that field. */
export type ActionField = "text" | "owner" | "deadline" | "deal" | "ritual" | "reason" | "source" | "item";

/** Bad input for an action item (what and where), or an item that does not exist. Nothing is written. */
export class ActionItemError extends AppError {
  constructor(
    override readonly code: "action_invalid" | "action_not_found",
    message: string,
    readonly field: ActionField,
  ) {
    super(code, message);
    this.name = "ActionItemError";
  }
}

export function invalid(field: ActionField, message: string): ActionItemError {
  return new ActionItemError("action_invalid", message, field);
}
