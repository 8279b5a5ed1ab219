/**
 * A history table read into flat columns (HistoryColumns) rather than one object per row: at 1M
 * deals, 3.9M stage-history and 1M close-date-history objects were ~150 MB of heap that the
 * garbage collector copied and marked for the whole refresh, and making them most of the load.
 */
import type { Deal, HistoryColumns } from "../domain/crm";
import { IsoStringTable } from "./string-interner";

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
  private readonly instants = new IsoStringTable();
  /** the position of the last row's deal: rows come mostly in deal order */
  private cursor = 0;

  constructor(
    private readonly deals: readonly Deal[],
    expectedRows = 0,
  ) {
    this.dealOf = new IntColumn(expectedRows);
    this.value = new IntColumn(expectedRows);
    this.at = new IntColumn(expectedRows);
  }

  add(dealId: string, value: string, at: string): void {
    const deal = this.positionOf(dealId);
    if (deal < 0) return;
    let v = this.valueIndex.get(value);
    if (v === undefined) {
      v = this.values.push(value) - 1;
      this.valueIndex.set(value, v);
    }
    this.dealOf.push(deal);
    this.value.push(v);
    this.at.push(this.instants.indexOf(at));
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
      const found = (deals[mid] as Deal).id;
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
