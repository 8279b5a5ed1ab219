import { escapeMrkdwn } from "../../../blocks/escape";
import { ANALYSIS_SPECS, type AnalysisName } from "../../domain/analyses/catalog";
import type { Period } from "../../domain/period";
import { latestAnalysisRowId } from "../../store/analyses-marker-repository";
import {
  latestRefresh,
  listStoredKeys,
  readLatestAnalysis,
  type StoredAnalysis,
} from "../../store/analyses-repository";
import type { Db } from "../../store/db";

/** `missing` is mrkdwn, safe to show as is: anything the user typed in it is escaped. */
export type ReadResult<T> = { stored: StoredAnalysis<T> } | { missing: string };

/** Parsed documents (and "missing" answers) per database, valid while the newest analysis row stays the same. */
const caches = new WeakMap<Db, { marker: number; entries: Map<string, ReadResult<unknown>> }>();
const MAX_ENTRIES = 5000;

/**
 * The latest stored result, from memory when no refresh has stored anything since it was read:
 * the slash path then costs one O(1) query instead of a read and a JSON parse of the document.
 * Callers must not mutate what they get.
 */
export function readStoredAnalysis<T>(
  db: Db,
  name: AnalysisName,
  scopeKey: string,
  period?: Period,
): ReadResult<T> {
  const marker = latestAnalysisRowId(db);
  let cache = caches.get(db);
  if (!cache || cache.marker !== marker) {
    cache = { marker, entries: new Map() };
    caches.set(db, cache);
  }
  const key = `${name}\u0000${scopeKey.toLowerCase()}\u0000${period?.key ?? ""}`;
  const hit = cache.entries.get(key);
  if (hit) return hit as ReadResult<T>;
  const result = readUncached<T>(db, name, scopeKey, period);
  if (cache.entries.size >= MAX_ENTRIES) cache.entries.clear();
  cache.entries.set(key, result);
  return result;
}

/**
 * One indexed read of the latest stored result: commands never recompute. A document stored by an
 * older definition version is re-checked against today's schema, so a stale shape is reported
 * instead of rendered wrongly.
 */
function readUncached<T>(db: Db, name: AnalysisName, scopeKey: string, period?: Period): ReadResult<T> {
  const stored = readLatestAnalysis<T>(db, name, scopeKey, period?.key);
  const definition = ANALYSIS_SPECS[name];
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
      missing: `No ${definition.title} is stored for \`${escapeMrkdwn(scopeKey)}\` in the latest refresh: check the spelling, or that the scope has reps.`,
    };
  }
  const periods = keys.periods.filter((p) => p !== "current");
  return {
    missing: `No ${definition.title} is stored for ${period?.key ?? "the default period"}. Stored periods: ${
      periods.length > 0 ? periods.join(", ") : "none"
    }.`,
  };
}
