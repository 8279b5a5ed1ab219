import fs from "node:fs";
import { actionItemsCsv } from "../actions/csv-export";
import { listActionItemsFor } from "../actions/lists";
import { type ActionItem, type ActionState, daysOverdue, todayByZone } from "../domain/action-items";
import { listActionItems } from "../store/actions-repository";
import { type Db, openDatabase } from "../store/db";
import { type CliContext, UsageError } from "./io";
import { parseSlackUserId } from "./link-command";

export const usage = `usage: rituals actions list [--owner U…] [--status open|done|dropped|overdue] [--json]
       rituals actions export --out FILE.csv [--owner U…] [--status open|done|dropped|overdue]

Lists or exports the action items.
  list      the items by deadline (default: the open ones)
  export    every item (or those --owner/--status pick) as CSV with a header row
  --owner   one owner's items: a Slack user id (U0123ABCD or <@U0123ABCD>)
  --status  open, done, dropped, or overdue (open and past its deadline in the owner's zone)
  --json    the items as JSON, each with its overdue flag`;

const STATUSES = ["open", "done", "dropped", "overdue"] as const;
type Status = (typeof STATUSES)[number];

interface ActionsArgs {
  verb: "list" | "export";
  owner?: string;
  status?: Status;
  out?: string;
  json: boolean;
}

export function parseActionsArgs(args: string[]): ActionsArgs {
  const [verb, ...rest] = args;
  if (verb !== "list" && verb !== "export") {
    throw new UsageError(verb ? `unknown action "${verb}": use list or export` : "say list or export");
  }
  const parsed: ActionsArgs = { verb, json: false };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    const eq = arg.indexOf("=");
    const [flag, inline] =
      arg.startsWith("--") && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? rest[++i];
      if (v === undefined || v.trim() === "" || (inline === undefined && v.startsWith("--")))
        throw new UsageError(`${flag} needs a value`);
      return v.trim();
    };
    if (flag === "--json" && verb === "list") parsed.json = true;
    else if (flag === "--owner") {
      const text = value();
      const id = parseSlackUserId(text);
      if (!id)
        throw new UsageError(`--owner "${text}" is not a Slack user id: use U0123ABCD or <@U0123ABCD>`);
      parsed.owner = id;
    } else if (flag === "--status") {
      const text = value().toLowerCase();
      if (!(STATUSES as readonly string[]).includes(text))
        throw new UsageError(`--status "${text}": use ${STATUSES.join(", ")}`);
      parsed.status = text as Status;
    } else if (flag === "--out" && verb === "export") parsed.out = value();
    else if (flag.startsWith("-")) throw new UsageError(`unknown option "${flag}" for actions ${verb}`);
    else throw new UsageError(`unexpected argument "${arg}"`);
  }
  if (verb === "export" && !parsed.out) throw new UsageError("export needs --out FILE.csv");
  return parsed;
}

function selectItems(db: Db, args: ActionsArgs, now: Date): ActionItem[] {
  const ownerIds = args.owner ? [args.owner] : undefined;
  if (args.status === "overdue")
    return listActionItemsFor(db, { kind: "overdue", ...(ownerIds ? { ownerIds } : {}) }, now);
  const status: ActionState | undefined = args.status ?? (args.verb === "list" ? "open" : undefined);
  return listActionItems(db, { ...(ownerIds ? { ownerIds } : {}), ...(status ? { states: [status] } : {}) });
}

function printTable(ctx: CliContext, items: readonly ActionItem[], now: Date): void {
  const today = todayByZone(now);
  const idWidth = Math.max(2, ...items.map((i) => String(i.id).length));
  const ownerWidth = Math.max(5, ...items.map((i) => i.ownerId.length));
  ctx.out(`${"#".padStart(idWidth)}  ${"state".padEnd(7)}  deadline    ${"owner".padEnd(ownerWidth)}  text`);
  for (const item of items) {
    const late = daysOverdue(item, today);
    const note = late > 0 ? `  (overdue ${late} ${late === 1 ? "day" : "days"})` : "";
    ctx.out(
      `${String(item.id).padStart(idWidth)}  ${item.state.padEnd(7)}  ${item.deadline}  ${item.ownerId.padEnd(ownerWidth)}  ${item.text}${note}`,
    );
  }
}

export async function run(ctx: CliContext): Promise<number> {
  const args = parseActionsArgs(ctx.args);
  const now = ctx.now();
  const db = openDatabase(ctx.config.DATABASE_PATH);
  try {
    const items = selectItems(db, args, now);
    if (args.verb === "export") {
      fs.writeFileSync(args.out as string, actionItemsCsv(items, now));
      ctx.out(`wrote ${items.length.toLocaleString("en-US")} action items to ${args.out}`);
      return 0;
    }
    if (args.json) {
      const today = todayByZone(now);
      const json = items.map((item) => ({ ...item, overdue: daysOverdue(item, today) > 0 }));
      ctx.out(JSON.stringify({ asOf: now.toISOString(), items: json }, null, 2));
      return 0;
    }
    const kind = `${args.status ?? "open"} action item`;
    const of = args.owner ? ` of ${args.owner}` : "";
    if (items.length === 0) {
      ctx.out(`no ${kind}s${of}`);
      return 0;
    }
    printTable(ctx, items, now);
    ctx.out("");
    const n = items.length;
    ctx.out(`${n.toLocaleString("en-US")} ${kind}${n === 1 ? "" : "s"}${of} · as of ${now.toISOString()}`);
    return 0;
  } finally {
    db.close();
  }
}
