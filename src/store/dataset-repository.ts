import type {
  Account,
  CloseDateChange,
  Contract,
  Dataset,
  Deal,
  ForecastSnapshot,
  ForecastSubmission,
  HistoryColumns,
  Quota,
  Rep,
  StageChange,
} from "../domain/crm";
import { OPPORTUNITY_COLUMNS } from "./crm-repository";
import type { Db } from "./db";
import { rowsOfColumns } from "./history-columns";
import {
  HISTORY_COLUMNS,
  type HistoryTable,
  HistoryThread,
  joinedRangeSql,
  readHistory,
  rowidSpan,
} from "./history-read";
import { forEachRowidRange, type RangeJob, RangeReader } from "./range-reader";
import { IsoStringInterner, StringInterner } from "./string-interner";

/**
 * Reads the whole CRM model for one refresh. Rows come back already in the domain's shape.
 *
 * Deals come ordered by id and history rows by deal, then time, then insertion, as before; at 1M
 * deals (3.85M stage-history rows) how they are read matters more than anything computed later:
 * - tables are scanned in rowid order and only sorted here when they are not already in order
 *   (imports insert deals by id and history by deal and time), since an ORDER BY walking an index
 *   reads the table's pages in random order;
 * - deals come as arrays (`raw`) and become domain objects directly; history rows become flat
 *   columns (Dataset.historyColumns, HistoryColumnsBuilder), numbers rather than objects;
 * - repeated strings (stages, dates, products) are shared rather than held once per row — see
 *   StringInterner;
 * - at scale, SQLite's share of reading deals and history runs on a second thread (RangeReader).
 * Order is JavaScript string order (UTF-16 code units). It equals SQLite's binary order except
 * for ids mixing characters beyond U+FFFF with ones in U+E000–U+FFFF; grouping by deal holds anyway.
 */
export interface LoadOptions {
  /**
   * History tables are read by a worker thread from this many rows (by rowid span) of stage
   * history; default HISTORY_WORKER_MIN_ROWS. Never for an in-memory database or inside an open
   * transaction (the worker's own connection would not see it).
   */
  historyWorkerMinRows?: number;
  /** told who read the deals' and close-date history's text (for tests) */
  historyReadBy?: (reader: "worker" | "loading thread") => void;
  /** told who read and parsed the stage history (for tests) */
  stageHistoryReadBy?: (reader: "stage-history thread" | "loading thread") => void;
}

/** Below this, starting a thread (~0.1 s, twice that from source) costs more than it saves. */
const HISTORY_WORKER_MIN_ROWS = 200_000;

export function loadDataset(db: Db, options: LoadOptions = {}): Dataset {
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
  const strings: LoadStrings = {
    stages: new StringInterner(),
    dates: new IsoStringInterner(16),
    text: new StringInterner(),
  };
  // at scale, the stage history (3.9M rows at 1M deals) is read and parsed on a thread of its own,
  // and SQLite's share of the deals and close-date history on another, while this one parses those
  const threaded =
    rowidSpan(db, "stage_history") >= (options.historyWorkerMinRows ?? HISTORY_WORKER_MIN_ROWS);
  const stageThread = threaded ? HistoryThread.start(db, "stage_history") : null;
  const worker = threaded ? startRangeReader(db, stageThread === null) : null;
  let deals: Deal[];
  let stage: HistoryColumns;
  let closeDate: HistoryColumns;
  try {
    deals = readDeals(db, strings, worker);
    closeDate = readHistory(db, "close_date_history", deals, worker);
    options.historyReadBy?.(worker?.succeeded ? "worker" : "loading thread");
    const fromThread = stageThread?.take(deals) ?? null;
    // the range reader has the stage history only when there is no stage-history thread
    stage = fromThread ?? readHistory(db, "stage_history", deals, stageThread === null ? worker : null);
    options.stageHistoryReadBy?.(fromThread ? "stage-history thread" : "loading thread");
  } finally {
    worker?.close();
    stageThread?.close();
  }
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
  return withHistoryRows({
    reps,
    accounts,
    contracts,
    deals,
    quotas,
    submissions,
    snapshots,
    importId: latest.id,
    historyColumns: { stage, closeDate },
  });
}

/**
 * The dataset with `stageHistory` and `closeDateHistory` as row objects built from the columns
 * when first read (and then kept): a refresh reads the columns only, so never builds them.
 */
