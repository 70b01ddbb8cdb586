import { describe, expect, it } from 'vitest';
import * as mantra from '../../../shared/index.js';

// The examples in shared/index.ts's doc comments, run: the public face must not say what is not so.
describe('shared/index.ts examples', () => {
  it('parameters, matching, points, zones and the rng do what the examples say', () => {
    const p = mantra.parameters({ learner: { learningRate: 0.3 }, encounter: { autoDisableAfter: 10 } });
    expect(p.learner.floor).toBe(0.1);
    expect(mantra.matchAnswer('I finish what I start', 'i finish what i strat').matches).toBe(true);
    expect(mantra.matchAnswer('I can rest now', 'I cannot rest now').matches).toBe(false);
    expect(mantra.scoreAnswer({ basePoints: 50, responseMs: 60_000, streakBefore: 2 }).points).toBe(85);
    expect(mantra.hourOf(Date.parse('2026-03-02T12:30:00Z'), 'America/New_York')).toBe(7);
    expect(mantra.createRng(42).next()).toBe(mantra.createRng(42).next());
    expect(mantra.profileSettingsPatchSchema.safeParse({ intervalHours: 30 }).success).toBe(false);
  });

  it('the encounter example delivers and accepts the typed-back mantra', () => {
    const now = Date.parse('2026-03-02T08:00:00Z');
    const ctx: mantra.EncounterContext = {
      algorithm: mantra.defaultAlgorithm,
      mode: { kind: 'adaptive' },
      timeZone: 'Europe/Berlin',
      library: mantra.DEFAULT_LIBRARY.mantras,
      themes: ['calm'],
      favorites: [],
      names: { subject: 'I', controller: 'my future self' },
    };
    let { state } = mantra.enroll(mantra.initialProfileState(), ctx, now);
    ({ state } = mantra.due(state, ctx, state.nextDelivery!, mantra.createRng(1)));
    const step = mantra.answer(state, ctx, { text: state.current!.text, channel: 'window' }, state.sent! + 60_000);
    const result = step.effects.find((e) => e.kind === 'answerResult');
    expect(result).toMatchObject({ verdict: { accepted: true, streak: 1 } });
  });
});
