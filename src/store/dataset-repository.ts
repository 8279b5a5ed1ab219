import type {
  Account,
  CloseDateChange,
  Contract,
  Dataset,
  Deal,
  ForecastSnapshot,
  ForecastSubmission,
  Quota,
  Rep,
  StageChange,
} from "../domain/crm";
import type { Db } from "./db";

/** Reads the whole CRM model for one refresh. Rows come back already in the domain's shape. */
export function loadDataset(db: Db): Dataset {
  const reps = db
    .prepare(
      `SELECT r.id, r.name, r.email, t.name AS team, r.region, r.segment, r.manager,
              r.hire_date AS hireDate, r.slack_user_id AS slackUserId
         FROM reps r LEFT JOIN teams t ON t.id = r.team_id ORDER BY r.id`,
    )
    .all() as Rep[];
  const accounts = db
    .prepare(
      "SELECT id, external_id AS externalId, name, segment, region, industry FROM accounts ORDER BY id",
    )
    .all() as Account[];
  const contracts = db
    .prepare(
      `SELECT id, account_id AS accountId, product, value_cents AS valueCents,
              start_date AS startDate, end_date AS endDate FROM contracts ORDER BY id`,
    )
    .all() as Contract[];
  const deals: Deal[] = [];
  const dealRows = db
    .prepare(
      `SELECT id, name, account_id, owner_id, stage, amount_cents, probability, product, created_date,
              close_date, next_step, last_activity_date, is_closed, is_won FROM opportunities ORDER BY id`,
    )
    .raw()
    .iterate() as IterableIterator<unknown[]>;
  for (const r of dealRows) {
    deals.push({
      id: r[0] as string,
      name: r[1] as string | null,
      accountId: r[2] as number | null,
      ownerId: r[3] as number,
      stage: r[4] as string,
      amountCents: r[5] as number,
      probability: r[6] as number | null,
      product: r[7] as string | null,
      createdDate: r[8] as string,
      closeDate: r[9] as string,
      nextStep: r[10] as string | null,
      lastActivityDate: r[11] as string | null,
      isClosed: r[12] === 1,
      isWon: r[13] === 1,
    });
  }
  const stageHistory = db
    .prepare(
      `SELECT opportunity_id AS opportunityId, stage, entered_at AS enteredAt
         FROM stage_history ORDER BY opportunity_id, entered_at, id`,
    )
    .all() as StageChange[];
  const closeDateHistory = db
    .prepare(
      `SELECT opportunity_id AS opportunityId, close_date AS closeDate, changed_at AS changedAt
         FROM close_date_history ORDER BY opportunity_id, changed_at, id`,
    )
    .all() as CloseDateChange[];
  const quotas = db
    .prepare(
      "SELECT rep_id AS repId, period, amount_cents AS amountCents FROM quotas ORDER BY rep_id, period",
    )
    .all() as Quota[];
  const submissions = db
    .prepare(
      `SELECT submitted_by AS submittedBy, scope, period, amount_cents AS amountCents, submitted_at AS submittedAt
         FROM forecast_submissions ORDER BY period, scope, submitted_at`,
    )
    .all() as ForecastSubmission[];
  const snapshots = db
    .prepare(
      `SELECT taken_on AS takenOn, period, scope, method, amount_cents AS amountCents
         FROM forecast_snapshots ORDER BY period, scope, taken_on`,
    )
    .all() as ForecastSnapshot[];
  const latest = db.prepare("SELECT max(id) AS id FROM import_runs WHERE outcome = 'ok'").get() as {
    id: number | null;
  };
  return {
    reps,
    accounts,
    contracts,
    deals,
    stageHistory,
    closeDateHistory,
    quotas,
    submissions,
    snapshots,
    importId: latest.id,
  };
}
