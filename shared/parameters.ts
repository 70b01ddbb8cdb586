/**
 * Every tuned bound of Mantra in one frozen object, in the spirit of ts-fsrs's
 * `generatorParameters(partial)`: `parameters({ ... })` fills in the defaults of
 * shared/constants.ts (where each value's source is written), checks the whole with zod and
 * deep-freezes it. The reducers (EncounterContext.params), the algorithms
 * (`algorithmsWith(params)`) and the simulator (`simulate({ params })`) take it as an argument,
 * so a simulation can vary any of them without touching the app.
 *
 * The settings schemas' bounds (interval hours, hybrid window, number of fixed times, name and
 * answer length) are read from the defaults: they validate stored data, which must not depend
 * on a run's parameters.
 */
import { z } from 'zod';
import { ENCOUNTER, FAVORITE_WEIGHT, FREQUENCY, HYBRID, INTERVAL, LEARNER, LIMITS, MATCH, POINTS, SNOOZE } from './constants.js';

const positive = z.number().positive();
const fractionOf1 = z.number().min(0).max(1);
const wholeMs = z.number().int().min(0);
const count = z.number().int().min(1);

const learnerSchema = z
  .strictObject({ learningRate: fractionOf1, floor: fractionOf1, ceiling: fractionOf1, initial: fractionOf1, missedPenaltyRate: fractionOf1 })
  .refine((p) => p.floor <= p.initial && p.initial <= p.ceiling, { message: 'floor <= initial <= ceiling' });

const frequencySchema = z
  .strictObject({ initial: positive, min: positive, max: positive, increaseFast: positive, increaseNormal: positive, decrease: positive, fastAnswerMs: wholeMs })
  .refine((p) => p.min <= p.initial && p.initial <= p.max, { message: 'min <= initial <= max' });

const encounterSchema = z
  .strictObject({ enrollmentDelayMs: wholeMs, offerDisableAfter: count, autoDisableAfter: count })
  .refine((p) => p.offerDisableAfter <= p.autoDisableAfter, { message: 'offerDisableAfter <= autoDisableAfter' });

const intervalSchema = z
  .strictObject({ minHours: positive, maxHours: positive, defaultHours: positive })
  .refine((p) => p.minHours <= p.defaultHours && p.defaultHours <= p.maxHours, { message: 'minHours <= defaultHours <= maxHours' });

const hybridSchema = z
  .strictObject({ minWindowMinutes: count, maxWindowMinutes: count, defaultWindowMinutes: count })
  .refine((p) => p.minWindowMinutes <= p.defaultWindowMinutes && p.defaultWindowMinutes <= p.maxWindowMinutes, { message: 'minWindowMinutes <= defaultWindowMinutes <= maxWindowMinutes' });

const snoozeSchema = z.strictObject({ choicesMinutes: z.array(count).min(1), maxMinutes: count });

const pointsSchema = z.strictObject({
  base: z.strictObject({ easy: z.number().int().min(0), moderate: z.number().int().min(0), hard: z.number().int().min(0) }),
  fastBonus: z.number().min(0),
  quickBonus: z.number().min(0),
  quickAnswerMs: wholeMs,
  streakBonusPerStep: z.number().min(0),
  streakBonusMax: z.number().min(0),
});

const matchSchema = z.strictObject({ minSimilarity: fractionOf1, maxEdits: z.number().int().min(0), minTypoWordLength: count, longWordLength: count, longWordEdits: z.number().int().min(0) });

const limitsSchema = z.strictObject({ answerLength: count, fixedTimes: count, quietWindows: count, nameLength: count });

export const parametersSchema = z.strictObject({
  learner: learnerSchema,
  frequency: frequencySchema,
  encounter: encounterSchema,
  interval: intervalSchema,
  hybrid: hybridSchema,
  snooze: snoozeSchema,
  points: pointsSchema,
  match: matchSchema,
  /** Weight of a favorite against an ordinary mantra in selection. */
  favoriteWeight: z.number().min(0),
  limits: limitsSchema,
});

type DeepReadonly<T> = T extends readonly (infer U)[] ? readonly DeepReadonly<U>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;
type DeepPartial<T> = T extends readonly unknown[] ? T : T extends object ? { readonly [K in keyof T]?: DeepPartial<T[K]> } : T;

/** Every tuned bound, deep-frozen. */
export type MantraParameters = DeepReadonly<z.infer<typeof parametersSchema>>;
/** What `parameters()` accepts: any subset, at any depth; lists are replaced whole. */
export type PartialParameters = DeepPartial<z.infer<typeof parametersSchema>>;

const DEFAULTS = {
  learner: LEARNER,
  frequency: FREQUENCY,
  encounter: ENCOUNTER,
  interval: INTERVAL,
  hybrid: HYBRID,
  snooze: SNOOZE,
  points: POINTS,
  match: MATCH,
  favoriteWeight: FAVORITE_WEIGHT,
  limits: LIMITS,
};

const isPlainObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function merge(base: unknown, patch: unknown): unknown {
  if (patch === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) out[key] = merge(base[key], value);
  return out;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * The defaults with `partial` laid over them, checked and deep-frozen. Throws a ZodError that
 * names the path of every bad value (`learner.floor: Too small...`).
 *
 * @example
 * const p = parameters({ learner: { learningRate: 0.3 }, encounter: { autoDisableAfter: 10 } });
 * p.learner.floor; // 0.1, the default
 * Object.isFrozen(p.learner); // true
 */
export function parameters(partial: PartialParameters = {}): MantraParameters {
  return deepFreeze(parametersSchema.parse(merge(DEFAULTS, partial)));
}

/** The shipped values (shared/constants.ts): what the app runs with. */
export const DEFAULT_PARAMETERS: MantraParameters = parameters();
