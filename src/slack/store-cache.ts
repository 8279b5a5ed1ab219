import { storeMarker } from "../store/analyses-marker-repository";
import type { Db } from "../store/db";

const MAX_ENTRIES = 5000;

/**
 * Values computed from stored data, kept until the store changes (see storeMarker): the same
 * question asked again between refreshes costs two O(1) reads instead of reads, parses and builds.
 * Callers must treat what they get as immutable.
 */
export class StoreCache<V> {
  private marker = "";
  private readonly entries = new Map<string, V>();

  constructor(private readonly db: Db) {}

  /** Drops everything now (after this process writes to the store itself). */
  clear(): void {
    this.entries.clear();
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get(key: string, compute: () => V): V {
    const marker = storeMarker(this.db);
    if (marker !== this.marker) {
      this.entries.clear();
      this.marker = marker;
    }
    const hit = this.entries.get(key);
    if (hit !== undefined) return hit;
    const value = compute();
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(key, value);
    return value;
  }
}
