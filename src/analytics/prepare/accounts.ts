/**
 * Account-level facts for revenue focus, computed once per refresh over the whole company.
 *
 * Annual value of an account on a date (metrics.md, "Revenue focus"): where the account has any
 * imported contract, the sum of its contracts active that day (contracts win, since they are the
 * committed figure); otherwise its bookings over the 365 days up to that date.
 *
 * Revenue at risk: contracts whose end date is within the trailing 365 days (expired; refinement:
 * older expiries are lost business, not risk) or the next 90 days (expiring), with no renewal won.
 * A renewal is won when the account has a Closed Won deal dated on or after end − 90 days (and by
 * today), or a newer contract for the same account and product starting after this one started.
 */
import type { Contract, Dataset, Deal } from "../../domain/crm";
import { addDays, daysBetween } from "../../domain/period";

export const RISK_WINDOW_DAYS = 90;
export const EXPIRED_LOOKBACK_DAYS = 365;

export interface ContractAtRisk {
  contract: Contract;
  daysToEnd: number;
  status: "expired" | "expiring";
}

export interface AccountFacts {
  contractsByAccount: Map<number, Contract[]>;
  /** won deals per account, by close date ascending */
  wonByAccount: Map<number, Deal[]>;
  atRiskByAccount: Map<number, ContractAtRisk[]>;
  riskWindow: { start: string; end: string };
  /** annual value on a date and where it came from */
  valueAt: (accountId: number, date: string) => { cents: number; source: "contracts" | "bookings" };
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V) {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/** Built once per refresh (Prepared.accountFacts), as of `today`. */
export function buildAccountFacts(
  dataset: Pick<Dataset, "contracts" | "deals">,
  today: string,
): AccountFacts {
  const contractsByAccount = new Map<number, Contract[]>();
  for (const c of dataset.contracts) push(contractsByAccount, c.accountId, c);
  const wonByAccount = new Map<number, Deal[]>();
  for (const d of dataset.deals) if (d.isWon && d.accountId !== null) push(wonByAccount, d.accountId, d);
  // plain string order is date order for YYYY-MM-DD (localeCompare costs seconds at 1M deals)
  for (const list of wonByAccount.values())
    list.sort((a, b) => (a.closeDate < b.closeDate ? -1 : a.closeDate > b.closeDate ? 1 : 0));

  const riskWindow = { start: addDays(today, -EXPIRED_LOOKBACK_DAYS), end: addDays(today, RISK_WINDOW_DAYS) };
  const atRiskByAccount = new Map<number, ContractAtRisk[]>();
  for (const [accountId, contracts] of contractsByAccount) {
    const won = wonByAccount.get(accountId) ?? [];
    for (const c of contracts) {
      if (c.endDate < riskWindow.start || c.endDate > riskWindow.end) continue;
      const renewalFrom = addDays(c.endDate, -RISK_WINDOW_DAYS);
      const renewedByDeal = won.some((d) => d.closeDate >= renewalFrom && d.closeDate <= today);
      const renewedByContract = contracts.some(
        (o) => o !== c && o.product === c.product && o.startDate > c.startDate,
      );
      if (renewedByDeal || renewedByContract) continue;
      const daysToEnd = daysBetween(today, c.endDate);
      push(atRiskByAccount, accountId, {
        contract: c,
        daysToEnd,
        status: daysToEnd < 0 ? "expired" : "expiring",
      });
    }
  }

  type Value = { cents: number; source: "contracts" | "bookings" };
  const memo = new Map<string, Map<number, Value>>();
  const valueAt = (accountId: number, date: string): Value => {
    let byAccount = memo.get(date);
    if (!byAccount) {
      byAccount = new Map();
      memo.set(date, byAccount);
    }
    const hit = byAccount.get(accountId);
    if (hit) return hit;
    const value = computeValue(accountId, date, yearBefore(date));
    byAccount.set(accountId, value);
    return value;
  };
  // the 365-day lookback start per date, computed once per date rather than once per account
  const lookback = new Map<string, string>();
  const yearBefore = (date: string) => {
    let from = lookback.get(date);
    if (from === undefined) {
      from = addDays(date, -365);
      lookback.set(date, from);
    }
    return from;
  };
  const computeValue = (accountId: number, date: string, from: string): Value => {
    const contracts = contractsByAccount.get(accountId);
    if (contracts && contracts.length > 0) {
      let cents = 0;
      for (const c of contracts) if (c.startDate <= date && c.endDate >= date) cents += c.valueCents;
      return { cents, source: "contracts" as const };
    }
    let cents = 0;
    for (const d of wonByAccount.get(accountId) ?? [])
      if (d.closeDate > from && d.closeDate <= date) cents += d.amountCents;
    return { cents, source: "bookings" as const };
  };

  return { contractsByAccount, wonByAccount, atRiskByAccount, riskWindow, valueAt };
}

export interface Retention {
  /** accounts with annual value > 0 a year before `date` */
  baseAccounts: number;
  churnedAccounts: number;
  /** churned / base; null with no base */
  logoChurn: number | null;
  /** Σ min(value now, value then) / Σ value then over the base; null with no base */
  grossRevenueRetention: number | null;
}

/** Logo churn and gross revenue retention of the given accounts between `from` and `to`. */
export function retention(
  facts: AccountFacts,
  accountIds: Iterable<number>,
  from: string,
  to: string,
): Retention {
  let base = 0;
  let churned = 0;
  let then = 0;
  let kept = 0;
  for (const id of accountIds) {
    const before = facts.valueAt(id, from).cents;
    if (before <= 0) continue;
    const after = facts.valueAt(id, to).cents;
    base++;
    then += before;
    kept += Math.min(before, Math.max(0, after));
    if (after <= 0) churned++;
  }
  return {
    baseAccounts: base,
    churnedAccounts: churned,
    logoChurn: base > 0 ? churned / base : null,
    grossRevenueRetention: then > 0 ? kept / then : null,
  };
}
