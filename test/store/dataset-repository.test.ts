import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { analysisContext } from "../../src/analytics/prepare/context";
import { prepare } from "../../src/analytics/prepare/prepare";
import { latestFact } from "../../src/refresh/as-of-rule";
import { loadDataset } from "../../src/store/dataset-repository";
import { type Db, openDatabase } from "../../src/store/db";
import { IsoStringInterner, isoKey, StringInterner } from "../../src/store/string-interner";
import { tempDb } from "../ingest/helpers";

function seeded(): Db {
  const db = openDatabase(":memory:");
  db.prepare("INSERT INTO reps (id, name) VALUES (1, 'Ana')").run();
  const deal = db.prepare(
    `INSERT INTO opportunities (id, name, owner_id, stage, amount_cents, created_date, close_date,
       is_closed, is_won, changed_at) VALUES (?, ?, 1, ?, 100, '2026-01-05', ?, 0, 0, '2026-01-05')`,
  );
  // inserted out of id order, as a later import adding older ids would
  deal.run("O-3", "Gamma", "Proposal", "2026-03-01");
  deal.run("O-1", "Alpha", "Discovery", "2026-03-01");
  deal.run("O-2", null, "Proposal", "2026-04-01");
  const stage = db.prepare("INSERT INTO stage_history (opportunity_id, stage, entered_at) VALUES (?, ?, ?)");
  stage.run("O-3", "Discovery", "2026-01-05T09:00:00Z");
  stage.run("O-1", "Discovery", "2026-01-06T09:00:00Z");
  stage.run("O-3", "Proposal", "2026-02-01T09:00:00Z");
  // same deal and instant: insertion order decides, as ORDER BY … id did
  stage.run("O-1", "Qualification", "2026-01-02T09:00:00Z");
  stage.run("O-1", "Prospecting", "2026-01-02T09:00:00Z");
  const close = db.prepare(
    "INSERT INTO close_date_history (opportunity_id, close_date, changed_at) VALUES (?, ?, ?)",
  );
  close.run("O-2", "2026-04-01", "2026-02-01T00:00:00Z");
  close.run("O-2", "2026-03-01", "2026-01-05T00:00:00Z");
  close.run("O-1", "2026-03-01", "2026-01-05T00:00:00Z");
  return db;
}

