/**
 * A history table read into flat columns (HistoryColumns) rather than one object per row: at 1M
 * deals, 3.9M stage-history and 1M close-date-history objects were ~150 MB of heap that the
 * garbage collector copied and marked for the whole refresh, and making them most of the load.
 */
import type { Deal, HistoryColumns } from "../domain/crm";
import { IsoStringTable, isoKeyAt } from "./string-interner";

/**
 * Deals in the order history rows are numbered by: sorted by id (Dataset.deals), as full deals or,
 * on a thread that has only their ids, as `{ id }`.
 */
export type IdOrdered = readonly { readonly id: string }[];

/** Up to this many distinct values (a CRM's stages) are found by comparing each in place. */
const FEW_VALUES = 24;

/** Grows by doubling; `done` gives the filled part. */
class IntColumn {
  data: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Int32Array(Math.max(capacity, 1024));
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = v;
  }
  done(): Int32Array {
    return this.length === this.data.length ? this.data : this.data.slice(0, this.length);
  }
}

/**
 * Collects a history table's rows as they are read (any order), then orders them by deal, then
 * time, then reading order (the order of Dataset.stageHistory), as columns. Rows of a deal that is
 * not loaded are left out (the foreign key allows none).
 */
export class HistoryColumnsBuilder {
  private readonly dealOf: IntColumn;
  private readonly value: IntColumn;
  private readonly at: IntColumn;
  private readonly values: string[] = [];
  private readonly valueIndex = new Map<string, number>();
  /** values spelling a date or instant, by isoKey */
  private readonly valueByKey = new Map<number, number>();
  private readonly instants = new IsoStringTable();
  /** the position of the last row's deal: rows come mostly in deal order */
  private cursor = 0;

  constructor(
    private readonly deals: IdOrdered,
    expectedRows = 0,
  ) {
    this.dealOf = new IntColumn(expectedRows);
    this.value = new IntColumn(expectedRows);
    this.at = new IntColumn(expectedRows);
  }

  add(dealId: string, value: string, at: string): void {
    const deal = this.positionOf(dealId);
    if (deal < 0) return;
    this.dealOf.push(deal);
    this.value.push(this.valueOfSpan(value, 0, value.length));
    this.at.push(this.instants.indexOf(at));
  }

  /**
   * Adds `count` rows of three fields (deal id, value, instant) joined by `separator`, read in place:
   * no field becomes a string of its own unless its value is new. At 3.9M stage-history rows,
   * splitting each range into 3 strings a row and hashing them was most of the load's main thread.
   * False, with nothing added, when the text does not hold exactly `count` such rows (a value
   * holding the separator): the caller then reads that range row by row.
   */
  addRange(text: string, count: number, separator: string): boolean {
    const mark = [this.dealOf.length, this.value.length, this.at.length, this.cursor];
    let pos = 0;
    let rows = 0;
    const end = text.length;
    while (rows < count && pos <= end) {
      const idEnd = text.indexOf(separator, pos);
      const valueEnd = idEnd < 0 ? -1 : text.indexOf(separator, idEnd + 1);
      if (valueEnd < 0) break;
      let atEnd = text.indexOf(separator, valueEnd + 1);
      if (atEnd < 0) atEnd = end;
      const deal = this.positionOfSpan(text, pos, idEnd);
      if (deal >= 0) {
        this.dealOf.push(deal);
        this.value.push(this.valueOfSpan(text, idEnd + 1, valueEnd));
        this.at.push(this.instants.indexOfSpan(text, valueEnd + 1, atEnd));
      }
      rows++;
      pos = atEnd + 1;
    }
    if (rows === count && pos === end + 1) return true;
    this.dealOf.length = mark[0] as number;
    this.value.length = mark[1] as number;
    this.at.length = mark[2] as number;
    this.cursor = mark[3] as number;
    return false;
  }

