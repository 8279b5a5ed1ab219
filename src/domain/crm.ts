/** The CRM records as the store holds them and the analytics read them. Money in integer cents. */

export interface Rep {
  id: number;
  name: string;
  email: string | null;
  team: string | null;
  region: string | null;
  segment: string | null;
  manager: string | null;
  /** YYYY-MM-DD */
  hireDate: string | null;
  slackUserId: string | null;
}

export interface Account {
  id: number;
  externalId: string | null;
  name: string;
  segment: string | null;
  region: string | null;
  industry: string | null;
}

export interface Contract {
  id: string;
  accountId: number;
  product: string | null;
  valueCents: number;
  startDate: string;
  endDate: string;
}

export interface Deal {
  id: string;
  name: string | null;
  accountId: number | null;
  ownerId: number;
  stage: string;
  amountCents: number;
  /** CRM probability in percent, 0–100, when the export has one. */
  probability: number | null;
  product: string | null;
  createdDate: string;
  closeDate: string;
  nextStep: string | null;
  lastActivityDate: string | null;
  isClosed: boolean;
  isWon: boolean;
}

export interface StageChange {
  opportunityId: string;
  stage: string;
  /** ISO date or datetime the deal entered the stage. */
  enteredAt: string;
}

export interface CloseDateChange {
  opportunityId: string;
  closeDate: string;
  /** ISO date or datetime the close date was set to this value. */
  changedAt: string;
}

export interface Quota {
  repId: number;
  /** "YYYY-MM" or "YYYY-Qn" */
  period: string;
  amountCents: number;
}

export interface ForecastSubmission {
  submittedBy: string;
  /** "company", "region:X", "team:X", "segment:X" or "rep:Name" */
  scope: string;
  period: string;
  amountCents: number;
  submittedAt: string;
}

export interface ForecastSnapshot {
  takenOn: string;
  period: string;
  scope: string;
  method: string;
  amountCents: number;
}

/** Everything an analysis may read, loaded once per refresh. */
export interface Dataset {
  reps: Rep[];
  accounts: Account[];
  contracts: Contract[];
  deals: Deal[];
  stageHistory: StageChange[];
  closeDateHistory: CloseDateChange[];
  quotas: Quota[];
  submissions: ForecastSubmission[];
  snapshots: ForecastSnapshot[];
  /** The latest successful import run, for tracing. */
  importId: number | null;
  /**
   * Both history tables as columns, when the store loaded them so (a refresh at 1M deals holds
   * 4.9M history rows: as numbers rather than objects they cost a sixth of the memory and almost
   * nothing to collect). `stageHistory` and `closeDateHistory` then hold the same rows, built on
   * first read; the analyses read the columns through Prepared instead.
   */
  historyColumns?: { stage: HistoryColumns; closeDate: HistoryColumns };
}

/**
 * A history table as flat columns. Deal i of Dataset.deals owns rows first[i] … first[i + 1] − 1,
 * ordered by time, then insertion (first has deals + 1 entries). Row r's value (the stage entered,
 * or the close date set) is values[value[r]], and its instant instants[at[r]].
 */
export interface HistoryColumns {
  first: Int32Array;
  value: Int32Array;
  values: string[];
  at: Int32Array;
  instants: string[];
}

/** A scope that figures can be cut by. */
export type ScopeKind = "company" | "team" | "region" | "segment" | "rep";

export interface Scope {
  kind: ScopeKind;
  /** empty for company */
  value: string;
}

export function scopeKey(scope: Scope): string {
  return scope.kind === "company" ? "company" : `${scope.kind}:${scope.value}`;
}

export function parseScopeKey(key: string): Scope | null {
  if (key === "company") return { kind: "company", value: "" };
  const m = /^(team|region|segment|rep):(.+)$/.exec(key);
  return m ? { kind: m[1] as ScopeKind, value: m[2] as string } : null;
}
