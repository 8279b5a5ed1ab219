/**
 * A company small enough to check by hand, stored as a user's database would be after an import
 * and a refresh: three reps in two teams and two segments, a handful of won deals, and one big
 * open deal that scores high enough for executive attention. Its own temp file.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Config } from "../../src/config";
import { refresh } from "../../src/refresh/refresh";
import { type Db, openDatabase } from "../../src/store/db";
import { closeDateChanges, dataset, deal, quota, rep, seedDatabase } from "../analytics/builders";

/** The refresh's instant: Tuesday 24 November 2026, 18:00 UTC. */
export const SMALL_AS_OF = new Date("2026-11-24T18:00:00Z");

export const ADA = rep({
  id: 1,
  name: "Ada Lovelace",
  email: "ada@example.com",
  team: "East",
  region: "NA",
  segment: "Enterprise",
  manager: "Maya Chen",
});
export const GRACE = rep({
  id: 2,
  name: "Grace Hopper",
  email: "grace@example.com",
  team: "East",
  region: "NA",
  segment: "SMB",
  manager: "Maya Chen",
});
export const ALAN = rep({
  id: 3,
  name: "Alan Turing",
  email: "alan@example.com",
  team: "West",
  region: "EMEA",
  segment: "Enterprise",
  manager: "Omar Ali",
});

const won = (ownerId: number, closeDate: string, dollars: number) =>
  deal({ ownerId, stage: "Closed Won", closeDate, createdDate: "2026-01-05", amountCents: dollars * 100 });

/**
 * Bookings by hand: November 2026 $8,500 (Ada $4,000, Grace $1,500, Alan $3,000); 2026-Q4
 * $11,000 (Ada's October $2,500 besides); FY2026 $18,000 (Ada's February $1,000 and Alan's July
 * $6,000 besides). Segment Enterprise in November: Ada + Alan = $7,000.
 */
export const SMALL_DEALS = [
  won(1, "2026-11-03", 4_000),
  won(1, "2026-10-15", 2_500),
  won(1, "2026-02-10", 1_000),
  won(2, "2026-11-20", 1_500),
  won(3, "2026-11-10", 3_000),
  won(3, "2026-07-01", 6_000),
  // Past its close date, pushed twice, idle since 1 October, no next step, and more than
  // 3 × the $3,000 average won deal: 20 + 25 + 15 + 10 + 10 = 80 points, and the largest open deal.
  deal({
    id: "OPP-GLOBEX",
    name: "Globex platform",
    ownerId: 1,
    stage: "Proposal",
    amountCents: 50_000_00,
    createdDate: "2026-06-01",
    closeDate: "2026-11-10",
    lastActivityDate: "2026-10-01",
  }),
  deal({
    id: "OPP-INITECH",
    name: "Initech add-on",
    ownerId: 2,
    stage: "Discovery",
    amountCents: 800_00,
    createdDate: "2026-11-02",
    closeDate: "2026-11-28",
    nextStep: "demo on Friday",
    lastActivityDate: "2026-11-20",
  }),
  deal({
    id: "OPP-UMBRELLA",
    name: "Umbrella pilot",
    ownerId: 3,
    stage: "Negotiation",
    amountCents: 2_000_00,
    createdDate: "2026-10-01",
    closeDate: "2026-11-29",
    nextStep: "send the order form",
    lastActivityDate: "2026-11-23",
  }),
];

export interface SmallCompany {
  db: Db;
  file: string;
  /** Closes the database and removes its directory. */
  close: () => void;
}

export function smallCompany(
  config: Pick<Config, "WORKSPACE_TIMEZONE" | "FISCAL_YEAR_START_MONTH" | "CURRENCY"> = {
    WORKSPACE_TIMEZONE: "UTC",
    FISCAL_YEAR_START_MONTH: 1,
    CURRENCY: "USD",
  },
  /** the refresh's instant (default SMALL_AS_OF), for answers given on other days */
  asOf: Date = SMALL_AS_OF,
): SmallCompany {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rituals-small-"));
  const file = path.join(dir, "rituals.db");
  const db = openDatabase(file);
  seedDatabase(
    db,
    dataset({
      reps: [ADA, GRACE, ALAN],
      deals: SMALL_DEALS,
      closeDateHistory: closeDateChanges("OPP-GLOBEX", [
        ["2026-09-15", "2026-06-01T10:00:00Z"],
        ["2026-10-15", "2026-09-10T10:00:00Z"],
        ["2026-11-10", "2026-10-12T10:00:00Z"],
      ]),
      quotas: [quota(1, "2026-11", 10_000_00), quota(2, "2026-11", 5_000_00), quota(3, "2026-11", 8_000_00)],
    }),
  );
  refresh(db, { asOf, now: () => asOf, config });
  return {
    db,
    file,
    close: () => {
      if (db.open) db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
