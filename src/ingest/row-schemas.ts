import { parseScopeKey } from "../domain/crm";
import { parseMoney } from "../domain/money";
import { parsePeriod } from "../domain/period";
import type { ImportKind } from "./columns";
import type { RowIssue } from "./problems";
import { checkRow } from "./row-rules";
import { type DateReader, type Parsed, parseBoolean, parseProbability, plainIsoDate } from "./values";

/**
 * One row reader per import kind. A row arrives as the record's cells, "" for empty cells and for
 * columns the file lacks; the reader turns it into typed values (cents, ISO dates) or reports, per
 * field, why a cell is unacceptable; the kind's zod rules (row-rules.ts) then check the typed row.
 */

export interface RowSchemaOptions {
  dates: DateReader;
  decimalComma: boolean;
  /** HubSpot writes probabilities as 0–1 fractions */
  probabilityFractions: boolean;
}

const REQUIRED = "is required";

/**
 * Reads one row's cells. Each getter returns the typed value, or records an issue on the field and
 * returns a placeholder; `failed` says whether any did. Cells are read straight from the parsed
 * record through a field → column table, so no per-row { field: text } object is built.
 */
class Cells {
  failed = false;
  private record: readonly string[] = [];
  private issues: RowIssue[] = [];

  constructor(
    private readonly o: RowSchemaOptions,
    /** field → column index of the record; a field the file lacks reads as "" */
    private readonly columns: Readonly<Record<string, number>>,
  ) {}

  /** One instance serves every row (parsing is synchronous), saving an allocation per row. */
  reset(record: readonly string[], issues: RowIssue[]): this {
    this.record = record;
    this.issues = issues;
    this.failed = false;
    return this;
  }

  /** The cell's text as written ("" when the file has no such column). */
  raw(field: string): string {
    const at = this.columns[field];
    return at === undefined ? "" : (this.record[at] ?? "");
  }

  issue(field: string, message: string): void {
    this.failed = true;
    this.issues.push({ field, message });
  }

  private use<T>(field: string, parsed: Parsed<T>, fallback: T): T {
    if (parsed.ok) return parsed.value;
    this.issue(field, parsed.reason);
    return fallback;
  }

  text(field: string): string | null {
    const t = this.raw(field).trim();
    return t === "" ? null : t;
  }

  required(field: string): string {
    const t = this.text(field);
    if (t === null) this.issue(field, REQUIRED);
    return t ?? "";
  }

  money(field: string): number {
    const s = this.raw(field);
    if (!this.o.decimalComma) {
      const plain = plainCents(s);
      if (plain !== null) return plain;
    }
    if (s.trim() === "") {
      this.issue(field, REQUIRED);
      return 0;
    }
    const cents = parseMoney(s, { decimalComma: this.o.decimalComma });
    if (cents === null) {
      this.issue(
        field,
        `is not an amount (expected e.g. ${this.o.decimalComma ? "1.234,50" : "1234.50 or $1,234.50"})`,
      );
      return 0;
    }
    if ((this.o.decimalComma ? BEYOND_CENTS_COMMA : BEYOND_CENTS).test(s)) {
      this.issue(field, "has more than two decimals: amounts are whole cents and are not rounded");
      return 0;
    }
    return cents; // the row rules (row-rules.ts) refuse a negative amount
  }

  date(field: string): string | null {
    const s = this.raw(field);
    return plainIsoDate(s) ?? (s.trim() === "" ? null : this.use(field, this.o.dates.date(s), ""));
  }

  requiredDate(field: string): string {
    const d = this.date(field);
    if (d === null) this.issue(field, REQUIRED);
    return d ?? "";
  }

  requiredDateTime(field: string): string {
    const s = this.raw(field);
    if (s.trim() === "") {
      this.issue(field, REQUIRED);
      return "";
    }
    return this.use(field, this.o.dates.dateTime(s), "");
  }

  boolean(field: string): boolean | null {
    return this.use(field, parseBoolean(this.raw(field)), null);
  }

  probability(field: string): number | null {
    return this.use(field, parseProbability(this.raw(field), this.o.probabilityFractions), null);
  }

  email(field: string): string | null {
    const t = this.text(field);
    if (t !== null && !EMAIL.test(t)) this.issue(field, "is not an email address");
    return t;
  }

  /** A month "YYYY-MM" or quarter "YYYY-Qn", returned as its canonical key. */
  monthOrQuarter(field: string): string {
    const t = this.required(field);
    if (t === "") return "";
    const period = parsePeriod(t);
    if (!period || period.kind === "year") {
      this.issue(field, "is not a period (expected YYYY-MM or YYYY-Qn)");
      return "";
    }
    return period.key;
  }

  /** company | team:X | region:X | segment:X | rep:Name, the kind in any case. */
  scope(field: string): string {
    const t = this.required(field);
    if (t === "") return "";
    const colon = t.indexOf(":");
    const normal =
      colon === -1
        ? t.toLowerCase()
        : `${t.slice(0, colon).trim().toLowerCase()}:${t.slice(colon + 1).trim()}`;
    const parsed = parseScopeKey(normal);
    if (!parsed || (parsed.kind !== "company" && parsed.value === "")) {
      this.issue(field, "is not a scope (expected company, team:X, region:X, segment:X or rep:Name)");
    }
    return normal;
  }
}

