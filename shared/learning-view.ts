/**
 * What the Curve page shows of the learner: the weekday and weekend curves, the evidence
 * behind each hour, and why the next delivery is when it is (a reason, not a sentence: the window
 * words it in its language). Computed here (pure) and carried in the snapshot, so every window and channel says the same.
 */
import { algorithmFor } from './algorithms.js';
import { isWeekendAt } from './learner.js';
import type { ProfileSettings, ProfileState } from './settings.js';
import { hourOf } from './zone.js';

/** Weekday and weekend curves count as different when some hour differs by this much. */
const CURVES_DIFFER = 0.1;
/** Pending hours of evidence below which an hour is "still being learned". */
const LITTLE_EVIDENCE_HOURS = 1;

export interface NextReason {
  readonly at: number;
  /** Whether the day of `at` is a weekend day. */
  readonly weekend: boolean;
  /** The learned chance of an answer within a whole pending hour at the local hour of `at`. */
  readonly chance: number;
  /** Why: the best learned hour near the natural time, still learning, a mantra out now, or the mode's own rule. */
  readonly kind: 'best-hour' | 'learning' | 'deadline' | 'interval' | 'fixed' | 'classic';
}

/** Only what a window or channel shows: the learner choice is in the settings, and the hour and its evidence behind `next` stay inside. */
export interface LearningView {
  readonly weekday: readonly number[];
  readonly weekend: readonly number[];
  /** Pending hours observed per hour; null for the classic learner, which keeps none. */
  readonly evidence: { readonly weekday: readonly number[]; readonly weekend: readonly number[] } | null;
  /** The weekday and weekend curves differ enough to show both. */
  readonly differ: boolean;
  /** Why the next delivery is when it is, as data: each window and channel words it (`whyMessage`) in its own language. */
  readonly next: NextReason | null;
}

/** Which sentence explains the next delivery, and the values it needs: the window words it in its own language. */
export interface WhyMessage {
  readonly key: 'off' | NextReason['kind'];
  /** The next delivery (null when none is planned). */
  readonly at: number | null;
  readonly weekend: boolean;
  readonly chance: number;
  /** Mantras a day the learner aims at: the "1/n share of a day". */
  readonly frequency: number;
}

export function whyMessage(next: NextReason | null, frequency: number): WhyMessage {
  return next === null ? { key: 'off', at: null, weekend: false, chance: 0, frequency } : { key: next.kind, at: next.at, weekend: next.weekend, chance: next.chance, frequency };
}

export function learningView(state: ProfileState, settings: Pick<ProfileSettings, 'learner' | 'mode'>, timeZone: string): LearningView {
  const windows = algorithmFor(settings.learner).learner.windows;
  const curves = windows ? windows.curves(state.model) : null;
  const weekday = curves ? curves.weekday : [...state.curve];
  const weekend = curves ? curves.weekend : [...state.curve];
  const differ = weekday.some((v, h) => Math.abs(v - (weekend[h] ?? v)) >= CURVES_DIFFER);
  let next: NextReason | null = null;
  const at = state.enrolled && !state.pausedIndefinitely && state.pausedUntil === null ? state.nextDelivery : null;
  if (at !== null) {
    const hour = hourOf(at, timeZone);
    const weekendDay = isWeekendAt(at, timeZone);
    const chance = (weekendDay ? weekend : weekday)[hour] ?? 0;
    const evidence = curves ? ((weekendDay ? curves.evidence.weekend : curves.evidence.weekday)[hour] ?? 0) : null;
    const kind: NextReason['kind'] =
      state.sent !== null
        ? 'deadline'
        : settings.mode === 'interval'
          ? 'interval'
          : settings.mode === 'fixed' || settings.mode === 'hybrid'
            ? 'fixed'
            : !curves
              ? 'classic'
              : (evidence ?? 0) < LITTLE_EVIDENCE_HOURS
                ? 'learning'
                : 'best-hour';
    next = { at, weekend: weekendDay, chance, kind };
  }
  return {
    weekday,
    weekend,
    evidence: curves ? curves.evidence : null,
    differ,
    next,
  };
}
