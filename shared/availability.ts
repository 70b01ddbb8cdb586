/**
 * Availability curves and the learners that move them. A curve holds, per local hour,
 * the learned chance that a mantra pending in that hour gets answered.
 */
import { HOURS_PER_DAY, LEARNER } from './constants.js';
import { ALL_COMPONENTS, curvesOf, EXPOSURE_LEARNER, observe, type DayCurves, type ExposureLearnerParams, type ExposureModel, type LearnerOptions, type PendingWindow } from './learner.js';
import type { Curve } from './settings.js';

export type LearnerParams = { readonly [K in keyof typeof LEARNER]: number };

export function flatCurve(value: number = LEARNER.initial): number[] {
  return Array.from({ length: HOURS_PER_DAY }, () => value);
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** Seed's prediction-error (Elo-style) update of one hour. */
export function learnHour(curve: Curve, hour: number, success: boolean, p: LearnerParams = LEARNER): number[] {
  const next = [...curve];
  const expected = curve[hour] ?? p.initial;
  const error = (success ? 1 : 0) - expected;
  next[hour] = clamp(expected + p.learningRate * error, p.floor, p.ceiling);
  return next;
}

/** Seed's weighted missed-hour penalty: p += rate x (0 - p) x p, gentler on hours already low. */
export function penalizeMissedHours(curve: Curve, hours: readonly number[], p: LearnerParams = LEARNER): number[] {
  const next = [...curve];
  for (const h of hours) {
    const v = next[h] ?? p.initial;
    next[h] = clamp(v + p.missedPenaltyRate * (0 - v) * v, p.floor, p.ceiling);
  }
  return next;
}

/** How an algorithm learns from the two outcomes of a delivery. */
export interface Learner {
  readonly name: string;
  /** `hour` answered; `missedHours` passed between send and answer. */
  onAnswer(curve: Curve, hour: number, missedHours: readonly number[]): number[];
  /** Every hour of a window that ran out unanswered. */
  onTimeout(curve: Curve, missedHours: readonly number[]): number[];
  /** Set for learners that count exposure: they learn from whole pending windows into a model, not from hours. */
  readonly windows?: WindowLearner;
}

/** A learner that keeps an exposure model; the curve is derived from it. */
export interface WindowLearner {
  observe(model: ExposureModel | null, window: PendingWindow): ExposureModel;
  curves(model: ExposureModel | null): DayCurves;
}

/** The default learner (shared/learner.ts) with the given numbers and components; the curve moves only through the model. */
export function exposureLearner(name = 'exposure', p: ExposureLearnerParams = EXPOSURE_LEARNER, o: LearnerOptions = ALL_COMPONENTS): Learner {
  return Object.freeze({
    name,
    onAnswer: (curve: Curve) => [...curve],
    onTimeout: (curve: Curve) => [...curve],
    windows: Object.freeze({
      observe: (model: ExposureModel | null, w: PendingWindow) => observe(model, w, p, o),
      curves: (model: ExposureModel | null) => curvesOf(model, p, o),
    }),
  });
}

/** The seed's learner with the given constants (the simulator varies them; parameters.ts). */
export function seedV2LearnerWith(p: LearnerParams): Learner {
  return Object.freeze({
    name: 'seed-v2',
    onAnswer: (curve: Curve, hour: number, missed: readonly number[]) => learnHour(penalizeMissedHours(curve, missed, p), hour, true, p),
    onTimeout: (curve: Curve, missed: readonly number[]) => missed.reduce<number[]>((c, h) => learnHour(c, h, false, p), [...curve]),
  });
}

/** The seed's algorithm exactly: lr 0.20, floor 0.1, ceiling 1.0, weighted missed-hour penalty 0.10. */
export const seedV2Learner: Learner = seedV2LearnerWith(LEARNER);

/** V2 before the missed-hour fix, with the given constants: learns only the hour of an answer. */
export function responseOnlyLearnerWith(p: LearnerParams): Learner {
  return Object.freeze({
    name: 'response-only',
    onAnswer: (curve: Curve, hour: number) => learnHour(curve, hour, true, p),
    onTimeout: (curve: Curve) => [...curve],
  });
}

/** V2 before the missed-hour fix: learns only the hour of an answer. */
export const responseOnlyLearner: Learner = responseOnlyLearnerWith(LEARNER);

/** Learns nothing: the curve stays where it started. */
export const fixedLearner: Learner = Object.freeze({
  name: 'none',
  onAnswer: (curve: Curve) => [...curve],
  onTimeout: (curve: Curve) => [...curve],
});

export function curveSum(curve: Curve): number {
  let s = 0;
  for (const v of curve) s += v;
  return s;
}
