import type { Config } from "../config";
import { localDate } from "../domain/period";
import { latestRefresh } from "../store/analyses-repository";
import type { Db } from "../store/db";
import { storeOverview } from "../store/overview-repository";

export type StaleReason = "never_refreshed" | "new_import" | "older_than_today";

/**
 * Why the stored analyses no longer describe the store, or null when they do: no refresh yet, an
 * import landed after the last refresh, or the last refresh was computed on an earlier day in the
 * workspace time zone (the forecast snapshot is taken once a day).
 */
export function staleReason(
  db: Db,
  config: Pick<Config, "WORKSPACE_TIMEZONE">,
  now: Date,
): StaleReason | null {
  const last = latestRefresh(db);
  if (!last) return "never_refreshed";
  const lastImport = storeOverview(db).lastImport;
  if (lastImport && (last.importId === null || lastImport.id > last.importId)) return "new_import";
  const tz = config.WORKSPACE_TIMEZONE;
  if (localDate(new Date(last.asOf), tz) < localDate(now, tz)) return "older_than_today";
  return null;
}

export const STALE_REASON_TEXT: Record<StaleReason, string> = {
  never_refreshed: "no analyses stored yet",
  new_import: "new data imported since the last refresh",
  older_than_today: "the last refresh was on an earlier day",
};
