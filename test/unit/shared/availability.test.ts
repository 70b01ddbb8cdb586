import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { flatCurve, learnHour, responseOnlyLearner, seedV2Learner } from '../../../shared/availability.js';
import { LEARNER } from '../../../shared/constants.js';

describe('learnHour (prediction error)', () => {
  it('moves a success 20% of the way to 1 and a failure 20% of the way to 0', () => {
    expect(learnHour(flatCurve(), 9, true)[9]).toBeCloseTo(0.6, 10);
    expect(learnHour(flatCurve(), 9, false)[9]).toBeCloseTo(0.4, 10);
    expect(learnHour(flatCurve(0.9), 3, true)[3]).toBeCloseTo(0.92, 10);
  });

  it('clamps at the floor and the ceiling and touches no other hour', () => {
    const low = learnHour(flatCurve(0.11), 2, false);
    expect(low[2]).toBe(LEARNER.floor);
    expect(low[3]).toBe(0.11);
    expect(learnHour(flatCurve(1), 2, true)[2]).toBe(LEARNER.ceiling);
  });

  it('does not mutate its input', () => {
    const c = flatCurve();
    learnHour(c, 0, true);
    expect(c[0]).toBe(0.5);
  });
});

describe('seed-v2 worked example: sent 06:00, answered 09:xx', () => {
  const before = flatCurve();
  before[6] = 0.8;
  before[7] = 0.5;
  before[8] = 0.2;
  const after = seedV2Learner.onAnswer(before, 9, [6, 7, 8]);

  it('raises the answer hour by the prediction error', () => {
    expect(after[9]).toBeCloseTo(0.6, 10);
  });

  it('lowers 06, 07 and 08 by 0.10 x p x p: in proportion to their own value', () => {
    expect(after[6]).toBeCloseTo(0.8 - 0.1 * 0.8 * 0.8, 10); // 0.736
    expect(after[7]).toBeCloseTo(0.5 - 0.1 * 0.5 * 0.5, 10); // 0.475
    expect(after[8]).toBeCloseTo(0.2 - 0.1 * 0.2 * 0.2, 10); // 0.196
    expect(0.8 - after[6]!).toBeGreaterThan(0.5 - after[7]!);
    expect(0.5 - after[7]!).toBeGreaterThan(0.2 - after[8]!);
  });

  it('leaves hours outside the window alone', () => {
    expect(after[5]).toBe(0.5);
    expect(after[10]).toBe(0.5);
  });

  it('response-only learns the answer hour and nothing else', () => {
    const r = responseOnlyLearner.onAnswer(before, 9, [6, 7, 8]);
    expect(r[9]).toBeCloseTo(0.6, 10);
    expect(r[6]).toBe(0.8);
  });
});

describe('seed-v2 timeout', () => {
  it('applies a full negative update to every hour of the window', () => {
    const after = seedV2Learner.onTimeout(flatCurve(), [14, 15, 16]);
    expect(after[14]).toBeCloseTo(0.4, 10);
    expect(after[16]).toBeCloseTo(0.4, 10);
    expect(after[13]).toBe(0.5);
    expect(after[17]).toBe(0.5);
  });
});

describe('invariants', () => {
  const hour = fc.integer({ min: 0, max: 23 });
  const value = fc.double({ min: LEARNER.floor, max: LEARNER.ceiling, noNaN: true });
  const curve = fc.array(value, { minLength: 24, maxLength: 24 });
  const event = fc.oneof(
    fc.record({ kind: fc.constant('answer' as const), hour, missed: fc.uniqueArray(hour, { maxLength: 24 }) }),
    fc.record({ kind: fc.constant('timeout' as const), missed: fc.uniqueArray(hour, { maxLength: 24 }) }),
  );

  it('the curve stays inside [floor, ceiling] whatever happens', () => {
    fc.assert(
      fc.property(curve, fc.array(event, { maxLength: 60 }), (start, events) => {
        let c: number[] = start;
        for (const e of events) c = e.kind === 'answer' ? seedV2Learner.onAnswer(c, e.hour, e.missed) : seedV2Learner.onTimeout(c, e.missed);
        expect(c).toHaveLength(24);
        for (const v of c) {
          expect(v).toBeGreaterThanOrEqual(LEARNER.floor);
          expect(v).toBeLessThanOrEqual(LEARNER.ceiling);
        }
      }),
    );
  });

  it('an answer never lowers its own hour and a timeout never raises one', () => {
    fc.assert(
      fc.property(curve, hour, (c, h) => {
        expect(seedV2Learner.onAnswer(c, h, [])[h]).toBeGreaterThanOrEqual(c[h]!);
        expect(seedV2Learner.onTimeout(c, [h])[h]).toBeLessThanOrEqual(c[h]!);
      }),
    );
  });
});