describe("loadDataset", () => {
  it("returns deals by id and history by deal, then time, then insertion, whatever the insert order", () => {
    const data = loadDataset(seeded());
    expect(data.deals.map((d) => [d.id, d.name, d.stage, d.closeDate])).toEqual([
      ["O-1", "Alpha", "Discovery", "2026-03-01"],
      ["O-2", null, "Proposal", "2026-04-01"],
      ["O-3", "Gamma", "Proposal", "2026-03-01"],
    ]);
    expect(data.stageHistory.map((h) => `${h.opportunityId} ${h.enteredAt.slice(0, 10)} ${h.stage}`)).toEqual(
      [
        "O-1 2026-01-02 Qualification",
        "O-1 2026-01-02 Prospecting",
        "O-1 2026-01-06 Discovery",
        "O-3 2026-01-05 Discovery",
        "O-3 2026-02-01 Proposal",
      ],
    );
    expect(
      data.closeDateHistory.map((h) => `${h.opportunityId} ${h.changedAt.slice(0, 10)} ${h.closeDate}`),
    ).toEqual(["O-1 2026-01-05 2026-03-01", "O-2 2026-01-05 2026-03-01", "O-2 2026-02-01 2026-04-01"]);
    expect(data.deals[0]).toMatchObject({
      isClosed: false,
      isWon: false,
      probability: null,
      accountId: null,
    });
  });

  it("reads stage names holding the separator (or other control characters), across several read ranges", () => {
    const db = seeded();
    const stage = db.prepare(
      "INSERT INTO stage_history (opportunity_id, stage, entered_at) VALUES (?, ?, ?)",
    );
    // 5,000 more rows span two ranges of 4,096 rowids; one stage name holds the separator U+001F
    const tricky = ["Legal\u001ereview", "Exec\u001fsign-off"];
    for (let i = 0; i < 5_000; i++) {
      const at = new Date(Date.UTC(2026, 1, 2) + i * 60_000).toISOString().replace(".000", "");
      stage.run("O-2", i === 4_500 ? tricky[0] : i === 10 ? tricky[1] : `S${i % 7}`, at);
    }
    const history = loadDataset(db).stageHistory.filter((h) => h.opportunityId === "O-2");
    expect(history).toHaveLength(5_000);
    expect(history[10]?.stage).toBe(tricky[1]);
    expect(history[4_500]?.stage).toBe(tricky[0]);
    expect(history[4_499]?.stage).toBe(`S${4_499 % 7}`);
    expect(history.every((h, i) => i === 0 || (history[i - 1] as typeof h).enteredAt < h.enteredAt)).toBe(
      true,
    );
  });

  it("reads history whose rowids are sparse after deletes", () => {
    const db = seeded();
    db.prepare(
      "INSERT INTO close_date_history (id, opportunity_id, close_date, changed_at) VALUES (9000000, 'O-3', '2026-05-01', '2026-03-01T00:00:00Z')",
    ).run();
    expect(loadDataset(db).closeDateHistory.map((h) => `${h.opportunityId} ${h.closeDate}`)).toEqual([
      "O-1 2026-03-01",
      "O-2 2026-03-01",
      "O-2 2026-04-01",
      "O-3 2026-05-01",
    ]);
  });

  it("reads deals exactly across read ranges and rowid gaps: reals, quotes, control characters, non-ASCII", () => {
    const db = seeded();
    const deal = db.prepare(
      `INSERT INTO opportunities (rowid, id, name, owner_id, stage, amount_cents, probability, created_date,
         close_date, last_activity_date, is_closed, is_won, changed_at)
       VALUES (?, ?, ?, 1, 'Proposal', ?, ?, '2026-01-05', '2026-03-01', ?, 0, 0, '2026-01-05')`,
    );
    const names = ['He said "hi"\\', "line\nbreak\u0000\u001f", "Zoë 🚀 \u2028", ""];
    const probabilities = [33.333333333333336, 0.1 + 0.2, 1e-7, 100];
    // 5,000 deals over two read ranges, then one far beyond them
    for (let i = 0; i < 5_000; i++) {
      const rowid = i < 4_999 ? 10 + i : 9_000_000_000;
      deal.run(
        rowid,
        `P-${String(i).padStart(4, "0")}`,
        names[i % 4],
        2 ** 53 - i,
        probabilities[i % 4],
        i % 3 ? null : "2026-02-03",
      );
    }
    const deals = loadDataset(db).deals.filter((d) => d.id.startsWith("P-"));
    expect(deals).toHaveLength(5_000);
    deals.forEach((d, i) => {
      expect(d.id).toBe(`P-${String(i).padStart(4, "0")}`);
      expect(d.name).toBe(names[i % 4]);
      expect(d.amountCents).toBe(2 ** 53 - i);
      expect(d.probability).toBe(probabilities[i % 4]);
      expect(d.lastActivityDate).toBe(i % 3 ? null : "2026-02-03");
    });
  });

  it("loads an empty store", () => {
    const data = loadDataset(openDatabase(":memory:"));
    expect([data.deals, data.stageHistory, data.closeDateHistory, data.reps]).toEqual([[], [], [], []]);
    expect(data.importId).toBeNull();
  });
});

