/** Day numbers live with the calendar (src/domain/day-number.ts); the metrics read them from there. */
export { dayNumber } from "../../domain/day-number";
