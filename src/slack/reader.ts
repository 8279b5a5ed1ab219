import type { AnalysisName } from "../analytics/definition";
import { ANALYSES } from "../analytics/registry";
import type { Period } from "../domain/period";
import {
  latestRefresh,
  listStoredKeys,
  readLatestAnalysis,
  type StoredAnalysis,
} from "../store/analyses-repository";
import type { Db } from "../store/db";

export type ReadResult<T> = { stored: StoredAnalysis<T> } | { missing: string };

/**
 * One indexed read of the latest stored result: commands never recompute. A document stored by an
 * older definition version is re-checked against today's schema, so a stale shape is reported
 * instead of rendered wrongly.
 */
export function readStoredAnalysis<T>(
  db: Db,
  name: AnalysisName,
  scopeKey: string,
  period?: Period,
): ReadResult<T> {
  const stored = readLatestAnalysis<T>(db, name, scopeKey, period?.key);
  const definition = ANALYSES[name];
  if (stored) {
    if (stored.definitionVersion === definition.definitionVersion) return { stored };
    if (definition.schema.safeParse(stored.payload).success) return { stored };
    return {
      missing: `The stored ${definition.title} was computed with definitions v${stored.definitionVersion}; this version needs v${definition.definitionVersion}. Run \`npx rituals refresh\`.`,
    };
  }
  if (!latestRefresh(db)) {
    return { missing: "No analyses are stored yet. Import a CRM export, then run `npx rituals refresh`." };
  }
  const keys = listStoredKeys(db, name);
  const known = keys.scopes.some((s) => s.toLowerCase() === scopeKey.toLowerCase());
  if (!known) {
    return {
      missing: `No ${definition.title} is stored for \`${scopeKey}\` in the latest refresh: check the spelling, or that the scope has reps.`,
    };
  }
  const periods = keys.periods.filter((p) => p !== "current");
  return {
    missing: `No ${definition.title} is stored for ${period?.key ?? "the default period"}. Stored periods: ${
      periods.length > 0 ? periods.join(", ") : "none"
    }.`,
  };
}
