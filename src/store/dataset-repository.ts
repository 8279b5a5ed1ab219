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
import { OPPORTUNITY_COLUMNS } from "./crm-repository";
import type { Db } from "./db";
import { forEachRowidRange, type RangeJob, RangeReader, type RangeText } from "./range-reader";
import { IsoStringInterner, StringInterner } from "./string-interner";

/**
 * Reads the whole CRM model for one refresh. Rows come back already in the domain's shape.
 *
 * Deals come ordered by id and history rows by deal, then time, then insertion, as before; at 1M
 * deals (3.85M stage-history rows) how they are read matters more than anything computed later:
 * - tables are scanned in rowid order and only sorted here when they are not already in order
 *   (imports insert deals by id and history by deal and time), since an ORDER BY walking an index
 *   reads the table's pages in random order;
 * - rows come as arrays (`raw`) and become domain objects directly;
 * - repeated strings (stages, dates, products, a history row's deal id) are shared rather than
 *   held once per row — see StringInterner;
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
  /** told who read the history tables' text (for tests) */
  historyReadBy?: (reader: "worker" | "loading thread") => void;
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
    instants: new IsoStringInterner(),
    text: new StringInterner(),
  };
  const worker = startRangeReader(db, options.historyWorkerMinRows ?? HISTORY_WORKER_MIN_ROWS);
  let deals: Deal[];
  let stageHistory: StageChange[];
  let closeDateHistory: CloseDateChange[];
  try {
    deals = readDeals(db, strings, worker);
    stageHistory = readStageHistory(db, deals, strings, worker);
    closeDateHistory = readCloseDateHistory(db, deals, strings, worker);
    options.historyReadBy?.(worker?.succeeded ? "worker" : "loading thread");
  } finally {
    worker?.close();
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

interface LoadStrings {
  stages: StringInterner;
  /** YYYY-MM-DD values: a few thousand distinct across every deal */
  dates: IsoStringInterner;
  /** history timestamps: about one distinct in four rows at 1M deals */
  instants: IsoStringInterner;
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
 * The deal's own id string for a history row's deal id, so a deal's id is held once however many
 * history rows it has. Rows arrive mostly in deal order: usually the current or next deal matches.
 */
class DealIds {
  private at = 0;
  constructor(private readonly deals: readonly Deal[]) {}

  shared(id: string): string {
    const here = this.deals[this.at];
    if (here !== undefined && here.id === id) return here.id;
    const next = this.deals[this.at + 1];
    if (next !== undefined && next.id === id) {
      this.at++;
      return next.id;
    }
    let lo = 0;
    let hi = this.deals.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const found = (this.deals[mid] as Deal).id;
      if (found === id) {
        this.at = mid;
        return found;
      }
      if (found < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return id;
  }
}

/** Orders history rows by deal, then time; a stable sort keeps insertion (id) order for ties. */
function sortByDealThenTime<T>(rows: T[], dealId: (row: T) => string, at: (row: T) => string): void {
  const compare = (a: T, b: T): number => {
    const da = dealId(a);
    const db = dealId(b);
    if (da !== db) return da < db ? -1 : 1;
    const ta = at(a);
    const tb = at(b);
    return ta < tb ? -1 : ta > tb ? 1 : 0;
  };
  for (let i = 1; i < rows.length; i++) {
    if (compare(rows[i - 1] as T, rows[i] as T) > 0) {
      rows.sort(compare);
      return;
    }
  }
}

/**
 * What SQLite puts between fields and between rows alike (rows are every `width` fields): a split
 * on one character is a plain search, which at 5.9M history rows took ~0.35 s less than a split
 * on a regular expression matching two.
 */
const SEPARATOR = "\u001f";

/**
 * Reads a table's NOT NULL text columns in rowid order, ROWS_PER_READ rowids per statement, with
 * SQLite joining each range's rows into one string (fields and rows split by U+001F).
 * better-sqlite3 costs about 0.6 µs per row stepped, which at 3.9M history rows was most of the
 * load; one string per range and a native split cost about half of that. A rowid range scan hands
 * rows to group_concat in rowid order; should it not, the order check after loading sorts them. Should any value contain a
 * separator, the field count shows it and that range is read row by row instead. `onRow` gets the
 * fields and the index of the row's first field.
 */
function readTextRows(
  db: Db,
  table: HistoryTable,
  columns: readonly string[],
  onRow: (fields: string[], at: number) => void,
  worker: RangeReader | null,
): void {
  const width = columns.length;
  const oneByOne = db
    .prepare(`SELECT ${columns.join(", ")} FROM ${table} WHERE rowid > ? AND rowid <= ? ORDER BY rowid`)
    .raw();
  const take = (r: RangeText): void => {
    const fields = r.text === null ? [] : r.text.split(SEPARATOR);
    if (fields.length === r.count * width) {
      for (let at = 0; at < fields.length; at += width) onRow(fields, at);
    } else {
      for (const row of oneByOne.iterate(r.after, r.upTo) as IterableIterator<string[]>) onRow(row, 0);
    }
  };
  if (worker?.each(table, take)) return;
  const joined = db.prepare(joinedRangeSql(table, columns)).raw();
  forEachRowidRange(db, table, (after, upTo) => {
    const [count, text] = joined.get(after, upTo) as [number, string | null];
    if (count === 0) return 0;
    take({ count, text, after, upTo });
    return count;
  });
}

type HistoryTable = "stage_history" | "close_date_history";
const HISTORY_COLUMNS: Record<HistoryTable, readonly string[]> = {
  stage_history: ["opportunity_id", "stage", "entered_at"],
  close_date_history: ["opportunity_id", "close_date", "changed_at"],
};

/**
 * A worker reading the deals and both history tables, in the order this thread needs them, when
 * the stage history spans at least `minRows` rowids.
 */
function startRangeReader(db: Db, minRows: number): RangeReader | null {
  // two statements, two b-tree seeks: max(rowid) - min(rowid) in one scans the table (~0.2 s at 1M deals)
  const min = db.prepare("SELECT min(rowid) FROM stage_history").pluck().get() as number | null;
  const max = db.prepare("SELECT max(rowid) FROM stage_history").pluck().get() as number | null;
  if (min === null || max === null || max - min + 1 < minRows) return null;
  const histories: HistoryTable[] = ["stage_history", "close_date_history"];
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

function joinedRangeSql(table: HistoryTable, columns: readonly string[]): string {
  // the separator as a literal: char(31) is a function call per use per row (~0.15 s at 3.9M rows)
  return `SELECT count(*), group_concat(${columns.join(` || '${SEPARATOR}' || `)}, '${SEPARATOR}')
         FROM ${table} WHERE rowid > ? AND rowid <= ?`;
}

/**
 * One history table's rows, ordered by deal, then time: `make` turns a row's deal id (shared with
 * the deal), value and instant into the domain row.
 */
function readHistory<T extends { opportunityId: string }>(
  db: Db,
  table: HistoryTable,
  deals: readonly Deal[],
  worker: RangeReader | null,
  make: (dealId: string, value: string, at: string) => T,
  timeOf: (row: T) => string,
): T[] {
  const ids = new DealIds(deals);
  const history: T[] = [];
  readTextRows(
    db,
    table,
    HISTORY_COLUMNS[table],
    (f, at) => {
      history.push(make(ids.shared(f[at] as string), f[at + 1] as string, f[at + 2] as string));
    },
    worker,
  );
  sortByDealThenTime(history, (h) => h.opportunityId, timeOf);
  return history;
}

function readStageHistory(
  db: Db,
  deals: readonly Deal[],
  s: LoadStrings,
  worker: RangeReader | null,
): StageChange[] {
  return readHistory(
    db,
    "stage_history",
    deals,
    worker,
    (opportunityId, stage, at): StageChange => ({
      opportunityId,
      stage: s.stages.intern(stage),
      enteredAt: s.instants.intern(at),
    }),
    (h) => h.enteredAt,
  );
}

function readCloseDateHistory(
  db: Db,
  deals: readonly Deal[],
  s: LoadStrings,
  worker: RangeReader | null,
): CloseDateChange[] {
  return readHistory(
    db,
    "close_date_history",
    deals,
    worker,
    (opportunityId, closeDate, at): CloseDateChange => ({
      opportunityId,
      closeDate: s.dates.intern(closeDate),
      changedAt: s.instants.intern(at),
    }),
    (h) => h.changedAt,
  );
}
