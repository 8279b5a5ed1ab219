import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { changeActionItem } from "../../src/actions/change-item";
import { createActionItem } from "../../src/actions/create-item";
import type { NewActionItem } from "../../src/actions/item-rules";
import { runCli } from "../cli/run-cli";
import { tempDb } from "../ingest/helpers";
import { NO_AUTHORITY } from "./helpers";

const NOW = new Date("2026-11-25T12:00:00Z");

function seeded() {
  const { db, file, dir } = tempDb();
  const base: NewActionItem = {
    text: "Call the CFO",
    ownerId: "UANA",
    creatorId: "UMGR",
    deadline: "2026-11-20",
    ownerZone: "UTC",
    source: "manual",
  };
  const at = new Date("2026-11-01T10:00:00Z");
  const late = createActionItem(db, base, at).item.id;
  createActionItem(
    db,
    { ...base, text: '=HYPERLINK("http://evil")', ownerId: "UBEN", deadline: "2026-12-04" },
    at,
  );
  const done = createActionItem(db, { ...base, text: "Send deck, final", deadline: "2026-11-30" }, at).item
    .id;
  changeActionItem(
    db,
    { itemId: done, change: { kind: "done" }, actorId: "UANA", authority: NO_AUTHORITY },
    NOW,
  );
  return { file, dir, late, done };
}

async function cli(file: string, args: string[]) {
  return runCli(["actions", ...args], NOW, { DATABASE_PATH: file });
}

describe("rituals actions", () => {
  it("list: open items by deadline, with how late they are", async () => {
    const { file } = seeded();
    const { code, out } = await cli(file, ["list"]);
    expect(code).toBe(0);
    const lines = out.split("\n");
    expect(lines[0]).toMatch(/^ {0,2}# {2}state {4}deadline {4}owner {2}text$/);
    expect(lines[1]).toMatch(/^ +1 {2}open {5}2026-11-20 {2}UANA {3}Call the CFO {2}\(overdue 5 days\)$/);
    expect(lines[2]).toMatch(/^ +2 {2}open {5}2026-12-04 {2}UBEN/);
    expect(out).toContain("2 open action items · as of 2026-11-25T12:00:00.000Z");
  });

  it("list --owner, --status and --json", async () => {
    const { file, late, done } = seeded();
    const overdue = await cli(file, ["list", "--status", "overdue", "--json"]);
    expect(overdue.code).toBe(0);
    const parsed = JSON.parse(overdue.out) as { asOf: string; items: { id: number; overdue: boolean }[] };
    expect(parsed.items.map((i) => [i.id, i.overdue])).toEqual([[late, true]]);
    const anaDone = await cli(file, ["list", "--owner", "<@UANA>", "--status=done"]);
    expect(anaDone.out).toContain("1 done action item of UANA · as of");
    expect(anaDone.out).toContain(`${done}  done`);
    expect((await cli(file, ["list", "--owner", "UNOBODY"])).out).toBe("no open action items of UNOBODY");
  });

  it("export: every item as CSV, formulas neutralised", async () => {
    const { file, dir } = seeded();
    const out = path.join(dir, "items.csv");
    const result = await cli(file, ["export", "--out", out]);
    expect(result).toMatchObject({ code: 0, out: `wrote 3 action items to ${out}` });
    const csv = fs.readFileSync(out, "utf8");
    const rows = csv.split("\r\n");
    expect(rows[0]?.startsWith("id,text,owner,creator,state,overdue,deadline")).toBe(true);
    expect(rows).toHaveLength(5);
    expect(csv).toContain(`,"'=HYPERLINK(""http://evil"")",UBEN,`);
    expect(csv).toContain(',"Send deck, final",UANA,UMGR,done,no,2026-11-30,');
  });

  it("a mistake in the call is a usage error, exit code 2, and writes nothing", async () => {
    const { file, dir } = seeded();
    const cases: [string[], string][] = [
      [[], "say list or export"],
      [["remove"], 'unknown action "remove": use list or export'],
      [["list", "--status", "late"], '--status "late": use open, done, dropped, overdue'],
      [["list", "--owner", "ana"], '--owner "ana" is not a Slack user id'],
      [["export"], "export needs --out FILE.csv"],
      [["export", "--json", "--out", path.join(dir, "x.csv")], 'unknown option "--json" for actions export'],
    ];
    for (const [args, message] of cases) {
      const result = await cli(file, args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.err).toContain(message);
    }
    expect(fs.existsSync(path.join(dir, "x.csv"))).toBe(false);
  });
});
