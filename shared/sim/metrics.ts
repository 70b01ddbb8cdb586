/**
 * Ground truth and the metrics of ../shared/sim/README.md, per run and over seeds.
 * Everything here works on plain numbers so each definition can be checked by hand.
 */
import { takeUpPerMinute } from './user.js';

/** End-of-day MAE that counts as converged (README: 0.15 or less). */
export const CONVERGED_MAE = 0.15;
/** Days in a row the end-of-day MAE must stay converged (README: 7). */
export const CONVERGED_DAYS = 7;
/** finalMae averages over the last this many days (README: 14). */
export const FINAL_DAYS = 14;

/**
 * truth_d[h] = 1 - (1 - q_h (1 - ignoreProbability))^60, q_h = 1 - (1 - c_d[h])^(1/60):
 * the chance that a mantra pending for the whole hour h of day d is taken up in it.
 */
export function truthCurve(dayCurve: readonly number[], ignoreProbability: number): number[] {
  return dayCurve.map((c) => -Math.expm1(60 * Math.log1p(-takeUpPerMinute(c, ignoreProbability))));
}

/** Mean of |estimate[h] - truth[h]| over the hours. */
export function meanAbsoluteError(estimate: readonly number[], truth: readonly number[]): number {
  if (truth.length === 0) return 0;
  let sum = 0;
  for (const [h, t] of truth.entries()) sum += Math.abs((estimate[h] ?? 0) - t);
  return sum / truth.length;
}

/**
 * finalMae: mean over the last FINAL_DAYS days and their hours of |estimate - truth_d[h]|.
 * `estimateFor(d)` is the estimate at the end of the run for day d (a learner without
 * weekdays gives the same curve for every day). Fewer days than FINAL_DAYS: all of them.
 */
export function finalMae(truths: readonly (readonly number[])[], estimateFor: (day: number) => readonly number[], lastDays = FINAL_DAYS): number {
  const from = Math.max(0, truths.length - lastDays);
  let sum = 0;
  let n = 0;
  for (let d = from; d < truths.length; d++) {
    sum += meanAbsoluteError(estimateFor(d), truths[d] ?? []);
    n++;
  }
  return n === 0 ? 0 : sum / n;
}

/** The state at the end of one simulated day. */
export interface Checkpoint {
  /** MAE of the estimate at the end of the day against the next day's truth. */
  readonly mae: number;
  /** Deliveries made before the end of the day (counted from wherever counting starts). */
  readonly deliveries: number;
}

/**
 * Deliveries made before the end-of-day MAE first reaches `threshold` or less and stays
 * there `days` days in a row: the deliveries of the first checkpoint of the first such
 * run. Null when no run of that length fits (the run must lie inside the checkpoints).
 */
export function encountersToConverge(checkpoints: readonly Checkpoint[], threshold = CONVERGED_MAE, days = CONVERGED_DAYS): number | null {
  let runStart = -1;
  for (const [i, c] of checkpoints.entries()) {
    if (c.mae <= threshold) {
      if (runStart < 0) runStart = i;
      if (i - runStart + 1 >= days) return checkpoints[runStart]?.deliveries ?? null;
    } else {
      runStart = -1;
    }
  }
  return null;
}

/**
 * recoveryEncounters: the same rule over the checkpoints from the change on (the end of
 * day changeAfterDays - 1 is the instant of the change), counting deliveries from the change.
 */
export function recoveryEncounters(checkpoints: readonly Checkpoint[], changeDay: number, threshold = CONVERGED_MAE, days = CONVERGED_DAYS): number | null {
  const from = Math.max(0, changeDay - 1);
  // Deliveries made by the instant of the change (none when the change is at the very start).
  const before = changeDay >= 1 ? (checkpoints[from]?.deliveries ?? 0) : 0;
  const after = checkpoints.slice(from).map((c) => ({ mae: c.mae, deliveries: c.deliveries - before }));
  return encountersToConverge(after, threshold, days);
}

export function mean(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Sample standard deviation (n - 1); 0 for a single value, null for none. */
export function standardDeviation(xs: readonly number[]): number | null {
  const m = mean(xs);
  if (m === null) return null;
  if (xs.length < 2) return 0;
  let s = 0;
  for (const x of xs) s += (x - m) ** 2;
  return Math.sqrt(s / (xs.length - 1));
}

/** Middle value; the mean of the two middle values for an even count; null for none. */
export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export interface MeanStd {
  readonly mean: number | null;
  readonly std: number | null;
}

export interface ConvergenceSummary {
  /** Over the seeds that converged; null when none did. */
  readonly mean: number | null;
  readonly median: number | null;
  /** Seeds that never converged. */
  readonly never: number;
}

/** Mean and standard deviation over seeds; seeds without a value (null) are left out. */
export function meanStd(values: readonly (number | null)[]): MeanStd {
  const xs = values.filter((v): v is number => v !== null);
  return { mean: mean(xs), std: standardDeviation(xs) };
}

export function convergenceSummary(values: readonly (number | null)[]): ConvergenceSummary {
  const xs = values.filter((v): v is number => v !== null);
  return { mean: mean(xs), median: median(xs), never: values.length - xs.length };
}
