import type { ActionField } from "../domain/action-items";
import { AppError } from "../errors";

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
