import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ZodError } from 'zod';
import { algorithmsWith, seedV2 } from '../../../shared/algorithms.js';
import { ENCOUNTER, FAVORITE_WEIGHT, FREQUENCY, LEARNER, LIMITS, MATCH, POINTS } from '../../../shared/constants.js';
import { due, enroll, type EncounterContext, type Step } from '../../../shared/encounter.js';
import { matchAnswer, scoreAnswer, selectMantra } from '../../../shared/mantras.js';
import { DEFAULT_PARAMETERS, parameters } from '../../../shared/parameters.js';
import { createRng } from '../../../shared/random.js';
import { initialProfileState, type Mantra, type ProfileState } from '../../../shared/settings.js';
import { parseArchetypeFile } from '../../../shared/sim/archetype.js';
import { simulate } from '../../../shared/sim/run.js';

describe('parameters(partial)', () => {
  it('defaults to the values of shared/constants.ts', () => {
    expect(DEFAULT_PARAMETERS.learner).toEqual(LEARNER);
    expect(DEFAULT_PARAMETERS.frequency).toEqual(FREQUENCY);
    expect(DEFAULT_PARAMETERS.encounter).toEqual(ENCOUNTER);
    expect(DEFAULT_PARAMETERS.points).toEqual(POINTS);
    expect(DEFAULT_PARAMETERS.match).toEqual(MATCH);
    expect(DEFAULT_PARAMETERS.favoriteWeight).toBe(FAVORITE_WEIGHT);
    expect(DEFAULT_PARAMETERS.limits).toEqual(LIMITS);
  });

  it('lays a partial over the defaults at any depth and leaves the rest alone', () => {
    const p = parameters({ learner: { learningRate: 0.3 }, points: { base: { hard: 150 } }, snooze: { choicesMinutes: [5] } });
    expect(p.learner).toEqual({ ...LEARNER, learningRate: 0.3 });
    expect(p.points.base).toEqual({ easy: 25, moderate: 50, hard: 150 });
    expect(p.snooze.choicesMinutes).toEqual([5]);
    expect(p.frequency).toEqual(FREQUENCY);
  });

  it('is frozen all the way down', () => {
    const p = parameters({ encounter: { autoDisableAfter: 10 } });
    expect(Object.isFrozen(p)).toBe(true);
    expect(Object.isFrozen(p.points.base)).toBe(true);
    expect(Object.isFrozen(p.snooze.choicesMinutes)).toBe(true);
    expect(() => {
      (p.encounter as { autoDisableAfter: number }).autoDisableAfter = 1;
    }).toThrow(TypeError);
  });

  it('refuses bad values and names where they are', () => {
    const bad = (partial: Parameters<typeof parameters>[0]): string => {
      try {
        parameters(partial);
      } catch (err) {
        expect(err).toBeInstanceOf(ZodError);
        return (err as ZodError).issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n');
      }
      return 'accepted';
    };
    expect(bad({ learner: { floor: 0.9 } })).toMatch(/^learner: floor <= initial <= ceiling/);
    expect(bad({ encounter: { offerDisableAfter: 9 } })).toMatch(/offerDisableAfter <= autoDisableAfter/);
    expect(bad({ match: { minSimilarity: 1.5 } })).toMatch(/^match\.minSimilarity:/);
    expect(bad({ limits: { answerLength: 0 } })).toMatch(/^limits\.answerLength:/);
    expect(bad({ learner: { speed: 1 } } as never)).toMatch(/speed/);
  });
});