describe("StringInterner", () => {
  it("stops sharing a column whose values rarely repeat, and still returns every value", () => {
    // window of 10 lookups, at least 20% repeats: 10 distinct values fail it
    const interner = new StringInterner(10, 0.2);
    const values = Array.from({ length: 25 }, (_, i) => `v${i}`);
    // (a shared copy is indistinguishable by value: what can be checked is that values come back intact)
    expect(values.map((v) => interner.intern(v))).toEqual(values);
    expect(interner.internNullable(null)).toBeNull();
    expect(interner.sharing).toBe(false);
    const repeating = new StringInterner(10, 0.2);
    for (let i = 0; i < 30; i++) repeating.intern(`v${i % 3}`);
    expect(repeating.sharing).toBe(true);
  });
});

describe("IsoStringInterner", () => {
  it("numbers each date and instant by its digits, and no other shape", () => {
    expect(isoKey("2026-01-05")).toBe(20_260_105 * 2);
    expect(isoKey("2026-01-05T09:30:59Z")).toBe(20_260_105_093_059 * 2 + 1);
    expect(isoKey("0000-00-00T00:00:00Z")).toBe(1);
    for (const other of [
      "2026-1-05",
      "2026-01-5x",
      "2026/01/05",
      "2026-01-05T09:30:59.000Z",
      "2026-01-05 09:30:59Z",
      "2026-01-05T09:30:5aZ",
      "2026-01-05T09:30:59+",
      "２026-01-05",
      "",
    ])
      expect(isoKey(other)).toBe(-1);
  });

  it("returns every value intact while its table grows, and other shapes through a plain interner", () => {
    const interner = new IsoStringInterner(13);
    const values: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const at = new Date(Date.UTC(2026, 0, 1) + (i % 9_000) * 61_000).toISOString().replace(".000", "");
      values.push(i % 5 === 0 ? at.slice(0, 10) : i % 7 === 0 ? `${at} (local)` : at);
    }
    expect(values.map((v) => interner.intern(v))).toEqual(values);
    expect(values.map((v) => interner.intern(v))).toEqual(values);
    expect(interner.internNullable(null)).toBeNull();
  });
});

describe("loadDataset with the history read by a worker thread", () => {
  const fileDb = (): Db => tempDb().db;

  it("loads the same dataset as the loading thread alone", () => {
    const db = fileDb();
    db.prepare("INSERT INTO reps (id, name) VALUES (1, 'Ana')").run();
    const deal = db.prepare(
      `INSERT INTO opportunities (rowid, id, name, owner_id, stage, amount_cents, created_date, close_date,
         is_closed, is_won, changed_at) VALUES (?, ?, ?, 1, 'Proposal', 100, '2026-01-05', '2026-03-01', 0, 0, '2026-01-05')`,
    );
    const stage = db.prepare(
      "INSERT INTO stage_history (rowid, opportunity_id, stage, entered_at) VALUES (?, ?, ?, ?)",
    );
    const close = db.prepare(
      "INSERT INTO close_date_history (rowid, opportunity_id, close_date, changed_at) VALUES (?, ?, ?, ?)",
    );
    db.transaction(() => {
      for (let k = 0; k < 300; k++) {
        const id = `O-${String(k).padStart(3, "0")}`;
        // deals too: one per range, newest id first
        deal.run(1 + (300 - k) * 4096, id, `Deal ${k}`);
        // rowids 4,096 apart: one row per range read, more ranges than the worker may read ahead,
        // and gaps it steps over; inserted newest first, so the load has to sort them
        stage.run(
          1 + (600 - 2 * k) * 4096,
          id,
          "Discovery",
          `2026-01-${String(1 + (k % 28)).padStart(2, "0")}T09:00:00Z`,
        );
        stage.run(
          1 + (601 - 2 * k) * 4096,
          id,
          k % 7 === 0 ? "Odd\u001fStage" : "Proposal",
          "2026-02-01T09:00:00Z",
        );
        if (k % 3 === 0) close.run(1 + k * 4096, id, "2026-03-01", "2026-01-05T00:00:00Z");
      }
    })();
    const readers: string[] = [];
    const byWorker = loadDataset(db, {
      historyWorkerMinRows: 0,
      historyReadBy: (r) => readers.push(r),
      stageHistoryReadBy: (r) => readers.push(r),
    });
    const alone = loadDataset(db, {
      historyWorkerMinRows: Number.POSITIVE_INFINITY,
      historyReadBy: (r) => readers.push(r),
      stageHistoryReadBy: (r) => readers.push(r),
    });
    expect(readers).toEqual(["worker", "stage-history thread", "loading thread", "loading thread"]);
    expect(byWorker.deals.map((d) => d.id)).toEqual([...byWorker.deals.map((d) => d.id)].sort());
    expect(byWorker.deals).toHaveLength(300);
    expect(byWorker.stageHistory).toHaveLength(600);
    expect(byWorker.closeDateHistory).toHaveLength(100);
    expect(byWorker.stageHistory.filter((h) => h.stage === "Odd\u001fStage")).toHaveLength(43);
    expect(byWorker).toEqual(alone);
    db.close();
  });

  it("falls back to the loading thread when the worker cannot open the database", () => {
    const db = fileDb();
    db.prepare("INSERT INTO reps (id, name) VALUES (1, 'Ana')").run();
    db.prepare(
      `INSERT INTO opportunities (id, name, owner_id, stage, amount_cents, created_date, close_date,
         is_closed, is_won, changed_at) VALUES ('O-1', 'A', 1, 'Proposal', 100, '2026-01-05', '2026-03-01', 0, 0, '2026-01-05')`,
    ).run();
    db.prepare(
      "INSERT INTO stage_history (opportunity_id, stage, entered_at) VALUES ('O-1', 'Proposal', '2026-01-05T09:00:00Z')",
    ).run();
    // the connection stays open on the unlinked file; a new connection finds nothing there
    fs.rmSync(db.name);
    const readers: string[] = [];
    const data = loadDataset(db, {
      historyWorkerMinRows: 0,
      historyReadBy: (r) => readers.push(r),
      stageHistoryReadBy: (r) => readers.push(r),
    });
    expect(readers).toEqual(["loading thread", "loading thread"]);
    expect(data.stageHistory.map((h) => h.stage)).toEqual(["Proposal"]);
    db.close();
  });
});

