/**
 * Write-ahead and recovery, whatever the store: the one place that knows how a saved state
 * relates to its log. Facts go to the log before anything else changes; a saved record
 * carries the mark of the last entry its state reflects (ProfileRecord.log); at start only
 * what came after the mark is replayed, or the whole log when the mark does not fit it.
 * So the state is always replay(log), however the process ended.
 */
import type { Learner } from '../../shared/availability.js';
import { replay } from '../../shared/encounter.js';
import type { LogEntry } from '../../shared/encounter-log.js';
import { initialProfileState } from '../../shared/settings.js';
import { logMark, markNames, type LogMark, type ProfileRecord } from '../store/document.js';
import type { Store } from '../store/store.js';

export interface Recovered {
  readonly record: ProfileRecord;
  /** Entries applied on top of the saved state (after its mark), or of the initial state when rebuilt. */
  readonly replayed: number;
  /** The saved state did not fit the log (no mark, another log, a shorter log): rebuilt from the whole log. */
  readonly rebuilt: boolean;
}

export class Journal {
  constructor(
    private readonly store: Pick<Store, 'readLogFrom' | 'appendLog' | 'logBytes' | 'marksHold'>,
    /** One learner for every profile, or each profile's own (its learner setting). */
    private readonly learner: Learner | ((record: ProfileRecord) => Learner),
  ) {}

  private learnerOf(record: ProfileRecord): Learner {
    return typeof this.learner === 'function' ? this.learner(record) : this.learner;
  }

  /** The record with its state caught up with the log; the same object when nothing came after its mark. */
  recover(profileId: string, record: ProfileRecord): Recovered {
    const mark = record.log;
    // A log only grows (a failed append is cut back to its old length): the same length means nothing after the mark.
    if (mark?.bytes !== undefined && (this.store.marksHold === true || this.store.logBytes?.(profileId) === mark.bytes)) return { record, replayed: 0, rebuilt: false };
    if (mark) {
      const slice = this.store.readLogFrom(profileId, mark.position);
      const fits = slice.end >= mark.position && (mark.position === 0 ? mark.last === null : markNames(mark.last, slice.before));
      if (fits)
        return {
          record: { ...record, state: replay(record.state, slice.entries, this.learnerOf(record)), log: logMark(slice.end, slice.last, slice.bytes) },
          replayed: slice.entries.length,
          rebuilt: false,
        };
    }
    const whole = this.store.readLogFrom(profileId, 0);
    return {
      record: { ...record, state: replay(initialProfileState(), whole.entries, this.learnerOf(record)), log: logMark(whole.end, whole.last, whole.bytes) },
      replayed: whole.entries.length,
      rebuilt: true,
    };
  }

  /**
   * Appends the facts of one step, all or nothing (the store rolls a partial write back), and
   * returns the mark that follows them. Throws when they cannot be kept; nothing changed then.
   */
  append(profileId: string, mark: LogMark | undefined, entries: readonly LogEntry[]): LogMark | undefined {
    if (entries.length === 0) return mark;
    const bytes = this.store.appendLog(profileId, entries);
    const last = entries[entries.length - 1];
    // Without a mark the position is unknown until the next start counts it: keep none.
    return mark && last ? logMark(mark.position + entries.length, JSON.stringify(last), bytes) : undefined;
  }

  /** Where a profile's whole log ends now (for a record written without replaying, e.g. after a rebuild). */
  markOf(profileId: string): LogMark {
    // From past the end: lines are only counted, none parsed.
    const { end, last, bytes } = this.store.readLogFrom(profileId, Number.MAX_SAFE_INTEGER);
    return logMark(end, last, bytes);
  }
}

export interface LogAgreement {
  /** The saved state is the replay of the log up to its mark (or, without a mark, of the whole log). */
  readonly agrees: boolean;
  /** Entries after the mark: the next start replays them. */
  readonly pending: number;
  /** The state the whole log gives. */
  readonly expected: ProfileRecord['state'];
}

/** doctor's check of the invariant state == replay(log). */
export function agreesWithLog(store: Pick<Store, 'readLogFrom' | 'appendLog' | 'logBytes' | 'marksHold'>, profileId: string, record: ProfileRecord, learner: Learner): LogAgreement {
  const journal = new Journal(store, learner);
  const expected = journal.recover(profileId, { ...record, log: undefined }).record.state;
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
  if (!record.log) return { agrees: same(record.state, expected), pending: 0, expected };
  const caught = journal.recover(profileId, record);
  return { agrees: !caught.rebuilt && same(caught.record.state, expected), pending: caught.rebuilt ? 0 : caught.replayed, expected };
}