  /**
   * The index of a value (a stage, a close date) in `values`, one per distinct value. While there
   * are few (stages), they are compared in place; past that, dates by the number their digits spell
   * and anything else by its string.
   */
  private valueOfSpan(text: string, start: number, end: number): number {
    const values = this.values;
    const n = end - start;
    if (values.length <= FEW_VALUES)
      for (let i = 0; i < values.length; i++) {
        const v = values[i] as string;
        if (v.length === n && text.startsWith(v, start)) return i;
      }
    const key = isoKeyAt(text, start, end);
    if (key >= 0) {
      let v = this.valueByKey.get(key);
      if (v === undefined) {
        v = this.values.push(text.slice(start, end)) - 1;
        this.valueByKey.set(key, v);
      }
      return v;
    }
    const value = start === 0 && end === text.length ? text : text.slice(start, end);
    let v = this.valueIndex.get(value);
    if (v === undefined) {
      v = this.values.push(value) - 1;
      this.valueIndex.set(value, v);
    }
    return v;
  }

  /** positionOf the deal id at [start, end) of `text`: the current or next deal compared in place */
  private positionOfSpan(text: string, start: number, end: number): number {
    const n = end - start;
    const here = this.deals[this.cursor];
    if (here !== undefined && here.id.length === n && text.startsWith(here.id, start)) return this.cursor;
    const next = this.deals[this.cursor + 1];
    if (next !== undefined && next.id.length === n && text.startsWith(next.id, start)) return ++this.cursor;
    return this.positionOf(text.slice(start, end));
  }

  /** the deal's position in `deals` (sorted by id), −1 for none: the current or next deal, else a search */
  private positionOf(id: string): number {
    const deals = this.deals;
    const here = deals[this.cursor];
    if (here !== undefined && here.id === id) return this.cursor;
    const next = deals[this.cursor + 1];
    if (next !== undefined && next.id === id) return ++this.cursor;
    let lo = 0;
    let hi = deals.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const found = (deals[mid] as { id: string }).id;
      if (found === id) {
        this.cursor = mid;
        return mid;
      }
      if (found < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  build(): HistoryColumns {
    const dealOf = this.dealOf.done();
    let value = this.value.done();
    let at = this.at.done();
    const instants = this.instants.values;
    const n = dealOf.length;
    let ordered = true;
    for (let r = 1; r < n && ordered; r++) {
      const d0 = dealOf[r - 1] as number;
      const d1 = dealOf[r] as number;
      ordered =
        d0 < d1 ||
        (d0 === d1 && !((instants[at[r - 1] as number] as string) > (instants[at[r] as number] as string)));
    }
    let deals = dealOf;
    if (!ordered) {
      // a stable sort by deal, then time: ties keep reading order
      const order = Array.from({ length: n }, (_, r) => r);
      order.sort((a, b) => {
        const da = dealOf[a] as number;
        const db = dealOf[b] as number;
        if (da !== db) return da - db;
        const ta = instants[at[a] as number] as string;
        const tb = instants[at[b] as number] as string;
        return ta < tb ? -1 : ta > tb ? 1 : a - b;
      });
      deals = Int32Array.from(order, (r) => dealOf[r] as number);
      value = Int32Array.from(order, (r) => value[r] as number);
      at = Int32Array.from(order, (r) => at[r] as number);
    }
    const first = new Int32Array(this.deals.length + 1);
    let r = 0;
    for (let i = 0; i < this.deals.length; i++) {
      first[i] = r;
      while (r < n && deals[r] === i) r++;
    }
    first[this.deals.length] = n;
    return { first, value, values: this.values, at, instants };
  }
}

/** Row objects from columns, in the columns' order: what Dataset.stageHistory was before columns. */
export function rowsOfColumns<T>(
  deals: readonly Deal[],
  columns: HistoryColumns,
  make: (dealId: string, value: string, at: string) => T,
): T[] {
  const rows: T[] = [];
  const { first, value, values, at, instants } = columns;
  for (let i = 0; i < deals.length; i++) {
    const id = (deals[i] as Deal).id;
    for (let r = first[i] as number; r < (first[i + 1] as number); r++)
      rows.push(make(id, values[value[r] as number] as string, instants[at[r] as number] as string));
  }
  return rows;
}
