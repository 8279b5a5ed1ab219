/** Customer accounts and their contract histories (renewed, expired, expiring soon). */
import { ACCOUNT_PREFIXES, ACCOUNT_SUFFIXES, INDUSTRIES, PRODUCTS, TRICKY_ACCOUNT_NAMES } from "./names";
import type { Org, Segment } from "./org";
import type { Rng } from "./prng";

export interface SampleAccount {
  id: string;
  name: string;
  segment: Segment;
  region: string;
  industry: string;
  /** mean 1; big accounts get more and larger deals */
  size: number;
}

export interface SampleContract {
  id: string;
  accountId: string;
  product: string;
  valueCents: number;
  startDay: number;
  endDay: number;
}

export const ACCOUNT_COUNT = 420;

export function buildAccounts(rng: Rng, org: Org): SampleAccount[] {
  const cells = org.teams.map((t) => `${t.region}|${t.segment}`);
  const uniqueCells = [...new Set(cells)];
  const names = new Set<string>(TRICKY_ACCOUNT_NAMES);
  while (names.size < ACCOUNT_COUNT) names.add(`${rng.pick(ACCOUNT_PREFIXES)} ${rng.pick(ACCOUNT_SUFFIXES)}`);
  return [...names].map((name, i) => {
    // Round-robin over the (region, segment) cells so every team has its own book of accounts.
    const [region, segment] = (uniqueCells[i % uniqueCells.length] ?? "Americas|Enterprise").split("|");
    return {
      id: `ACC-${String(i + 1).padStart(4, "0")}`,
      name,
      segment: segment as Segment,
      region: region ?? "Americas",
      industry: rng.pick(INDUSTRIES),
      size: Math.exp(0.6 * rng.normal() - 0.18),
    };
  });
}

/**
 * Each account gets a chain of 12- or 24-month contracts starting one to three years ago. At each
 * end date the customer renews with 80% probability; a chain that stops leaves an expired
 * contract, and chains ending within 90 days of as-of are the ones "expiring soon".
 */
export function buildContracts(rng: Rng, accounts: SampleAccount[], asOfDay: number): SampleContract[] {
  const contracts: SampleContract[] = [];
  for (const account of accounts) {
    if (rng.chance(0.15)) continue; // prospects: no contract yet
    const base = (account.segment === "Enterprise" ? 90_000 : 24_000) * account.size;
    let start = asOfDay - rng.int(365, 3 * 365);
    const product = rng.pick(PRODUCTS);
    let value = Math.round(base * (0.6 + rng.next() * 0.8)) * 100;
    for (;;) {
      const months = rng.chance(0.7) ? 12 : 24;
      const end = start + Math.round((months * 365) / 12) - 1;
      contracts.push({
        id: `CTR-${String(contracts.length + 1).padStart(5, "0")}`,
        accountId: account.id,
        product,
        valueCents: value,
        startDay: start,
        endDay: end,
      });
      if (end >= asOfDay || !rng.chance(0.8)) break;
      start = end + 1;
      value = Math.round((value * (1 + rng.next() * 0.12)) / 100) * 100; // renewals uplift 0–12%
    }
  }
  return contracts;
}
