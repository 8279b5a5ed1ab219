import fs from "node:fs";
import path from "node:path";
import {
  buildReviewDeck,
  DECK_KINDS,
  type DeckKind,
  isDeckKind,
  priorReviewActionItems,
} from "../rituals/deck";
import { RitualError } from "../rituals/definitions";
import { openDatabase } from "../store/db";
import { findRitualById, findRitualByName, type RitualRecord } from "../store/rituals-repository";
import { type CliContext, UsageError } from "./io";
import { progressLine } from "./progress";

export const usage = `usage: rituals deck <ritual> [--period P] [--out FILE.pptx] [--charts DIR]
       rituals deck --kind monthly|planning|year-end [--period P] [--out FILE.pptx] [--charts DIR]

Builds a review's board deck (.pptx) from the stored analyses, with the same charts and figures
as the pre-read (run \`rituals refresh\` first; nothing is recomputed).
  <ritual>     a ritual's name or number (\`rituals ritual list\`): its kind picks the deck, and
               the action items of its last review held go on the action-items slide
  --kind       without a ritual: monthly (monthly-review), planning (quarterly-planning) or
               year-end (year-end-review); no action items
  --period     monthly: the month under review (2026-11; default the month before the latest
               refresh); planning: the quarter being planned (2027-Q1; default the quarter after
               it); year-end: the fiscal year (FY2026; default the refresh's)
  --out        the file to write (default MBR-<period>.pptx, Planning-<period>.pptx or
               Year-end-<period>.pptx here; a directory: that name inside it)
  --charts     also write the deck's chart images (PNG) into DIR
The executive summary is the template one (the pre-read's Claude summary is its own).`;

const KIND_ALIASES: Record<string, DeckKind> = {
  monthly: "monthly-review",
  planning: "quarterly-planning",
  "year-end": "year-end-review",
};

interface DeckArgs {
  ritual?: string;
  kind?: DeckKind;
  period?: string;
  out?: string;
  charts?: string;
}

export function parseDeckArgs(args: string[]): DeckArgs {
  const parsed: DeckArgs = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const [flag, inline] = eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? args[++i];
      if (v === undefined || v.trim() === "" || (inline === undefined && v.startsWith("--")))
        throw new UsageError(`${flag} needs a value`);
      return v.trim();
    };
    if (flag === "--kind") {
      const text = value().toLowerCase();
      const kind = KIND_ALIASES[text] ?? (isDeckKind(text) ? text : undefined);
      if (!kind)
        throw new UsageError(
          `--kind "${text}": expected ${Object.keys(KIND_ALIASES).join(", ")} (or ${DECK_KINDS.join(", ")})`,
        );
      parsed.kind = kind;
    } else if (flag === "--period") parsed.period = value();
    else if (flag === "--out") parsed.out = value();
    else if (flag === "--charts") parsed.charts = value();
    else if (flag.startsWith("-")) throw new UsageError(`unknown option "${flag}"`);
    else if (parsed.ritual === undefined) parsed.ritual = arg;
    else throw new UsageError(`unexpected argument "${arg}"`);
  }
  if (parsed.ritual !== undefined && parsed.kind !== undefined)
    throw new UsageError("give a ritual or --kind, not both: the ritual's kind picks its deck");
  if (parsed.ritual === undefined && parsed.kind === undefined)
    throw new UsageError("name a ritual, or give --kind monthly|planning|year-end");
  return parsed;
}

function findRitual(db: Parameters<typeof findRitualByName>[0], text: string): RitualRecord {
  const ritual = (/^\d+$/.test(text) ? findRitualById(db, Number(text)) : null) ?? findRitualByName(db, text);
  if (!ritual)
    throw new RitualError("ritual_not_found", `no ritual named "${text}" (see \`rituals ritual list\`)`);
  return ritual;
}

/** Where the deck goes: --out as given, inside it when it is a directory, else its own name here. */
function outputPath(out: string | undefined, fileName: string): string {
  if (out === undefined) return path.resolve(fileName);
  if (/[/\\]$/.test(out) || (fs.existsSync(out) && fs.statSync(out).isDirectory()))
    return path.resolve(out, fileName);
  if (!out.toLowerCase().endsWith(".pptx")) throw new UsageError(`--out "${out}": a deck is a .pptx file`);
  return path.resolve(out);
}

export async function run(ctx: CliContext): Promise<number> {
  const args = parseDeckArgs(ctx.args);
  const db = openDatabase(ctx.config.DATABASE_PATH);
  try {
    const ritual = args.ritual === undefined ? null : findRitual(db, args.ritual);
    const kind = ritual ? ritual.kind : (args.kind as DeckKind);
    if (!isDeckKind(kind))
      throw new UsageError(
        `ritual "${ritual?.name}" is a ${kind} ritual, which has no deck; decks: ${DECK_KINDS.join(", ")}`,
      );
    const progress = progressLine(ctx, "deck");
    const deck = await buildReviewDeck(db, {
      kind,
      period: args.period,
      currency: ctx.config.CURRENCY,
      timeZone: ctx.config.WORKSPACE_TIMEZONE,
      fiscalYearStartMonth: ctx.config.FISCAL_YEAR_START_MONTH,
      actionItems: ritual && kind === "monthly-review" ? priorReviewActionItems(db, ritual, ctx.now()) : null,
      onStep: (step, done, total) => progress.update({ done, total, unit: "steps", note: step }),
    }).finally(() => progress.done());
    const file = outputPath(args.out, deck.fileName);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, deck.pptx);
    ctx.out(
      `${deck.fileName.replace(/\.pptx$/, "")}: ${(deck.pptx.length / 1e6).toFixed(1)} MB written to ${file} · figures as of ${deck.asOf} · ${deck.charts.length} chart${deck.charts.length === 1 ? "" : "s"}`,
    );
    if (args.charts !== undefined) {
      fs.mkdirSync(args.charts, { recursive: true });
      for (const c of deck.charts) fs.writeFileSync(path.join(args.charts, c.fileName), c.chart.png);
      ctx.out(
        `charts written to ${path.resolve(args.charts)}: ${deck.charts.map((c) => c.fileName).join(", ")}`,
      );
    }
    return 0;
  } finally {
    db.close();
  }
}
