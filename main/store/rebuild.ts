/** Replays a profile's log into its state: the log is the truth, the stored state a cache. */
import { algorithmFor } from '../../shared/algorithms.js';
import type { ProfileState } from '../../shared/settings.js';
import { logMark, stateFromLog } from './document.js';
import { STATS_CACHE, statsCacheText } from './stats-cache.js';
import type { Store } from './store.js';

export interface RebuildReport {
  readonly profileId: string;
  readonly entries: number;
  /** One line per state field the replay changed: "points: 120 -> 170". */
  readonly changes: string[];
  readonly state: ProfileState;
}

const show = (v: unknown): string => (Array.isArray(v) ? `[${v.map((x) => (typeof x === 'number' ? Number(x.toFixed(3)) : x)).join(', ')}]` : JSON.stringify(v));

export function describeChanges(before: ProfileState, after: ProfileState): string[] {
  return (Object.keys(after) as (keyof ProfileState)[]).filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key])).map((key) => `${key}: ${show(before[key])} -> ${show(after[key])}`);
}

/** Rebuilds one stored profile's state from its log and stores it (settings and seed are kept), with its stats index. */
export function rebuildProfile(store: Store, profileId: string, now = Date.now()): RebuildReport {
  const record = store.get(profileId);
  if (!record) throw new Error(`no profile "${profileId}"`);
  const slice = store.readLogFrom(profileId, 0);
  const entries = slice.entries;
  // Each profile is rebuilt with its own learner (the default, or Classic (V2) when chosen).
  const state = stateFromLog(entries, algorithmFor(record.settings.learner).learner);
  // The mark says the state reflects the whole log and learnedBy whose replay it is, so a start replays nothing more.
  store.put(profileId, {
    ...record,
    state,
    learnedBy: record.settings.learner,
    log: logMark(slice.end, slice.last, slice.bytes),
  });
  // The log was just read whole: its stats index comes with it, so the Stats page never reads it again.
  store.caches?.set(profileId, STATS_CACHE, statsCacheText(slice, now));
  return { profileId, entries: entries.length, changes: describeChanges(record.state, state), state };
}
