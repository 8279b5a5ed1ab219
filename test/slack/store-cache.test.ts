import { describe, expect, it } from "vitest";
import { StoreCache } from "../../src/slack/store-cache";
import { openDatabase } from "../../src/store/db";
import { tempDb } from "../ingest/helpers";

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("StoreCache", () => {
  it("keeps a value until another connection commits, and sees that commit on the next turn", async () => {
    const { db, file } = tempDb();
    const other = openDatabase(file);
    const cache = new StoreCache<number>(db);
    let computed = 0;
    const get = () => cache.get("k", () => ++computed);

    expect([get(), get()]).toEqual([1, 1]);
    await tick();
    expect(get()).toBe(1);

    // a `rituals link` or import from another process
    other.prepare("INSERT INTO reps (name) VALUES ('Ana')").run();
    // the same synchronous run keeps the marker it read (one read per run)
    expect(get()).toBe(1);
    await tick();
    expect(get()).toBe(2);
    other.close();
  });

  it("drops values when this connection stores a new analysis row", async () => {
    const { db } = tempDb();
    const cache = new StoreCache<number>(db);
    let computed = 0;
    const get = () => cache.get("k", () => ++computed);
    expect(get()).toBe(1);
    await tick();
    db.prepare(
      `INSERT INTO analyses (name, scope, period, as_of, definition_version, refresh_id, computed_at, payload)
       VALUES ('forecast', 'company', '2026-11', '2026-11-24T06:00:00Z', 1, 1, '2026-11-24T06:00:01Z', '{}')`,
    ).run();
    await tick();
    expect(get()).toBe(2);
  });
});
