import type { YearReviewResult } from "../domain/analyses/year-review";
import { count, date, money, percent, period, text, type YearEndFigures } from "./figures";

/** At most this many of the year review's lessons go into the summary. */
export const LESSONS_IN_SUMMARY = 3;

/** The year-end review's figures from the stored year review (company scope). */
export function yearEndFigures(a: { currency: string; yearReview: YearReviewResult }): YearEndFigures {
  const y = a.yearReview;
  const s = y.summary;
  const ratio = (f: { value: number | null }) => (f.value === null ? null : percent(f.value));
  return {
    ritual: "year-end-review",
    currency: a.currency,
    asOf: date(y.asOfDate),
    year: period(y.year.key, y.year.start, y.year.end),
    through: date(y.through),
    bookings: money(s.bookingsCents),
    quota: s.quotaCents === null || s.quotaCents <= 0 ? null : money(s.quotaCents),
    attainment: ratio(s.attainment),
    previousYearBookings: money(s.previousYearBookingsCents),
    growth: ratio(s.growth),
    winRate: ratio(s.winRate),
    dealsWon: count(s.dealsWon, "deals"),
    averageDealSize: s.averageDealSize.value === null ? null : money(s.averageDealSize.value),
    forecastHorizon: count(y.forecasting.horizonDays, "days"),
    forecastMape: ratio(y.forecasting.mape),
    mapeTarget: percent(y.forecasting.mapeTarget),
    grossRevenueRetention: ratio(y.retention.grossRevenueRetention),
    lessons: y.lessons.slice(0, LESSONS_IN_SUMMARY).map((l) => text(l.text)),
  };
}
