/**
 * The stats cache's format: a profile's StatsAccumulator saved beside its log, with the log
 * position it has seen and that position's text, so a reader can check it still fits the log.
 * It lives with the store because the store writes it too (rebuild, import), and the store
 * depends on nothing above it; the engine's LogIndex keeps it up to date.
 */
import { z } from 'zod';
import type { LogEntry } from '../../shared/encounter-log.js';
import { StatsAccumulator, statsIndexSchema, type StatsEntry } from '../../shared/stats.js';
import type { CacheShelf } from './store.js';

/** The cache's name on the store's cache shelf. */
export const STATS_CACHE = 'stats';
const CACHE_VERSION = 1;

export const statsCacheSchema = z.object({
  version: z.literal(CACHE_VERSION),
  /** Log positions the index has seen, and the text of the last of them. */
  end: z.number().int().min(0),
  last: z.string().nullable(),
  index: statsIndexSchema,
});
export type StatsCache = z.infer<typeof statsCacheSchema>;

/** The cache text of `stats` after reading the log to position `end` (`last`: the text of its last position). */
export function statsCacheTextOf(stats: StatsAccumulator, end: number, last: string | null, now: number): string {
  return JSON.stringify({ version: CACHE_VERSION, end, last, index: stats.toIndex(now) });
}

/** What a stats cache holds for a log read from position 0 to `end` (`last`: the text of its last position). */
export function statsCacheText(slice: { readonly entries: readonly (LogEntry | StatsEntry)[]; readonly end: number; readonly last: string | null }, now: number): string {
  return statsCacheTextOf(new StatsAccumulator().addAll(slice.entries), slice.end, slice.last, now);
}

/** The same for a log written as `JSON.stringify` of each entry, one a line (an import). */
export function statsCacheOfEntries(entries: readonly LogEntry[], now: number): string {
  const lastEntry = entries[entries.length - 1];
  return statsCacheText({ entries, end: entries.length, last: lastEntry === undefined ? null : JSON.stringify(lastEntry) }, now);
}

/** The profile's saved stats cache; null when there is none or it is unreadable (a cache is only ever a shortcut). */
export function readStatsCache(caches: CacheShelf | null, profileId: string): StatsCache | null {
  const text = caches?.get(profileId, STATS_CACHE);
  if (!text) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const saved = statsCacheSchema.safeParse(json);
  return saved.success ? saved.data : null;
}
