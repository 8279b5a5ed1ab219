/**
 * Who may change a ritual: an admin (SLACK_ADMIN_USER_IDS) or the ritual's facilitator; only an
 * admin may create one. The operator running the command line on the server holds the database
 * file itself and may do anything; their changes are logged as theirs.
 */

export type RitualActor = { slackUserId: string } | { operator: string };

export type RitualChangeKind = "create" | "change";

export function mayChangeRitual(
  actor: RitualActor,
  change: RitualChangeKind,
  ritual: { facilitatorId: string | null } | null,
  adminIds: ReadonlySet<string>,
): boolean {
  if ("operator" in actor) return true;
  if (adminIds.has(actor.slackUserId)) return true;
  return change === "change" && ritual?.facilitatorId === actor.slackUserId;
}

/** How the change log names an actor. */
export function actorLabel(actor: RitualActor): string {
  return "operator" in actor ? `operator:${actor.operator}` : actor.slackUserId;
}
