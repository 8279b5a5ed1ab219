/**
 * Which header means which field, per import kind and CRM preset. Headers are compared after
 * normalising (lower case, letters and digits only), so "Created Date", "created_date" and
 * "CREATED DATE" are the same column. Every preset also understands the generic column names.
 */

export type ImportKind =
  | "opportunities"
  | "stage-history"
  | "accounts"
  | "contracts"
  | "reps"
  | "quotas"
  | "forecasts";
export type Preset = "generic" | "salesforce" | "hubspot";

export const IMPORT_KINDS: readonly ImportKind[] = [
  "opportunities",
  "stage-history",
  "accounts",
  "contracts",
  "reps",
  "quotas",
  "forecasts",
];
export const PRESETS: readonly Preset[] = ["generic", "salesforce", "hubspot"];

interface KindColumns {
  /** the generic preset's columns, in order */
  fields: readonly string[];
  required: readonly string[];
}

export const KIND_COLUMNS: Record<ImportKind, KindColumns> = {
  opportunities: {
    fields: [
      "id",
      "name",
      "account",
      "owner",
      "stage",
      "amount",
      "probability",
      "product",
      "created_date",
      "close_date",
      "next_step",
      "last_activity_date",
      "is_closed",
      "is_won",
    ],
    required: ["id", "owner", "stage", "amount", "created_date", "close_date"],
  },
  "stage-history": {
    fields: ["opportunity_id", "changed_at", "stage", "close_date"],
    // each row needs a stage or a close date; the row schema checks that
    required: ["opportunity_id", "changed_at"],
  },
  // An account's id is how contracts and deals refer to it, and every CRM's account export has it.
  accounts: { fields: ["id", "name", "segment", "region", "industry"], required: ["id", "name"] },
  contracts: {
    fields: ["id", "account", "product", "value", "start_date", "end_date"],
    required: ["id", "account", "value", "start_date", "end_date"],
  },
  reps: {
    fields: ["name", "email", "team", "region", "segment", "manager", "hire_date"],
    // every team figure and every manager's view comes from a rep's team
    required: ["name", "team"],
  },
  quotas: { fields: ["owner", "period", "amount"], required: ["owner", "period", "amount"] },
  forecasts: {
    fields: ["submitted_by", "scope", "period", "amount", "submitted_at"],
    required: ["submitted_by", "scope", "period", "amount", "submitted_at"],
  },
};

/** Preset headers (as the CRM writes them) → field. Unknown headers are ignored. */
const PRESET_ALIASES: Record<
  Exclude<Preset, "generic">,
  Partial<Record<ImportKind, Record<string, string>>>
> = {
  salesforce: {
    opportunities: {
      "Opportunity ID": "id",
      "Opportunity Name": "name",
      "Account Name": "account",
      "Account ID": "account",
      "Opportunity Owner": "owner",
      "Owner Email": "owner",
      Stage: "stage",
      Amount: "amount",
      "Probability (%)": "probability",
      "Product Name": "product",
      "Primary Product": "product",
      "Created Date": "created_date",
      "Close Date": "close_date",
      "Next Step": "next_step",
      "Last Activity": "last_activity_date",
      Closed: "is_closed",
      Won: "is_won",
    },
    "stage-history": {
      "Opportunity ID": "opportunity_id",
      Stage: "stage",
      "To Stage": "stage",
      "Close Date": "close_date",
      "Last Modified Date": "changed_at",
      "Edit Date": "changed_at",
    },
    reps: {
      "Full Name": "name",
      Email: "email",
      Role: "team",
      Team: "team",
      Manager: "manager",
      "Manager Name": "manager",
      Region: "region",
      Division: "region",
      Segment: "segment",
      "Start Date": "hire_date",
      "Hire Date": "hire_date",
    },
    accounts: {
      "Account ID": "id",
      "Account Name": "name",
      Industry: "industry",
      "Billing Country": "region",
      Region: "region",
      Segment: "segment",
      Type: "segment",
    },
    contracts: {
      "Contract Number": "id",
      "Contract ID": "id",
      "Account Name": "account",
      "Contract Start Date": "start_date",
      "Contract End Date": "end_date",
      "Contract Value": "value",
    },
    quotas: { "Quota Owner": "owner", "Quota Amount": "amount" },
  },
  hubspot: {
    opportunities: {
      "Record ID": "id",
      "Deal Name": "name",
      "Deal Stage": "stage",
      Amount: "amount",
      "Close Date": "close_date",
      "Create Date": "created_date",
      "Deal owner": "owner",
      "Associated Company": "account",
      "Associated Company (Primary)": "account",
      "Last Activity Date": "last_activity_date",
      "Next step": "next_step",
      "Deal probability": "probability",
      "Is Closed Won": "is_won",
      "Is closed": "is_closed",
      Product: "product",
    },
    "stage-history": {
      "Record ID": "opportunity_id",
      "Deal Stage": "stage",
      "Close Date": "close_date",
      "Last Modified Date": "changed_at",
    },
    reps: {
      Name: "name",
      "First and last name": "name",
      Email: "email",
      Team: "team",
      "Primary team": "team",
    },
    accounts: {
      "Record ID": "id",
      "Company name": "name",
      Industry: "industry",
      "Country/Region": "region",
      Segment: "segment",
    },
  },
};