describe("history columns", () => {
  it("give prepare the same history, stage order, facts and win rates as the same rows as objects", () => {
    const loaded = loadDataset(seeded());
    expect(loaded.historyColumns).toBeDefined();
    const { historyColumns: _, ...plain } = loaded;
    const objects = {
      ...plain,
      stageHistory: [...loaded.stageHistory],
      closeDateHistory: [...loaded.closeDateHistory],
    };
    const ctx = analysisContext(new Date("2026-06-01T12:00:00Z"), { timeZone: "UTC", fiscalStartMonth: 1 });
    const fromColumns = prepare(loaded, ctx);
    const fromObjects = prepare(objects, ctx);
    const n = loaded.deals.length;
    for (let i = 0; i < n; i++) {
      expect(fromColumns.stageHistoryOf(i)).toEqual(fromObjects.stageHistoryOf(i));
      expect(fromColumns.closeDateHistoryOf(i)).toEqual(fromObjects.closeDateHistoryOf(i));
    }
    expect(fromColumns.stageHistoryOf(0)?.map((h) => h.stage)).toEqual([
      "Qualification",
      "Prospecting",
      "Discovery",
    ]);
    expect(fromColumns.stageOrder).toEqual(fromObjects.stageOrder);
    expect(fromColumns.stageWinRates).toEqual(fromObjects.stageWinRates);
    expect(fromColumns.stageHistoryFacts).toEqual(fromObjects.stageHistoryFacts);
    // the as-of rule's latest fact, read from the columns: the latest stage change, with its deal
    expect(latestFact(loaded, "UTC")).toEqual(latestFact(objects, "UTC"));
    expect(latestFact(loaded, "UTC")).toEqual({
      at: "2026-02-01T09:00:00Z",
      what: "deal O-3 entered Proposal",
    });
  });
});
