/**
 * Words the name check lets through. REVIEW_TERMS may be capitalised anywhere (the vocabulary of a
 * revenue review, its acronyms, months and weekdays); ORDINARY_WORDS only where a sentence starts.
 * Neither list holds a person's, company's or team's name: those must come from the figures.
 */
const words = (s: string) => new Set(s.trim().split(/\s+/));

export const REVIEW_TERMS = words(`
  mape wape p10 p50 p90 crm arr acv tcv mrr kpi kpis qbr mbr ytd qtd mtd yoy qoq mom eom eoq eoy
  vp cfo cro ceo coo svp evp revops ops gtm sdr sdrs bdr ae aes usd eur gbp cad aud chf jpy fy q
  i ok n a
  plan forecast base upside downside conservative range coverage attainment pipeline bookings
  quota target goal gap accuracy bias risk register deal deals action items completion data quality
  closed won lost open commit best case stage stages month quarter year review monthly quarterly
  annual planning check-in week board finance sales leadership executive team teams region regions
  segment segments territory territories scenario scenarios fairness variance retention churn
  growth revenue renewal renewals expansion rep reps director directors leader leaders manager
  managers
  january february march april may june july august september october november december
  jan feb mar apr jun jul aug sep sept oct nov dec
  monday tuesday wednesday thursday friday saturday sunday
`);

export const ORDINARY_WORDS = words(`
  the a an and or but nor so yet for of in on at to by with from into onto over under above below
  about after before during since until while as than then this that these those there here it its
  we our us you your they their them he she his her who whom whose which what when where why how
  all any both each every few many more most much no none not only other some such same own
  is are was were be been being has have had do does did will would shall should can could may
  might must also just still even again already almost nearly roughly about around approximately
  ahead behind across along against among between beyond despite except including per via within
  without if unless though although because whereas however meanwhile moreover overall
  notably importantly separately similarly likewise instead otherwise finally lastly first second
  third next last previous prior current latest new key top main primary major biggest largest
  smallest highest lowest strongest weakest slowest fastest early late strong weak solid healthy
  tight thin soft firm flat steady stable good great better best bad worse worst high low up down
  net total combined remaining outstanding overdue pending on-track off-track on track off
  decision decisions decide needed needs need require requires required priority priorities ask
  asks recommendation recommend recommended proposal propose proposed next steps step focus watch
  attention concern concerns issue issues problem problems opportunity opportunities upside
  downside exposure headwind headwinds tailwind tailwinds momentum trend trends performance
  result results outcome outcomes summary highlights highlight takeaway takeaways bottom line
  book booked booking bookings close closing closes closed win wins winning won lose losing lost
  slip slipped slipping slips push pushed pushing pushes stall stalled stalling miss missed
  missing beat beats exceeded exceed exceeds hit hits reached reach reaches fell fall falls rose
  rise rises grew grow grows growing dropped drop drops improved improve improves improving
  declined decline declines held hold holds remain remains remained landed land lands finished
  ended end ends came come comes stands stood sits sat trails trailed trailing leads led leading
  leaves left covers covered covering needs tracking tracks tracked projected projects projecting
  expected expect expects forecasted forecasting forecasts forecast calls call called submitted
  submissions submission method methods model models estimate estimates estimated measure measured
  accuracy accurate error errors percentile percentiles median mean average averages typical
  month months quarter quarters year years week weeks day days today tomorrow yesterday tonight
  plan plans planned planning target targets goal goals quota quotas gap gaps pipeline coverage
  attainment forecast range base conservative risk risks risky deal deals account accounts
  customer customers logo logos rep reps team teams region regions segment segments territory
  territories scenario scenarios fairness variance retention churn growth revenue renewal
  renewals expansion action actions item items completion complete completed incomplete done
  data quality record records check checks clean hygiene fix fixes fixed owner owners owned
  executive executives sponsor sponsors engagement escalate escalation review reviews meeting
  meetings agenda board leadership finance sales marketing ops operations company organisation
  organization business portfolio book mix share rate rates ratio level levels threshold
  thresholds limit limits bar benchmark benchmarks pace run-rate rate momentum velocity cycle
  cycles stage stages funnel conversion conversions volume value values amount amounts size
  sizes count counts number numbers figure figures total totals sum half quarter third
  yes no not none nothing everything something anything everyone someone nobody
  one two three four five six seven eight nine ten twelve twenty dozen hundred thousand million
  billion percent points gross lesson lessons learned spread spent spend spends longest shortest
  less fewer least up down
  heading looking going entering moving turning coming getting starting ending closing opening
  given based compared relative versus vs assuming excluding counting adding taking keeping
  meaning leaving pending ongoing following regarding concerning considering including
  today's tomorrow's yesterday's it's we're we've we'll there's that's what's here's let's
  encouragingly worryingly unfortunately fortunately clearly critically crucially specifically
  altogether together currently recently historically traditionally typically usually generally
  broadly mostly largely partly fully nearly barely only just still even
  actual actuals projected committed confirmed likely unlikely possible probable
  positive negative mixed encouraging concerning disappointing promising
  short long wide narrow full empty big small large deep
  ask act address assign approve agree align book chase commit confirm consider decide drive
  escalate expand focus lock move prioritise prioritize protect pull push put re-confirm reset
  review rebuild refresh schedule secure set shore tighten track watch
`);
