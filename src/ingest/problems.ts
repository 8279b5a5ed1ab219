/** What is wrong with an import, cell by cell, in the `file:line: field "value": why` form. */
import { AppError } from "../errors";

/** One cell a row cannot accept, and why: what reading a row reports before it knows the line. */
export interface RowIssue {
  field: string;
  message: string;
}

/** One problem of a file, as a user reads it. */
export interface ImportProblem {
  file: string;
  line: number;
  field: string;
  value: string;
  reason: string;
}

/** How many problems an error carries in full; the rest are only counted. */
export const PROBLEMS_KEPT = 20;

export function formatProblem(p: ImportProblem): string {
  return `${p.file}:${p.line}: ${p.field} "${p.value}": ${p.reason}`;
}

/** The file was refused; nothing was written except its import_runs row (outcome 'rejected'). */
export class ImportRejectedError extends AppError {
  constructor(
    /** the first PROBLEMS_KEPT problems, in file order */
    readonly problems: ImportProblem[],
    /** every problem found, including those not kept */
    readonly total: number,
  ) {
    super("import_rejected", describeRejection(problems, total));
    this.name = "ImportRejectedError";
  }
}

export function describeRejection(problems: readonly ImportProblem[], total: number): string {
  const lines = problems.map(formatProblem);
  const more = total - problems.length;
  lines.push(
    more > 0
      ? `… and ${more.toLocaleString("en-US")} more problem${more === 1 ? "" : "s"}; nothing was written`
      : `${total.toLocaleString("en-US")} problem${total === 1 ? "" : "s"}; nothing was written`,
  );
  return lines.join("\n");
}

/** Keeps the first problems in full and counts them all. */
export class ProblemLog {
  readonly kept: ImportProblem[] = [];
  total = 0;

  constructor(private readonly file: string) {}

  add(line: number, field: string, value: string, reason: string): void {
    this.total++;
    if (this.kept.length < PROBLEMS_KEPT) {
      // Long cells are cut so one bad row cannot flood the terminal.
      const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
      this.kept.push({ file: this.file, line, field, value: shown, reason });
    }
  }
}
