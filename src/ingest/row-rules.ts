/**
 * The rules every imported row must satisfy once its cells are read into typed values (cents, ISO
 * dates), as zod schemas, one per import kind. Reading a cell (row-schemas.ts) says whether the
 * text is an amount or a date at all; these say whether the values make sense: amounts are whole
 * cents and not negative, a contract does not end before it starts, ids and names are present.
 * Issues name the CSV field (`amount`, not `amountCents`), as every import problem does.
 */
import { z } from "zod";
import type { ImportKind } from "./columns";
import type { RowIssue } from "./problems";

const cents = z.number().int("must be whole cents").min(0, "must not be negative");
const text = z.string();
const optionalText = z.string().nullable();
const date = z.string();
const optionalDate = z.string().nullable();

const RULES = {
  opportunities: z.object({
    id: text,
    name: optionalText,
    account: optionalText,
    owner: text,
    stage: text,
    amountCents: cents,
    probability: z.number().min(0).max(100).nullable(),
    product: optionalText,
    createdDate: date,
    closeDate: date,
    nextStep: optionalText,
    lastActivityDate: optionalDate,
    isClosed: z.boolean(),
    isWon: z.boolean(),
  }),
  "stage-history": z.object({
    opportunityId: text,
    changedAt: text,
    stage: optionalText,
    closeDate: optionalDate,
  }),
  accounts: z.object({
    externalId: text,
    name: text,
    segment: optionalText,
    region: optionalText,
    industry: optionalText,
  }),
  contracts: z
    .object({
      id: text,
      account: text,
      product: optionalText,
      valueCents: cents,
      startDate: date,
      endDate: date,
    })
    // "" is a date the row could not read (already reported on its own field)
    .refine((c) => c.startDate === "" || c.endDate === "" || c.endDate >= c.startDate, {
      path: ["endDate"],
      error: (issue) => `is before start_date ${(issue.input as { startDate: string }).startDate}`,
    }),
  reps: z.object({
    name: text,
    email: optionalText,
    team: text,
    region: optionalText,
    segment: optionalText,
    manager: optionalText,
    hireDate: optionalDate,
  }),
  quotas: z.object({ owner: text, period: text, amountCents: cents }),
  forecasts: z.object({
    submittedBy: text,
    scope: text,
    period: text,
    amountCents: cents,
    submittedAt: text,
  }),
} satisfies Record<ImportKind, z.ZodType>;

/** Row properties whose CSV field is spelt differently. */
const FIELD_OF: Record<string, string> = {
  amountCents: "amount",
  valueCents: "value",
  endDate: "end_date",
  startDate: "start_date",
  createdDate: "created_date",
  closeDate: "close_date",
  lastActivityDate: "last_activity_date",
  nextStep: "next_step",
  isClosed: "is_closed",
  isWon: "is_won",
  externalId: "id",
  hireDate: "hire_date",
  opportunityId: "opportunity_id",
  changedAt: "changed_at",
  submittedBy: "submitted_by",
  submittedAt: "submitted_at",
};

/** Checks one read row against its kind's rules, pushing an issue per broken rule; true when none. */
export function checkRow(kind: ImportKind, row: unknown, issues: RowIssue[]): boolean {
  const result = RULES[kind].safeParse(row);
  if (result.success) return true;
  for (const issue of result.error.issues) {
    const property = String(issue.path[0] ?? "");
    issues.push({ field: FIELD_OF[property] ?? property, message: issue.message });
  }
  return false;
}
