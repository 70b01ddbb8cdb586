/**
 * Stats from memory. The engine is the log's only writer, so once a profile's log has been
 * read, every entry the engine appends is added to its StatsAccumulator as it is written —
 * already typed, with no second read and no second schema pass. The accumulator is saved
 * as a cache beside the log (checked against the log's text when read back), so the first
 * call after a restart reads only the entries written since. It is written whenever a log
 * enters (import, rebuild, the engine's first append to a log without one), so reading a
 * whole log for stats is left to a log copied in by hand or a deleted cache.
 */
import type { LogEntry } from '../../shared/encounter-log.js';
import { StatsAccumulator, type Stats } from '../../shared/stats.js';
import { errorText, type Logger } from '../logger.js';
import { readStatsCache, STATS_CACHE, statsCacheTextOf } from '../store/stats-cache.js';
import type { Store } from '../store/store.js';

interface Loaded {
  readonly stats: StatsAccumulator;
  end: number;
  last: string | null;
  /** Entries added since the cache was last written. */
  unsaved: number;
}

/** How many profiles keep their index in memory (server mode: the ones recently asked). */
const DEFAULT_CAPACITY = 256;

export class LogIndex {
  private readonly loaded = new Map<string, Loaded>();
  /** Profiles found to have a saved index (so an append need not look again). */
  private readonly saved = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {}

  stats(profileId: string, now: number, timeZone: string): Stats {
    return this.load(profileId, now).stats.stats(now, timeZone);
  }

  /**
   * The engine wrote these entries (exactly as `JSON.stringify` gives them): fed in without a
   * re-read. A log with no saved index gets one now (read once, usually when it is new and
   * short), so no later stats call has to read it whole.
   */
  appended(profileId: string, entries: readonly LogEntry[]): void {
    const l = this.loaded.get(profileId);
    const lastEntry = entries[entries.length - 1];
    if (lastEntry === undefined) return;
    if (!l) {
      if (!this.store.caches || this.saved.has(profileId)) return;
      if (this.store.caches.get(profileId, STATS_CACHE) !== null) this.saved.add(profileId);
      // The log already holds these entries: loading reads them with the rest.
      else this.load(profileId, lastEntry.at);
      return;
    }
    for (const e of entries) l.stats.add(e);
    l.end += entries.length;
    l.last = JSON.stringify(entries[entries.length - 1]);
    l.unsaved += entries.length;
  }

  /** Writes the cache of every index that grew since it was read (on stop). */
  saveAll(now: number): void {
    for (const [id, l] of this.loaded) if (l.unsaved > 0) this.save(id, l, now);
  }

  /** Forgets what is in memory (after the store's files were swapped). */
  clear(): void {
    this.loaded.clear();
    this.saved.clear();
  }

  private load(profileId: string, now: number): Loaded {
    const known = this.loaded.get(profileId);
    if (known) {
      // Most recently used last: the first key is the one to evict.
      this.loaded.delete(profileId);
      this.loaded.set(profileId, known);
      return known;
    }
    const cached = this.fromCache(profileId);
    if (cached) this.saved.add(profileId);
    const l = cached ?? this.fromLog(profileId, now);
    this.loaded.set(profileId, l);
    for (const id of this.loaded.keys()) {
      if (this.loaded.size <= this.capacity) break;
      const old = this.loaded.get(id);
      if (old && old.unsaved > 0) this.save(id, old, now);
      this.loaded.delete(id);
    }
    return l;
  }

  /** Adds the log's entries from position `from` on to `stats`: only what stats read, streamed, where the store can; else the full entries. */
  private readInto(stats: StatsAccumulator, profileId: string, from: number): { readonly count: number; readonly end: number; readonly before: string | null; readonly last: string | null } {
    if (this.store.readStatsFrom) return this.store.readStatsFrom(profileId, from, (e) => stats.add(e));
    const slice = this.store.readLogFrom(profileId, from);
    stats.addAll(slice.entries);
    return { count: slice.entries.length, end: slice.end, before: slice.before, last: slice.last };
  }

  private fromCache(profileId: string): Loaded | null {
    const saved = readStatsCache(this.store.caches, profileId);
    if (!saved) return null;
    const stats = StatsAccumulator.fromIndex(saved.index);
    const slice = this.readInto(stats, profileId, saved.end);
    // The log was replaced or rewritten under the cache: read it whole instead.
    if (slice.end < saved.end || slice.before !== saved.last) return null;
    return { stats, end: slice.end, last: slice.last, unsaved: slice.count };
  }

  private fromLog(profileId: string, now: number): Loaded {
    const stats = new StatsAccumulator();
    const slice = this.readInto(stats, profileId, 0);
    const l: Loaded = { stats, end: slice.end, last: slice.last, unsaved: slice.count };
    // Kept at once: the next process (or a crash) starts from here, not from a whole read.
    this.save(profileId, l, now);
    return l;
  }

  private save(profileId: string, l: Loaded, now: number): void {
    if (!this.store.caches) return;
    try {
      this.store.caches.set(profileId, STATS_CACHE, statsCacheTextOf(l.stats, l.end, l.last, now));
      l.unsaved = 0;
      this.saved.add(profileId);
    } catch (e) {
      this.logger.warn(`profile "${profileId}": stats cache not kept (${errorText(e)})`);
    }
  }
}
