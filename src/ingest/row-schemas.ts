import { z } from "zod";
import { parseScopeKey } from "../domain/crm";
import { parseMoney } from "../domain/money";
import { parsePeriod } from "../domain/period";
import type { ImportKind } from "./columns";
import { type DateReader, type Parsed, parseBoolean, parseProbability } from "./values";

/**
 * One zod schema per import kind. A row arrives as { field: cell text } with "" for empty cells
 * and for columns the file lacks; the schema turns it into typed values (cents, ISO dates) or
 * reports, per field, why a cell is unacceptable.
 */

export interface RowSchemaOptions {
  dates: DateReader;
  decimalComma: boolean;
  /** HubSpot writes probabilities as 0–1 fractions */
  probabilityFractions: boolean;
}

type Ctx = z.RefinementCtx;

function use<T>(parsed: Parsed<T>, ctx: Ctx): T {
  if (parsed.ok) return parsed.value;
  ctx.addIssue({ code: "custom", message: parsed.reason });
  return z.NEVER;
}

const REQUIRED = "is required";

const requiredText = () =>
  z.string().transform((s, ctx) => {
    const t = s.trim();
    if (t === "") return use<string>({ ok: false, reason: REQUIRED }, ctx);
    return t;
  });

const optionalText = () =>
  z.string().transform((s) => {
    const t = s.trim();
    return t === "" ? null : t;
  });

function money(o: RowSchemaOptions) {
  return z.string().transform((s, ctx) => {
    if (s.trim() === "") return use<number>({ ok: false, reason: REQUIRED }, ctx);
    const cents = parseMoney(s, { decimalComma: o.decimalComma });
    if (cents === null) {
      const hint = o.decimalComma ? "1.234,50" : "1234.50 or $1,234.50";
      return use<number>({ ok: false, reason: `is not an amount (expected e.g. ${hint})` }, ctx);
    }
    if (cents < 0) return use<number>({ ok: false, reason: "must not be negative" }, ctx);
    return cents;
  });
}

function requiredDate(o: RowSchemaOptions, kind: "date" | "dateTime" = "date") {
  return z.string().transform((s, ctx) => {
    if (s.trim() === "") return use<string>({ ok: false, reason: REQUIRED }, ctx);
    return use(kind === "date" ? o.dates.date(s) : o.dates.dateTime(s), ctx);
  });
}

function optionalDate(o: RowSchemaOptions) {
  return z.string().transform((s, ctx) => (s.trim() === "" ? null : use(o.dates.date(s), ctx)));
}

const bool = () => z.string().transform((s, ctx) => use(parseBoolean(s), ctx));

/** A month "YYYY-MM" or quarter "YYYY-Qn", stored by its canonical key. */
const monthOrQuarter = () =>
  z.string().transform((s, ctx) => {
    if (s.trim() === "") return use<string>({ ok: false, reason: REQUIRED }, ctx);
    const period = parsePeriod(s);
    if (!period || period.kind === "year") {
      return use<string>({ ok: false, reason: "is not a period (expected YYYY-MM or YYYY-Qn)" }, ctx);
    }
    return period.key;
  });

/** company | team:X | region:X | segment:X | rep:Name, kind in any case. */
const scope = () =>
  z.string().transform((s, ctx) => {
    const t = s.trim();
    if (t === "") return use<string>({ ok: false, reason: REQUIRED }, ctx);
    const colon = t.indexOf(":");
    const normal =
      colon === -1
        ? t.toLowerCase()
        : `${t.slice(0, colon).trim().toLowerCase()}:${t.slice(colon + 1).trim()}`;
    const parsed = parseScopeKey(normal);
    if (!parsed || (parsed.kind !== "company" && parsed.value === "")) {
      return use<string>(
        { ok: false, reason: "is not a scope (expected company, team:X, region:X, segment:X or rep:Name)" },
        ctx,
      );
    }
    return normal;
  });