function withHistoryRows(
  dataset: Omit<Dataset, "stageHistory" | "closeDateHistory"> & Required<Pick<Dataset, "historyColumns">>,
): Dataset {
  const { deals, historyColumns } = dataset;
  let stageHistory: StageChange[] | undefined;
  let closeDateHistory: CloseDateChange[] | undefined;
  return Object.defineProperties(dataset as Dataset, {
    stageHistory: {
      enumerable: true,
      get: () => {
        stageHistory ??= rowsOfColumns(deals, historyColumns.stage, (opportunityId, stage, enteredAt) => ({
          opportunityId,
          stage,
          enteredAt,
        }));
        return stageHistory;
      },
    },
    closeDateHistory: {
      enumerable: true,
      get: () => {
        closeDateHistory ??= rowsOfColumns(
          deals,
          historyColumns.closeDate,
          (opportunityId, closeDate, changedAt) => ({ opportunityId, closeDate, changedAt }),
        );
        return closeDateHistory;
      },
    },
  });
}

interface LoadStrings {
  stages: StringInterner;
  /** YYYY-MM-DD values: a few thousand distinct across every deal */
  dates: IsoStringInterner;
  /** names, products, next steps: shared while they repeat */
  text: StringInterner;
}

const DEAL_COLUMNS = ["id", ...OPPORTUNITY_COLUMNS];

/**
 * Deals ordered by id, read ROWS_PER_READ rowids per statement as one JSON array of rows that
 * SQLite writes and JSON.parse reads: stepping 1M rows of 14 columns through better-sqlite3 cost
 * ~2.7 s, the JSON ~1.7 s (json_group_array of json_array; joining json_quote'd fields with ||
 * instead took SQLite twice as long). SQLite's JSON keeps text, integers and reals exactly (reals
 * in the shortest form that reads back to the same double).
 */
function readDeals(db: Db, s: LoadStrings, worker: RangeReader | null): Deal[] {
  const deals: Deal[] = [];
  const toDeal = (r: readonly unknown[]): Deal => ({
    id: r[0] as string,
    name: s.text.internNullable(r[1] as string | null),
    accountId: r[2] as number | null,
    ownerId: r[3] as number,
    stage: s.stages.intern(r[4] as string),
    amountCents: r[5] as number,
    probability: r[6] as number | null,
    product: s.text.internNullable(r[7] as string | null),
    createdDate: s.dates.intern(r[8] as string),
    closeDate: s.dates.intern(r[9] as string),
    nextStep: s.text.internNullable(r[10] as string | null),
    lastActivityDate: s.dates.internNullable(r[11] as string | null),
    isClosed: r[12] === 1,
    isWon: r[13] === 1,
  });
  const take = (text: string | null) => {
    if (text !== null) for (const row of JSON.parse(text) as unknown[][]) deals.push(toDeal(row));
  };
  if (!worker?.each("opportunities", (r) => take(r.text))) {
    const joined = db.prepare(dealsRangeSql()).raw();
    forEachRowidRange(db, "opportunities", (after, upTo) => {
      const [count, text] = joined.get(after, upTo) as [number, string | null];
      if (count === 0 || text === null) return 0;
      take(text);
      return count;
    });
  }
  let inOrder = true;
  for (let i = 1; i < deals.length && inOrder; i++)
    if ((deals[i] as Deal).id < (deals[i - 1] as Deal).id) inOrder = false;
  if (!inOrder) deals.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return deals;
}

/**
 * A worker reading the deals and the close-date history (and, `withStages`, then the stage
 * history), in the order this thread needs them.
 */
function startRangeReader(db: Db, withStages: boolean): RangeReader | null {
  const histories: HistoryTable[] = withStages
    ? ["close_date_history", "stage_history"]
    : ["close_date_history"];
  const jobs: RangeJob[] = [
    { table: "opportunities", joined: dealsRangeSql() },
    ...histories.map((table) => ({ table, joined: joinedRangeSql(table, HISTORY_COLUMNS[table]) })),
  ];
  return RangeReader.start(db, jobs);
}

function dealsRangeSql(): string {
  return `SELECT count(*), json_group_array(json_array(${DEAL_COLUMNS.join(", ")}))
         FROM opportunities WHERE rowid > ? AND rowid <= ?`;
}

/**
 * About how many deals a load will read (the opportunities' rowid span: two b-tree seeks, where a
 * count(*) walks the table), known before the load starts.
 */
export function dealsToLoad(db: Db): number {
  return rowidSpan(db, "opportunities");
}
