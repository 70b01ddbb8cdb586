import { describe, expect, it } from 'vitest';
import {
  convergenceSummary,
  encountersToConverge,
  finalMae,
  mean,
  meanAbsoluteError,
  meanStd,
  median,
  recoveryEncounters,
  standardDeviation,
  truthCurve,
  type Checkpoint,
} from '../../../shared/sim/metrics.js';

const flat = (v: number) => Array.from({ length: 24 }, () => v);
/** Checkpoints from MAEs, with `perDay` deliveries made each day. */
const days = (maes: number[], perDay = 3): Checkpoint[] => maes.map((mae, d) => ({ mae, deliveries: (d + 1) * perDay }));

describe('ground truth', () => {
  it('without ignoring, the truth is the availability itself', () => {
    const c = [0, 0.05, 0.5, 0.9, 1];
    const t = truthCurve(c, 0);
    for (const [i, v] of c.entries()) expect(t[i]).toBeCloseTo(v, 12);
  });

  it('c = 0.5, ignore 0.5: q = 1 - 0.5^(1/60) = 0.0114860, r = q / 2, truth = 1 - (1 - r)^60 = 0.292185', () => {
    expect(truthCurve([0.5], 0.5)[0]).toBeCloseTo(0.292185094, 8);
  });

  it('c = 0.8, ignore 0.25 gives 0.699712; c = 1 is taken up almost surely unless always ignored', () => {
    expect(truthCurve([0.8], 0.25)[0]).toBeCloseTo(0.699711933, 8);
    expect(truthCurve([1], 0.1)[0]).toBeCloseTo(1, 12);
    expect(truthCurve([1], 1)[0]).toBe(0);
    expect(truthCurve([0], 0.3)[0]).toBe(0);
  });
});

describe('MAE', () => {
  it('mean absolute difference over the hours', () => {
    expect(meanAbsoluteError(flat(0.5), [...Array(12).fill(0), ...Array(12).fill(1)])).toBe(0.5);
    expect(meanAbsoluteError([0.1, 0.2, 0.9], [0.2, 0.2, 0.6])).toBeCloseTo(0.4 / 3, 12);
  });

  it('finalMae: the last 14 days against the estimate at the end', () => {
    // 20 days: truth 0 for days 0-5, 0.3 for days 6-19; estimate 0.5 -> the last 14 days all give 0.2.
    const truths = Array.from({ length: 20 }, (_, d) => flat(d < 6 ? 0 : 0.3));
    expect(finalMae(truths, () => flat(0.5))).toBeCloseTo(0.2, 12);
    // One day earlier in the window changes it: 13 days at 0.2, one at 0.5.
    const shifted = Array.from({ length: 20 }, (_, d) => flat(d < 7 ? 0 : 0.3));
    expect(finalMae(shifted, () => flat(0.5))).toBeCloseTo((13 * 0.2 + 0.5) / 14, 12);
    // Fewer days than 14: all of them.
    expect(finalMae([flat(0), flat(1)], () => flat(0.25))).toBeCloseTo(0.5, 12);
  });

  it('finalMae asks the estimate for each day (a weekday-aware learner could differ per day)', () => {
    const seen: number[] = [];
    finalMae(
      Array.from({ length: 30 }, () => flat(0)),
      (d) => (seen.push(d), flat(0)),
    );
    expect(seen).toEqual(Array.from({ length: 14 }, (_, i) => 16 + i));
  });
});

describe('encounters to converge: first reaches <= 0.15 and stays there 7 days in a row', () => {
  it('counts the deliveries made by the end of the first day of the first 7-day run', () => {
    // days 0-2 high, days 3-9 converged: deliveries by the end of day 3 = 4 x 3.
    expect(encountersToConverge(days([0.4, 0.3, 0.2, 0.15, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]))).toBe(12);
  });

  it('a run of 6 is not enough; the count starts again after a relapse', () => {
    const maes = [0.3, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1];
    expect(encountersToConverge(days(maes))).toBe(9 * 3);
    expect(encountersToConverge(days(maes.slice(0, 14)))).toBeNull();
  });

  it('exactly 0.15 counts as converged; 0.1500001 does not', () => {
    expect(encountersToConverge(days(Array(7).fill(0.15)))).toBe(3);
    expect(encountersToConverge(days(Array(7).fill(0.1500001)))).toBeNull();
  });

  it('converged from the first day on: the deliveries of that first day', () => {
    expect(encountersToConverge([{ mae: 0.1, deliveries: 1 }, ...days(Array(6).fill(0.1))])).toBe(1);
  });

  it('never: null; nothing to look at: null', () => {
    expect(encountersToConverge(days(Array(100).fill(0.2)))).toBeNull();
    expect(encountersToConverge([])).toBeNull();
  });

  it('recovery: the same rule from the change on, counting deliveries from the change', () => {
    // change on day 10: checkpoints from the end of day 9 (the instant of the change) on.
    const maes = [...Array(10).fill(0.05), 0.4, 0.3, 0.2, ...Array(7).fill(0.1)];
    const cps = days(maes, 2);
    // The first converged run after the change starts at day 13; deliveries days 10..13 = 4 x 2.
    expect(recoveryEncounters(cps, 10)).toBe(8);
    // A change the estimate already fits: converged at the change itself, 0 deliveries since.
    expect(recoveryEncounters(days(Array(20).fill(0.05), 2), 10)).toBe(0);
    expect(recoveryEncounters(days([...Array(10).fill(0.05), ...Array(10).fill(0.3)], 2), 10)).toBeNull();
  });
});

describe('aggregation over seeds', () => {
  it('mean and sample standard deviation; seeds without a value are left out', () => {
    expect(meanStd([1, 2, 3, null])).toEqual({ mean: 2, std: 1 });
    expect(meanStd([5])).toEqual({ mean: 5, std: 0 });
    expect(meanStd([null, null])).toEqual({ mean: null, std: null });
    expect(standardDeviation([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.13809, 5);
    expect(mean([])).toBeNull();
  });

  it('median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it('convergence: mean and median over the seeds that converged, never = the others', () => {
    expect(convergenceSummary([10, null, 20, 60, null])).toEqual({ mean: 30, median: 20, never: 2 });
    expect(convergenceSummary([null, null])).toEqual({ mean: null, median: null, never: 2 });
  });
});