const closedOutcome = (stage: string): "won" | "lost" | null =>
  /won\s*$/i.test(stage) ? "won" : /lost\s*$/i.test(stage) ? "lost" : null;

function opportunities(o: RowSchemaOptions) {
  return z
    .object({
      id: requiredText(),
      name: optionalText(),
      account: optionalText(),
      owner: requiredText(),
      stage: requiredText(),
      amount: money(o),
      probability: z.string().transform((s, ctx) => use(parseProbability(s, o.probabilityFractions), ctx)),
      product: optionalText(),
      created_date: requiredDate(o),
      close_date: requiredDate(o),
      next_step: optionalText(),
      last_activity_date: optionalDate(o),
      is_closed: bool(),
      is_won: bool(),
    })
    .transform((row, ctx) => {
      // Without is_closed / is_won the stage name decides: "... Won" / "... Lost" are closed.
      const outcome = closedOutcome(row.stage);
      const isClosed = row.is_closed ?? outcome !== null;
      const isWon = row.is_won ?? (isClosed && outcome === "won");
      if (isWon && !isClosed) {
        ctx.addIssue({
          code: "custom",
          path: ["is_won"],
          message:
            row.is_closed === null
              ? `says won but stage "${row.stage}" is not a closed stage and is_closed is not given`
              : "says won but is_closed is false",
        });
        return z.NEVER;
      }
      return { ...row, isClosed, isWon };
    });
}

const stageHistory = (o: RowSchemaOptions) =>
  z
    .object({
      opportunity_id: requiredText(),
      changed_at: requiredDate(o, "dateTime"),
      stage: optionalText(),
      close_date: optionalDate(o),
    })
    .superRefine((row, ctx) => {
      if (row.stage === null && row.close_date === null) {
        ctx.addIssue({
          code: "custom",
          path: ["stage"],
          message: "needs a stage or a close date in this row",
        });
      }
    });

const accounts = () =>
  z.object({
    id: optionalText(),
    name: requiredText(),
    segment: optionalText(),
    region: optionalText(),
    industry: optionalText(),
  });

const contracts = (o: RowSchemaOptions) =>
  z
    .object({
      id: requiredText(),
      account: requiredText(),
      product: optionalText(),
      value: money(o),
      start_date: requiredDate(o),
      end_date: requiredDate(o),
    })
    .superRefine((row, ctx) => {
      if (row.end_date < row.start_date) {
        ctx.addIssue({
          code: "custom",
          path: ["end_date"],
          message: `is before start_date ${row.start_date}`,
        });
      }
    });

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const reps = (o: RowSchemaOptions) =>
  z.object({
    name: requiredText(),
    email: z.string().transform((s, ctx) => {
      const t = s.trim();
      if (t === "") return null;
      return EMAIL.test(t) ? t : use<string>({ ok: false, reason: "is not an email address" }, ctx);
    }),
    team: optionalText(),
    region: optionalText(),
    segment: optionalText(),
    manager: optionalText(),
    hire_date: optionalDate(o),
  });

const quotas = (o: RowSchemaOptions) =>
  z.object({ owner: requiredText(), period: monthOrQuarter(), amount: money(o) });

const forecasts = (o: RowSchemaOptions) =>
  z.object({
    submitted_by: requiredText(),
    scope: scope(),
    period: monthOrQuarter(),
    amount: money(o),
    submitted_at: requiredDate(o, "dateTime"),
  });

export function rowSchemas(o: RowSchemaOptions) {
  return {
    opportunities: opportunities(o),
    "stage-history": stageHistory(o),
    accounts: accounts(),
    contracts: contracts(o),
    reps: reps(o),
    quotas: quotas(o),
    forecasts: forecasts(o),
  } satisfies Record<ImportKind, z.ZodType>;
}

export type RowSchemas = ReturnType<typeof rowSchemas>;
export type RowOf<K extends ImportKind> = z.output<RowSchemas[K]>;
