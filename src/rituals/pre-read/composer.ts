import { basicPreRead, type PreReadComposer } from "../message";
import type { PreReadDeps } from "./frame";
import { monthlyPreRead } from "./monthly";
import { planningPreRead } from "./planning";
import { yearEndPreRead } from "./year-end";

/**
 * The pre-read for each kind of ritual: the monthly review's from its stored analyses, the
 * quarterly planning check-ins' and the year-end review's likewise; a custom ritual posts its
 * meeting time and agenda.
 */
export function preReadComposer(deps: PreReadDeps): PreReadComposer {
  return async (request) => {
    switch (request.ritual.kind) {
      case "monthly-review":
        return monthlyPreRead(deps, request);
      case "quarterly-planning":
        return planningPreRead(deps, request);
      case "year-end-review":
        return yearEndPreRead(deps, request);
      default:
        return basicPreRead(request);
    }
  };
}
