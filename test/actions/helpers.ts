import type { ActionItem, ActionItemEvent } from "../../src/domain/action-items";

/** An open item as the store would return it, for the pure rules; override what a test is about. */
export function item(overrides: Partial<ActionItem> = {}): ActionItem {
  return {
    id: 1,
    text: "Call the CFO about renewal",
    ownerId: "UOWNER",
    creatorId: "UCREATOR",
    deadline: "2026-12-04",
    deadlineZone: "UTC",
    source: "manual",
    reviewKey: null,
    ritual: null,
    dealId: null,
    state: "open",
    dropReason: null,
    doneAt: null,
    version: 1,
    createdAt: "2026-11-20T10:00:00.000Z",
    changedAt: "2026-11-20T10:00:00.000Z",
    changedBy: "UCREATOR",
    channelId: null,
    messageTs: null,
    ...overrides,
  };
}

/** Nobody is an admin and no ritual has a facilitator, unless a test says so. */
export const NO_AUTHORITY = { adminIds: new Set<string>(), facilitatorsOf: () => [] };

/** An item's audit trail from its state changes in order: [kind, ISO instant][]. */
export function trail(
  itemId: number,
  changes: [ActionItemEvent["kind"], string][],
  actorId = "UOWNER",
): ActionItemEvent[] {
  return changes.map(([kind, at], i) => ({
    itemId,
    version: i + 1,
    kind,
    actorId,
    at,
    from: null,
    to: null,
    note: null,
  }));
}
