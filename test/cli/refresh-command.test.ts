import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { latestRefresh } from "../../src/store/analyses-repository";
import { openDatabase } from "../../src/store/db";
import { dataset, deal, quota, rep, seedDatabase } from "../analytics/builders";
import { runCli } from "./run-cli";

const files: string[] = [];
function tempFile(): string {
  const file = path.join(
    os.tmpdir(),
    `rituals-cli-refresh-${process.pid}-${Math.random().toString(36).slice(2)}.db`,
  );
  files.push(file);
  return file;
}
afterEach(() => {
  for (const f of files.splice(0)) for (const x of [f, `${f}-wal`, `${f}-shm`]) fs.rmSync(x, { force: true });
});

async function cli(file: string, args: string[]) {
  return runCli(args, "2026-11-18T15:00:00Z", { DATABASE_PATH: file });
}

function seeded(): string {
  const file = tempFile();
  const db = openDatabase(file);
  seedDatabase(
    db,
    dataset({
      reps: [rep({ id: 1, name: "Ana", team: "West" })],
      quotas: [quota(1, "2026-11", 100_000)],
      // won in September, so every --as-of below is after the data's latest fact
      deals: [deal({ ownerId: 1, stage: "Closed Won", amountCents: 50_000, closeDate: "2026-09-02" })],
    }),
  );
  db.close();
  return file;
}

describe("rituals refresh", () => {
  it("prints the summary: analyses, documents, as of, import and time per analysis", async () => {
    const file = seeded();
    const r = await cli(file, ["refresh"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^refresh #1: 9 analyses, \d+ documents · as of 2026-11-18T15:00:00.000Z · import #1 · \d+ ms/,
    );
    for (const name of ["attainment", "pipeline", "data-quality", "(load + prepare)", "(save)"])
      expect(r.out).toContain(name);
    const db = openDatabase(file);
    expect(latestRefresh(db)?.asOf).toBe("2026-11-18T15:00:00.000Z");
    db.close();
  });

  it("computes for --as-of, a datetime with a zone or a date (noon UTC)", async () => {
    const file = seeded();
    expect((await cli(file, ["refresh", "--as-of", "2026-10-31T23:30:00-04:00"])).out).toContain(
      "as of 2026-11-01T03:30:00.000Z",
    );
    expect((await cli(file, ["refresh", "--as-of=2026-09-30"])).out).toContain(
      "as of 2026-09-30T12:00:00.000Z",
    );
  });

  it.each([["yesterday"], ["2026-02-30"], ["2026-11-18T10:00:00"], ["2026-13-01T00:00:00Z"]])(
    "rejects --as-of %s as a usage error and stores nothing",
    async (value) => {
      const file = seeded();
      const r = await cli(file, ["refresh", "--as-of", value]);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`--as-of "${value}"`);
      expect(r.err).toContain("usage: rituals refresh");
      const db = openDatabase(file);
      expect(latestRefresh(db)).toBeNull();
      db.close();
    },
  );

  it("rejects a missing --as-of value and unknown arguments", async () => {
    const file = seeded();
    expect(await cli(file, ["refresh", "--as-of"])).toMatchObject({ code: 2 });
    expect((await cli(file, ["refresh", "--now"])).err).toContain('unexpected argument "--now"');
  });
});
