/** The sample CRM's sales stages and the probability the CRM shows for each. */
export const OPEN_STAGES = ["Prospecting", "Qualification", "Discovery", "Proposal", "Negotiation"] as const;
export const WON_STAGE = "Closed Won";
export const LOST_STAGE = "Closed Lost";

/** Index 0–4 are the open stages, 5 is Closed Won, 6 is Closed Lost. */
export const STAGES = [...OPEN_STAGES, WON_STAGE, LOST_STAGE] as const;
export const WON_INDEX = 5;
export const LOST_INDEX = 6;

export const STAGE_PROBABILITY: readonly number[] = [10, 20, 40, 60, 80, 100, 0];

export function stageName(index: number): string {
  const name = STAGES[index];
  if (name === undefined) throw new Error(`no stage ${index}`);
  return name;
}