export function normalizeHeader(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** The normalised-header → field table for one kind and preset (generic names always included). */
export function headerTable(kind: ImportKind, preset: Preset): Map<string, string> {
  const table = new Map<string, string>();
  for (const field of KIND_COLUMNS[kind].fields) table.set(normalizeHeader(field), field);
  if (preset !== "generic") {
    for (const [header, field] of Object.entries(PRESET_ALIASES[preset][kind] ?? {})) {
      table.set(normalizeHeader(header), field);
    }
  }
  return table;
}

export interface ColumnPlan {
  /** field → column index in each record */
  index: Map<string, number>;
  /** required fields no header maps to */
  missing: string[];
  /** a header read as a field that the file has more than once, with its columns (1-based) */
  duplicated: { header: string; columns: number[] }[];
}

/**
 * Resolves the file's header row. --map entries (header → field) win over the preset; the first
 * column that maps to a field wins when several do (e.g. both "Product Name" and "Primary Product").
 */
export function planColumns(
  kind: ImportKind,
  preset: Preset,
  headers: readonly string[],
  map: Record<string, string> = {},
): ColumnPlan {
  const table = headerTable(kind, preset);
  const overrides = new Map(Object.entries(map).map(([h, f]) => [normalizeHeader(h), f]));
  const index = new Map<string, number>();
  const columnsOf = new Map<string, number[]>();
  headers.forEach((header, i) => {
    const key = normalizeHeader(header);
    const field = overrides.get(key) ?? table.get(key);
    if (field === undefined) return;
    if (!index.has(field)) index.set(field, i);
    const columns = columnsOf.get(key);
    if (columns === undefined) columnsOf.set(key, [i + 1]);
    else columns.push(i + 1);
  });
  const missing = KIND_COLUMNS[kind].required.filter((f) => !index.has(f));
  // The same header twice is ambiguous (which "amount" is meant?); two different headers of one
  // field are a preset's alternatives, and the first wins.
  const duplicated = [...columnsOf.values()]
    .filter((columns) => columns.length > 1)
    .map((columns) => ({ header: headers[(columns[0] as number) - 1] as string, columns }));
  return { index, missing, duplicated };
}

/** Checks --map targets name fields of the kind; returns one message per bad entry. */
export function checkMap(kind: ImportKind, map: Record<string, string>): string[] {
  const fields = KIND_COLUMNS[kind].fields;
  return Object.entries(map)
    .filter(([, field]) => !fields.includes(field))
    .map(
      ([header, field]) =>
        `--map "${header}=${field}": ${kind} has no field "${field}" (fields: ${fields.join(", ")})`,
    );
}

/**
 * The kind a header looks like when it is not `kind`'s: another kind whose required columns it
 * has, the one it has most columns of. Null when none fits.
 */
export function lookalikeKind(
  kind: ImportKind,
  preset: Preset,
  headers: readonly string[],
): ImportKind | null {
  let best: { kind: ImportKind; mapped: number } | null = null;
  for (const other of IMPORT_KINDS) {
    if (other === kind) continue;
    const plan = planColumns(other, preset, headers);
    if (plan.missing.length > 0) continue;
    if (best === null || plan.index.size > best.mapped) best = { kind: other, mapped: plan.index.size };
  }
  return best?.kind ?? null;
}

const quoted = (names: readonly string[]) => names.map((n) => `"${n}"`).join(", ");

/**
 * Why a header without some of the kind's required columns is refused: what is missing, what the
 * kind needs, what the file has, and which kind it looks like when it fits another one.
 */
export function missingColumnsReason(
  kind: ImportKind,
  preset: Preset,
  headers: readonly string[],
  missing: readonly string[],
): string {
  const has = headers.filter((h) => h.trim() !== "");
  const article = /^[aeiou]/.test(kind) ? "an" : "a";
  let reason =
    `${missing.length === 1 ? "required column" : "required columns"} ${quoted(missing)} ` +
    `${missing.length === 1 ? "is" : "are"} missing: ${article} ${kind} file needs ${quoted(KIND_COLUMNS[kind].required)}` +
    `${preset === "generic" ? "" : ` (or their ${preset} names)`}, and this one has ${has.length === 0 ? "no columns" : quoted(has)}`;
  const other = lookalikeKind(kind, preset, headers);
  if (other !== null) {
    reason += `. This looks like ${/^[aeiou]/.test(other) ? "an" : "a"} ${other} file: import it with \`rituals import ${other}\``;
  } else {
    reason += '. Rename the columns, or pass --map "Your header=field"';
  }
  return reason;
}
