import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli";
import { parseSlackUserId } from "../../src/cli/link-command";
import { importCsv } from "../../src/ingest/import-csv";
import { openDatabase } from "../../src/store/db";
import { findManagerLink, findRepBySlackUser } from "../../src/store/slack-links-repository";
import { tempDir } from "../ingest/helpers";

async function databaseWithReps(): Promise<string> {
  const dir = tempDir();
  const csv = path.join(dir, "reps.csv");
  fs.writeFileSync(
    csv,
    "name,email,team,region,segment,manager,hire_date\nAna Lima,ana@example.com,West,Americas,Enterprise,Farah Ueda,2022-01-03\nBo Chen,bo@example.com,East,EMEA,Enterprise,Farah Ueda,2022-01-03\n",
  );
  const file = path.join(dir, "rituals.db");
  const db = openDatabase(file);
  await importCsv(db, { kind: "reps", file: csv });
  db.close();
  return file;
}

async function link(file: string, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(["link", ...args], {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    env: { DATABASE_PATH: file },
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("rituals link", () => {
  it.each([
    ["U0123ABCD", "U0123ABCD"],
    ["<@U0123ABCD>", "U0123ABCD"],
    ["<@U0123ABCD|ana>", "U0123ABCD"],
    ["@W99XYZ", "W99XYZ"],
    ["ana", null],
    ["@ana.lima", null],
  ])("reads %s as %s", (text, id) => {
    expect(parseSlackUserId(text)).toBe(id);
  });

  it("links a user to a rep by name, case-insensitively, and moves an earlier link", async () => {
    const file = await databaseWithReps();
    const first = await link(file, "<@U0123ABCD>", "ana", "lima");
    expect(first.code).toBe(0);
    expect(first.out).toContain("Linked U0123ABCD to Ana Lima (team West)");
    const second = await link(file, "U0123ABCD", "Bo Chen");
    expect(second.out).toContain("(was linked to Ana Lima)");
    const db = openDatabase(file);
    expect(findRepBySlackUser(db, "U0123ABCD")?.name).toBe("Bo Chen");
    db.close();
  });

  it("refuses an unknown rep or a display name, changing nothing", async () => {
    const file = await databaseWithReps();
    const unknown = await link(file, "U0123ABCD", "Nobody Here");
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('no rep or manager named "Nobody Here"');
    const display = await link(file, "@ana", "Ana Lima");
    expect(display.code).toBe(2);
    expect(display.err).toContain("is not a Slack user id");
    const db = openDatabase(file);
    expect(findRepBySlackUser(db, "U0123ABCD")).toBeNull();
    db.close();
  });

  it("links a manager who has no rep row, and a later rep link replaces it", async () => {
    const file = await databaseWithReps();
    const linked = await link(file, "U0FARAH", "farah ueda");
    expect(linked.code).toBe(0);
    expect(linked.out).toBe("Linked U0FARAH to Farah Ueda, manager of West, East (no deals of their own).");
    let db = openDatabase(file);
    expect(findManagerLink(db, "U0FARAH")).toBe("Farah Ueda");
    db.close();

    const moved = await link(file, "U0FARAH", "Bo Chen");
    expect(moved.out).toContain("(was linked to Farah Ueda)");
    db = openDatabase(file);
    expect(findManagerLink(db, "U0FARAH")).toBeNull();
    expect(findRepBySlackUser(db, "U0FARAH")?.name).toBe("Bo Chen");
    db.close();

    const back = await link(file, "U0FARAH", "Farah Ueda");
    expect(back.out).toContain("(was linked to Bo Chen)");
    db = openDatabase(file);
    expect(findRepBySlackUser(db, "U0FARAH")).toBeNull();
    expect(findManagerLink(db, "U0FARAH")).toBe("Farah Ueda");
    db.close();
  });
});
