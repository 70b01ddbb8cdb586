import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FREQUENCY } from '../../../shared/constants.js';
import { adjustFrequency, type Outcome } from '../../../shared/frequency.js';

describe('TCP-style frequency', () => {
  it('x1.1 for an answer under 2 minutes, x1.05 for a slower one, x0.9 for a timeout', () => {
    expect(adjustFrequency(1, { kind: 'answered', responseMs: 119_999 })).toBeCloseTo(1.1, 12);
    expect(adjustFrequency(1, { kind: 'answered', responseMs: 120_000 })).toBeCloseTo(1.05, 12);
    expect(adjustFrequency(2, { kind: 'timeout' })).toBeCloseTo(1.8, 12);
  });

  it('stays within 0.33 and 6.0 a day', () => {
    expect(adjustFrequency(5.9, { kind: 'answered', responseMs: 0 })).toBe(FREQUENCY.max);
    expect(adjustFrequency(0.34, { kind: 'timeout' })).toBe(FREQUENCY.min);
  });

  it('starts at 1.0 a day', () => {
    expect(FREQUENCY.initial).toBe(1);
  });

  it('never leaves its bounds over any run of outcomes', () => {
    const outcome: fc.Arbitrary<Outcome> = fc.oneof(
      fc.record({ kind: fc.constant('answered' as const), responseMs: fc.integer({ min: 0, max: 86_400_000 }) }),
      fc.constant({ kind: 'timeout' as const }),
    );
    fc.assert(
      fc.property(fc.double({ min: FREQUENCY.min, max: FREQUENCY.max, noNaN: true }), fc.array(outcome, { maxLength: 200 }), (f0, outcomes) => {
        const f = outcomes.reduce((f, o) => adjustFrequency(f, o), f0);
        expect(f).toBeGreaterThanOrEqual(FREQUENCY.min);
        expect(f).toBeLessThanOrEqual(FREQUENCY.max);
      }),
    );
  });
});
