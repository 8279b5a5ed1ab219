/** The generic CSV formats the importer reads: one header and one row builder per file. */
import type { SampleAccount, SampleContract } from "./accounts";
import { instantOf, isoOf } from "./calendar";
import { centsToDecimal, csvLine } from "./csv";
import type { SampleDeal } from "./deals";
import type { SampleRep } from "./org";
import type { SampleForecast, SampleQuota } from "./plans";
import { stageName } from "./stages";

export const HEADERS = {
  reps: "name,email,team,region,segment,manager,hire_date\n",
  accounts: "id,name,segment,region,industry\n",
  contracts: "id,account,product,value,start_date,end_date\n",
  opportunities:
    "id,name,account,owner,stage,amount,probability,product,created_date,close_date,next_step,last_activity_date,is_closed,is_won\n",
  "stage-history": "opportunity_id,changed_at,stage,close_date\n",
  quotas: "owner,period,amount\n",
  forecasts: "submitted_by,scope,period,amount,submitted_at\n",
} as const;

export const repRow = (r: SampleRep) =>
  csvLine([r.name, r.email, r.team.name, r.team.region, r.team.segment, r.team.manager, isoOf(r.hireDay)]);

export const accountRow = (a: SampleAccount) => csvLine([a.id, a.name, a.segment, a.region, a.industry]);

export const contractRow = (c: SampleContract) =>
  csvLine([c.id, c.accountId, c.product, centsToDecimal(c.valueCents), isoOf(c.startDay), isoOf(c.endDay)]);

export const opportunityRow = (d: SampleDeal) =>
  csvLine([
    d.id,
    d.name,
    d.account.name,
    d.rep.name,
    stageName(d.stage),
    centsToDecimal(d.amountCents),
    d.probability,
    d.product,
    isoOf(d.createdDay),
    isoOf(d.closeDay),
    d.nextStep,
    isoOf(d.lastActivityDay),
    d.isClosed,
    d.isWon,
  ]);

/** All of a deal's snapshot rows, already in time order. */
export function stageHistoryRows(d: SampleDeal): string {
  let text = "";
  for (const s of d.history) {
    text += csvLine([
      d.id,
      instantOf(Math.floor(s.at / 1440), s.at % 1440),
      stageName(s.stage),
      isoOf(s.closeDay),
    ]);
  }
  return text;
}

export const quotaRow = (q: SampleQuota) => csvLine([q.rep.name, q.period, centsToDecimal(q.amountCents)]);

export const forecastRow = (f: SampleForecast) =>
  csvLine([
    f.submittedBy,
    f.scope,
    f.period,
    centsToDecimal(f.amountCents),
    instantOf(Math.floor(f.submittedAtMinute / 1440), f.submittedAtMinute % 1440),
  ]);
