/**
 * Every tuned number of Mantra, frozen, one line of doc each with its source.
 * "seed" = ../shared/seed/MANTRA_V2_SUMMARY.md (Mantra V2, tuned over 960+ simulation runs).
 */

/** Curve buckets: one per local hour of day (seed: 1-hour buckets beat 15/30 min). */
export const HOURS_PER_DAY = 24;

export const LEARNER = Object.freeze({
  /** Prediction-error step size (seed: 0.20 optimal across archetypes). */
  learningRate: 0.2,
  /** Lowest availability an hour can fall to; prevents a death spiral (seed). */
  floor: 0.1,
  /** Highest availability an hour can rise to (seed). */
  ceiling: 1.0,
  /** Value of every hour before anything is learned (seed: "uniform 0.5"). */
  initial: 0.5,
  /** Rate of the weighted penalty on hours skipped before an answer: 0.10 x (0 - p) x p (seed). */
  missedPenaltyRate: 0.1,
});

export const FREQUENCY = Object.freeze({
  /** Deliveries per day for a new profile (seed). */
  initial: 1.0,
  /** Fewest deliveries per day the controller may reach (seed). */
  min: 0.33,
  /** Most deliveries per day the controller may reach (seed). */
  max: 6.0,
  /** Multiplier after an answer within fastAnswerMs (seed: +10%). */
  increaseFast: 1.1,
  /** Multiplier after any slower answer (seed: +5%). */
  increaseNormal: 1.05,
  /** Multiplier after a timeout (seed: -10%). */
  decrease: 0.9,
  /** An answer faster than this counts as fast (seed: < 2 min). */
  fastAnswerMs: 2 * 60_000,
});

export const ENCOUNTER = Object.freeze({
  /** Delay from enrollment to the first delivery (seed: 30 s). */
  enrollmentDelayMs: 30_000,
  /** Consecutive misses after which disabling is offered (seed: 3). */
  offerDisableAfter: 3,
  /** Consecutive misses after which delivery turns itself off (seed: 8). */
  autoDisableAfter: 8,
});

export const INTERVAL = Object.freeze({
  /** Shortest interval in interval ("legacy") mode, hours (seed: 1-24). */
  minHours: 1,
  /** Longest interval in interval mode, hours (seed: 1-24). */
  maxHours: 24,
  /** Interval a new profile starts with, hours (seed: legacy_interval_hours 4). */
  defaultHours: 4,
});

export const HYBRID = Object.freeze({
  /** Smallest window either side of an anchor, minutes (Mantra: below this it is fixed mode). */
  minWindowMinutes: 5,
  /** Largest window either side of an anchor, minutes (Mantra: 3 h keeps anchors distinct). */
  maxWindowMinutes: 180,
  /** Window a new profile starts with (seed V3 example: +-60 min). */
  defaultWindowMinutes: 60,
});

export const SNOOZE = Object.freeze({
  /** The snooze lengths offered everywhere, minutes (Mantra: 10 min, 30 min, 1 h). */
  choicesMinutes: Object.freeze([10, 30, 60] as const),
  /** Longest snooze the API accepts, minutes. */
  maxMinutes: 240,
});

/** Fixed daily times a new profile starts with (seed: 09:00, 14:00, 19:00). */
export const DEFAULT_FIXED_TIMES: readonly string[] = Object.freeze(['09:00', '14:00', '19:00']);

export const POINTS = Object.freeze({
  /** Base points per difficulty (seed: "moderate" is worth 50). */
  base: Object.freeze({ easy: 25, moderate: 50, hard: 100 }),
  /** Bonus fraction for an answer within FREQUENCY.fastAnswerMs (Mantra: rewards the same speed the frequency controller does). */
  fastBonus: 0.5,
  /** Bonus fraction for an answer within quickAnswerMs (Mantra). */
  quickBonus: 0.25,
  /** An answer faster than this earns quickBonus (Mantra: 10 min). */
  quickAnswerMs: 10 * 60_000,
  /** Bonus fraction per answered mantra in the current streak, beyond the first (Mantra). */
  streakBonusPerStep: 0.1,
  /** Cap on the streak bonus fraction (Mantra: at most doubles the base). */
  streakBonusMax: 1.0,
});

export const MATCH = Object.freeze({
  /** Least normalized similarity (1 - edits / length) that counts as typing the mantra back (Mantra: about one typo in ten letters). */
  minSimilarity: 0.85,
  /** Most edits tolerated on any answer, however long (Mantra: small typos only). */
  maxEdits: 6,
  /** Words shorter than this must be typed exactly: one letter turns in/on, now/not, can/cat (Mantra). */
  minTypoWordLength: 4,
  /** Words this long may carry longWordEdits typos; shorter ones one (Mantra). */
  longWordLength: 8,
  /** Typos forgiven within one long word (Mantra: "atention" and "promsies" pass, another word does not). */
  longWordEdits: 2,
});

/** Weight of a favorite against an ordinary mantra in selection (seed: favorites weighted 2x). */
export const FAVORITE_WEIGHT = 2;

export const LIMITS = Object.freeze({
  /** Longest typed answer accepted, characters (Mantra: ten times the longest shipped mantra). */
  answerLength: 1000,
  /** Most fixed (or hybrid) times of day (Mantra: one every half hour). */
  fixedTimes: 48,
  /** Most quiet windows a profile may list (Mantra). */
  quietWindows: 12,
  /** Longest {subject} / {controller} name, characters (Mantra: fits a notification line). */
  nameLength: 40,
});