/**
 * "1234", "1234.5" or "1234.56" (up to 15 whole digits) in cents, read by character codes; null for
 * anything else, which parseMoney reads. Same result as parseMoney's plain-amount case.
 */
function plainCents(s: string): number | null {
  const length = s.length;
  let whole = 0;
  let i = 0;
  for (; i < length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    whole = whole * 10 + (c - 48);
  }
  if (i === 0 || i > 15) return null;
  if (i === length) return whole * 100;
  if (s.charCodeAt(i) !== 46 || length - i - 1 < 1 || length - i - 1 > 2) return null;
  const d1 = s.charCodeAt(i + 1) - 48;
  const d2 = length - i - 1 === 2 ? s.charCodeAt(i + 2) - 48 : 0;
  if (d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return null;
  return whole * 100 + d1 * 10 + d2;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** A decimal digit other than 0 after the second (10.005, 1.234,567): what parseMoney would round. */
const BEYOND_CENTS = /\.\d{2}\d*[1-9]/;
const BEYOND_CENTS_COMMA = /,\d{2}\d*[1-9]/;

/** Reads one record (cells in file order); the row, or undefined after pushing its issues. */
export type RowReader<T> = (record: readonly string[], issues: RowIssue[]) => T | undefined;

function rowReader<T>(
  kind: ImportKind,
  o: RowSchemaOptions,
  columns: Readonly<Record<string, number>>,
  read: (cells: Cells) => T,
): RowReader<T> {
  const shared = new Cells(o, columns);
  return (record, issues) => {
    const cells = shared.reset(record, issues);
    const row = read(cells);
    // the rules run on every row, so a row with an unreadable date still hears about its amount
    const valid = checkRow(kind, row, issues);
    return cells.failed || !valid ? undefined : row;
  };
}

const closedOutcome = (stage: string): "won" | "lost" | null =>
  /won\s*$/i.test(stage) ? "won" : /lost\s*$/i.test(stage) ? "lost" : null;

function opportunity(c: Cells) {
  const row = {
    id: c.required("id"),
    name: c.text("name"),
    account: c.text("account"),
    owner: c.required("owner"),
    stage: c.required("stage"),
    amountCents: c.money("amount"),
    probability: c.probability("probability"),
    product: c.text("product"),
    createdDate: c.requiredDate("created_date"),
    closeDate: c.requiredDate("close_date"),
    nextStep: c.text("next_step"),
    lastActivityDate: c.date("last_activity_date"),
    isClosed: false,
    isWon: false,
  };
  // Without is_closed / is_won the stage name decides: "... Won" / "... Lost" are closed.
  const closed = c.boolean("is_closed");
  const won = c.boolean("is_won");
  // Only a missing flag needs the stage name (saves two regex tests a row when both are given).
  const outcome = closed === null || won === null ? closedOutcome(row.stage) : null;
  row.isClosed = closed ?? outcome !== null;
  row.isWon = won ?? (row.isClosed && outcome === "won");
  if (row.isWon && !row.isClosed) {
    c.issue(
      "is_won",
      closed === null
        ? `says won but stage "${row.stage}" is not a closed stage and is_closed is not given`
        : "says won but is_closed is false",
    );
  }
  return row;
}

function stageSnapshot(c: Cells) {
  const row = {
    opportunityId: c.required("opportunity_id"),
    changedAt: c.requiredDateTime("changed_at"),
    stage: c.text("stage"),
    closeDate: c.date("close_date"),
  };
  if (row.stage === null && row.closeDate === null && c.text("close_date") === null) {
    c.issue("stage", "needs a stage or a close date in this row");
  }
  return row;
}

function contract(c: Cells) {
  const row = {
    id: c.required("id"),
    account: c.required("account"),
    product: c.text("product"),
    valueCents: c.money("value"),
    startDate: c.requiredDate("start_date"),
    endDate: c.requiredDate("end_date"),
  };
  return row; // the row rules check that it does not end before it starts
}

const READ = {
  opportunities: opportunity,
  "stage-history": stageSnapshot,
  accounts: (c: Cells) => ({
    externalId: c.required("id"),
    name: c.required("name"),
    segment: c.text("segment"),
    region: c.text("region"),
    industry: c.text("industry"),
  }),
  contracts: contract,
  reps: (c: Cells) => ({
    name: c.required("name"),
    email: c.email("email"),
    team: c.required("team"),
    region: c.text("region"),
    segment: c.text("segment"),
    manager: c.text("manager"),
    hireDate: c.date("hire_date"),
  }),
  quotas: (c: Cells) => ({
    owner: c.required("owner"),
    period: c.monthOrQuarter("period"),
    amountCents: c.money("amount"),
  }),
  forecasts: (c: Cells) => ({
    submittedBy: c.required("submitted_by"),
    scope: c.scope("scope"),
    period: c.monthOrQuarter("period"),
    amountCents: c.money("amount"),
    submittedAt: c.requiredDateTime("submitted_at"),
  }),
} satisfies Record<ImportKind, (c: Cells) => unknown>;

export type RowOf<K extends ImportKind> = ReturnType<(typeof READ)[K]>;

/** The import's reader for one kind; `columns` maps each field the file has to its column. */
export function rowReaderFor<K extends ImportKind>(
  kind: K,
  o: RowSchemaOptions,
  columns: Readonly<Record<string, number>>,
): RowReader<RowOf<K>> {
  return rowReader(kind, o, columns, READ[kind] as (c: Cells) => RowOf<K>);
}
