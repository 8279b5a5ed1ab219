import { AppError } from "../errors";

/**
 * Chart or deck data that cannot be drawn honestly (a negative count, more periods than fit, a
 * band missing): says which chart and which field, so the caller can tell a bug from bad data.
 */
export class ChartInputError extends AppError {
  constructor(chart: string, problem: string) {
    super("chart_input", `${chart}: ${problem}`);
    this.name = "ChartInputError";
  }
}
