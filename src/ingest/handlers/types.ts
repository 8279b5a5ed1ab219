import type { CrmRepository } from "../../store/crm-repository";

/** What a kind's handler gets for each import: the repository and a way to report a problem. */
export interface HandlerContext {
  repo: CrmRepository;
  /** records a problem on the current row's field, quoting the cell as written */
  report: (line: number, field: string, reason: string) => void;
  /** false once any problem was seen: the file will be rolled back, so skip writing */
  writing: () => boolean;
  /** a rough row count from the file size, to choose a bulk-load strategy */
  expectedRows: number;
}

export interface HandlerTotals {
  inserted: number;
  updated: number;
  unchanged: number;
  newStages: string[];
  newAccounts: number;
}

export interface RowHandler<Row> {
  accept: (row: Row, line: number) => void;
  finish: (rows: number) => HandlerTotals;
}

export type Counts = Record<"inserted" | "updated" | "unchanged", number>;

export const newCounts = (): Counts => ({ inserted: 0, updated: 0, unchanged: 0 });

/** Matches an account by external id, then by name; creates it (by name) when unknown. */
export function accountResolver(ctx: HandlerContext): {
  resolve: (value: string) => number;
  created: () => number;
} {
  const index = ctx.repo.accountIndex();
  const writer = ctx.repo.accountWriter();
  let created = 0;
  let placeholder = -1;
  // Cell text as written → id. A value resolves the same way every time (the indexes only gain
  // names), so repeats skip the lower-casing (a new string per row) and two map lookups.
  const resolved = new Map<string, number>();
  const lookUp = (value: string): number => {
    const key = value.toLowerCase();
    const found = index.byExternalId.get(value) ?? index.byName.get(key);
    if (found !== undefined) return found;
    created++;
    // After a problem nothing is written; a negative id keeps later rows resolving consistently.
    const id = ctx.writing()
      ? writer.create({ externalId: null, name: value, segment: null, region: null, industry: null })
      : placeholder--;
    index.byName.set(key, id);
    return id;
  };
  return {
    resolve: (value) => {
      let id = resolved.get(value);
      if (id === undefined) {
        id = lookUp(value);
        resolved.set(detached(value), id);
      }
      return id;
    },
    created: () => created,
  };
}

/** Collects the stages of a file that no stored deal is or was in, in order of first appearance. */
export function newStageTracker(ctx: HandlerContext): { see: (stage: string) => void; list: () => string[] } {
  const known = ctx.repo.stageKnown();
  const checked = new Set<string>();
  const fresh: string[] = [];
  return {
    see: (stage) => {
      if (checked.has(stage)) return;
      checked.add(stage);
      if (!known(stage)) fresh.push(stage);
    },
    list: () => fresh,
  };
}

/**
 * A copy of a cell that does not keep the file chunk it was sliced from alive (V8 slices of 13+
 * characters point into their parent string), for values held for the whole import.
 */
export const detached = (value: string): string => (value.length < 13 ? value : ` ${value}`.slice(1));