describe('the parameters reach the reducers and the simulator', () => {
  const library: Mantra[] = [{ id: 'calm/0', theme: 'calm', template: 'I breathe slowly and let the moment pass', difficulty: 'moderate', basePoints: 50 }];
  const base: EncounterContext = { algorithm: seedV2, mode: { kind: 'interval', hours: 4 }, timeZone: 'UTC', library, themes: ['calm'], favorites: [], names: { subject: 'I', controller: 'me' } };
  const T0 = Date.parse('2026-03-02T06:00:00Z');

  /** Misses every mantra until delivery turns itself off; the number of timeouts that took. */
  function missesUntilOff(ctx: EncounterContext): { misses: number; offeredAt: number | null } {
    const rng = createRng(1);
    let state: ProfileState = enroll(initialProfileState(), ctx, T0).state;
    let misses = 0;
    let offeredAt: number | null = null;
    while (state.enrolled && misses < 50) {
      const step: Step = due(state, ctx, state.nextDelivery ?? T0, rng);
      if (step.effects.some((e) => e.kind === 'log' && e.entry.type === 'timedOut')) misses += 1;
      if (offeredAt === null && step.effects.some((e) => e.kind === 'offerDisable')) offeredAt = misses;
      state = step.state;
    }
    return { misses, offeredAt };
  }

  it('encounter thresholds: offer and auto-disable follow ctx.params', () => {
    expect(missesUntilOff(base)).toEqual({ misses: ENCOUNTER.autoDisableAfter, offeredAt: ENCOUNTER.offerDisableAfter });
    expect(missesUntilOff({ ...base, params: parameters({ encounter: { offerDisableAfter: 2, autoDisableAfter: 4 } }) })).toEqual({ misses: 4, offeredAt: 2 });
  });

  it('enrollment delay, matching, points and favorite weight follow the parameters', () => {
    const p = parameters({ encounter: { enrollmentDelayMs: 5_000 }, match: { minSimilarity: 0.99 }, points: { fastBonus: 1 }, favoriteWeight: 1000 });
    expect(enroll(initialProfileState(), { ...base, params: p }, T0).state.nextDelivery).toBe(T0 + 5_000);
    expect(matchAnswer('I breathe slowly and let the moment pass', 'I breathe slowly and let the moment pas').matches).toBe(true);
    expect(matchAnswer('I breathe slowly and let the moment pass', 'I breathe slowly and let the moment pas', p.match).matches).toBe(false);
    expect(scoreAnswer({ basePoints: 50, responseMs: 1_000, streakBefore: 0 }, { points: p.points, fastAnswerMs: p.frequency.fastAnswerMs }).points).toBe(100);
    const two: Mantra[] = [library[0]!, { ...library[0]!, id: 'calm/1', template: 'Second' }];
    const rng = createRng(3);
    const picks = Array.from({ length: 200 }, () => selectMantra(two, { themes: ['calm'], favorites: ['Second'], avoidTemplate: null, favoriteWeight: p.favoriteWeight }, rng)?.template);
    expect(picks.filter((t) => t === 'Second').length).toBeGreaterThan(190);
  });

  it('the learner and the frequency controller are built from the parameters', () => {
    const faster = algorithmsWith(parameters({ learner: { learningRate: 0.5 }, frequency: { decrease: 0.5 } }))['seed-v2']!.algorithm;
    expect(faster.learner.onAnswer(Array(24).fill(0.5), 9, [])[9]).toBe(0.75);
    expect(seedV2.learner.onAnswer(Array(24).fill(0.5), 9, [])[9]).toBe(0.6);
    expect(faster.frequency.next(2, { kind: 'timeout' })).toBe(1);
  });

  it('the simulator runs with varied parameters, and the same ones give the same run', () => {
    const file = parseArchetypeFile(JSON.parse(readFileSync(join(import.meta.dirname, '../../../data/archetypes.json'), 'utf8')));
    if (!file.ok) throw new Error(file.errors.join('; '));
    const archetype = file.archetypes[0]!;
    const shipped = simulate({ archetype, algorithm: 'seed-v2', seed: 1, days: 20 });
    const varied = simulate({ archetype, algorithm: 'seed-v2', seed: 1, days: 20, params: { learner: { learningRate: 0.5 } } });
    expect(varied.finalCurve).not.toEqual(shipped.finalCurve);
    expect(simulate({ archetype, algorithm: 'seed-v2', seed: 1, days: 20, params: {} })).toEqual(shipped);
  });
});
