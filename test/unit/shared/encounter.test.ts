import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { seedV2 } from '../../../shared/algorithms.js';
import { ENCOUNTER, FREQUENCY } from '../../../shared/constants.js';
import { answer, deliverNow, due, enroll, nextWake, pause, replay, reschedule, resume, sendsNow, skip, unenroll, type EncounterContext, type Step } from '../../../shared/encounter.js';
import type { LogEntry } from '../../../shared/encounter-log.js';
import { createRng } from '../../../shared/random.js';
import { initialProfileState, type Mantra, type ProfileState } from '../../../shared/settings.js';

const H = 3_600_000;
const T0 = Date.parse('2026-03-02T06:00:00Z');
const library: Mantra[] = [
  { id: 'calm/0', theme: 'calm', template: 'I breathe slowly and let the moment pass', difficulty: 'moderate', basePoints: 50 },
  { id: 'focus/0', theme: 'focus', template: '{subject} finish what I start', difficulty: 'easy', basePoints: 25 },
];
const ctx: EncounterContext = {
  algorithm: seedV2,
  mode: { kind: 'interval', hours: 4 },
  timeZone: 'UTC',
  library,
  themes: ['calm'],
  favorites: [],
  names: { subject: 'I', controller: 'my future self' },
};
const rng = createRng(7);

const logged = (step: Step): LogEntry[] => step.effects.flatMap((e) => (e.kind === 'log' ? [e.entry] : []));
const kinds = (step: Step) => step.effects.map((e) => e.kind);

function enrolledAndDelivered(at = T0): ProfileState {
  const s1 = enroll(initialProfileState(), ctx, at - ENCOUNTER.enrollmentDelayMs).state;
  return due(s1, ctx, at, rng).state;
}

describe('enroll', () => {
  it('schedules the first delivery 30 s later and arms the timer there', () => {
    const step = enroll(initialProfileState(), ctx, T0);
    expect(step.state.enrolled).toBe(true);
    expect(step.state.nextDelivery).toBe(T0 + 30_000);
    expect(step.state.sent).toBeNull();
    expect(kinds(step)).toEqual(['log', 'save', 'arm']);
    expect(step.effects.at(-1)).toEqual({ kind: 'arm', at: T0 + 30_000 });
  });

  it('refuses a second enrollment and changes nothing', () => {
    const s = enroll(initialProfileState(), ctx, T0).state;
    const again = enroll(s, ctx, T0 + 1);
    expect(again.error).toBe('already enrolled');
    expect(again.state).toBe(s);
    expect(again.effects).toEqual([]);
  });
});

describe('waiting -> delivered (two timestamps)', () => {
  it('does nothing before nextDelivery except re-arm', () => {
    const s = enroll(initialProfileState(), ctx, T0).state;
    const step = due(s, ctx, T0 + 10_000, rng);
    expect(step.state).toBe(s);
    expect(kinds(step)).toEqual(['arm']);
  });

  it('at nextDelivery sends: sent = now, nextDelivery becomes the deadline; effects log, save, deliver, arm', () => {
    const s = enroll(initialProfileState(), ctx, T0 - 30_000).state;
    const step = due(s, ctx, T0, rng);
    expect(step.state.sent).toBe(T0);
    expect(step.state.nextDelivery).toBe(T0 + 4 * H);
    expect(step.state.current?.theme).toBe('calm');
    expect(kinds(step)).toEqual(['log', 'save', 'deliver', 'arm']);
    const [entry] = logged(step);
    expect(entry).toMatchObject({ type: 'delivered', at: T0, deadline: T0 + 4 * H, hour: 6 });
  });
});

describe('answer', () => {
  it('a matching answer learns, raises frequency, scores, and schedules from now', () => {
    const s = enrolledAndDelivered();
    const at = T0 + 3 * H + 5 * 60_000; // 09:05, slower than 2 min
    const step = answer(s, ctx, { text: 'i breathe slowly, and let the moment pass!', channel: 'window' }, at);
    expect(step.error).toBeUndefined();
    const entry = logged(step)[0];
    expect(entry).toMatchObject({ type: 'answered', hour: 9, missedHours: [6, 7, 8], responseMs: 3 * H + 5 * 60_000, channel: 'window' });
    expect(step.state.curve[9]).toBeCloseTo(0.6, 10);
    expect(step.state.curve[6]).toBeCloseTo(0.475, 10);
    expect(step.state.frequency).toBeCloseTo(FREQUENCY.initial * FREQUENCY.increaseNormal, 10);
    expect(step.state.sent).toBeNull();
    expect(step.state.nextDelivery).toBe(T0 + 4 * H); // interval keeps its rhythm: the deadline stays the next send time
    expect(step.state.streak).toBe(1);
    expect(step.state.points).toBeGreaterThanOrEqual(50);
    expect(kinds(step)).toEqual(['log', 'save', 'settle', 'answerResult', 'arm']);
  });

  it('in adaptive mode an answer re-plans from now with the learned curve', () => {
    const adaptive = { ...ctx, mode: { kind: 'adaptive' as const } };
    const s1 = enroll(initialProfileState(), adaptive, T0 - 30_000).state;
    const s = due(s1, adaptive, T0, rng).state;
    const at = T0 + 30 * 60_000;
    const step = answer(s, adaptive, { text: s.current!.text, channel: 'window' }, at);
    // Hour 6 learned up to 0.6, frequency now 1.05: the mass from the answer to the next send is sum / 1.05.
    const target = (23 * 0.5 + 0.6) / 1.05;
    expect(step.state.nextDelivery).toBeGreaterThan(at);
    const massUntil = (t: number) => {
      let mass = 0;
      for (let x = at; x < t; x += 60_000) mass += (step.state.curve[new Date(x).getUTCHours()]! * 60_000) / H;
      return mass;
    };
    expect(massUntil(step.state.nextDelivery!)).toBeCloseTo(target, 1);
  });

  it('an answer within 2 minutes raises frequency by 10%', () => {
    const s = enrolledAndDelivered();
    const step = answer(s, ctx, { text: s.current!.text, channel: 'window' }, T0 + 60_000);
    expect(step.state.frequency).toBeCloseTo(1.1, 10);
    expect(logged(step)[0]).toMatchObject({ missedHours: [] });
  });

  it('a different sentence is not an answer: verdict only, state unchanged', () => {
    const s = enrolledAndDelivered();
    const step = answer(s, ctx, { text: 'I finish what I start', channel: 'window' }, T0 + 60_000);
    expect(step.state).toBe(s);
    expect(step.effects).toHaveLength(1);
    expect(step.effects[0]).toMatchObject({ kind: 'answerResult', verdict: { accepted: false } });
  });

  it('is refused when nothing is out, or after the deadline', () => {
    const waiting = enroll(initialProfileState(), ctx, T0).state;
    expect(answer(waiting, ctx, { text: 'x', channel: 'window' }, T0).error).toMatch(/no mantra is waiting/);
    const s = enrolledAndDelivered();
    expect(answer(s, ctx, { text: s.current!.text, channel: 'window' }, T0 + 4 * H).error).toMatch(/expired/);
  });
});

describe('timeout', () => {
  it('penalizes every hour of the window once, lowers frequency, counts the failure', () => {
    const s = enrolledAndDelivered();
    const step = due(s, ctx, T0 + 4 * H, rng);
    expect(logged(step)[0]).toMatchObject({ type: 'timedOut', missedHours: [6, 7, 8, 9], failures: 1 });
    expect(step.state.curve[6]).toBeCloseTo(0.4, 10);
    expect(step.state.curve[10]).toBe(0.5);
    expect(step.state.frequency).toBeCloseTo(0.9, 10);
    expect(step.state.consecutiveFailures).toBe(1);
  });

  it('the deadline was also the next send time: the next mantra goes out in the same step', () => {
    const s = enrolledAndDelivered();
    const step = due(s, ctx, T0 + 4 * H, rng);
    expect(logged(step).map((e) => e.type)).toEqual(['timedOut', 'delivered']);
    expect(step.state.sent).toBe(T0 + 4 * H);
    expect(step.state.nextDelivery).toBe(T0 + 8 * H);
    expect(kinds(step)).toEqual(['log', 'log', 'save', 'settle', 'deliver', 'arm']);
  });

  it('fixed times: a missed 09:00 mantra does not swallow the 14:00 one', () => {
    const fixed = { ...ctx, mode: { kind: 'fixed' as const, times: ['09:00', '14:00', '19:00'] } };
    const nine = Date.parse('2026-03-02T09:00:00Z');
    let s = enroll(initialProfileState(), fixed, nine - 30_000).state;
    s = due(s, fixed, nine, rng).state;
    expect(s.nextDelivery).toBe(nine + 5 * H);
    const step = due(s, fixed, nine + 5 * H, rng);
    expect(logged(step).map((e) => e.type)).toEqual(['timedOut', 'delivered']);
    expect(step.state.sent).toBe(nine + 5 * H);
    expect(step.state.nextDelivery).toBe(nine + 10 * H);
    const answered = answer(step.state, fixed, { text: step.state.current!.text, channel: 'window' }, nine + 6 * H);
    expect(answered.state.nextDelivery).toBe(nine + 10 * H);
  });

  it('handled late (machine asleep for 3 days) is one timeout over the window as it was', () => {
    const s = enrolledAndDelivered();
    const late = T0 + 72 * H;
    const step = due(s, ctx, late, rng);
    expect(logged(step).map((e) => e.type)).toEqual(['timedOut', 'delivered']);
    expect(logged(step)[0]).toMatchObject({ type: 'timedOut', missedHours: [6, 7, 8, 9] });
    expect(step.state.sent).toBe(late);
    expect(step.state.nextDelivery).toBe(late + 4 * H);
  });

  it('offers to disable from 3 misses in a row and disables at 8; an answer resets the count', () => {
    let s = enrolledAndDelivered();
    let t = T0;
    const offers: number[] = [];
    let disabledAt = 0;
    for (let i = 1; i <= 8; i++) {
      t = s.nextDelivery!;
      const step = due(s, ctx, t, rng); // timeout, and the next delivery unless turned off
      if (step.effects.some((e) => e.kind === 'offerDisable')) offers.push(i);
      if (step.effects.some((e) => e.kind === 'disabled')) disabledAt = i;
      s = step.state;
    }
    expect(offers).toEqual([3, 4, 5, 6, 7]);
    expect(disabledAt).toBe(8);
    expect(s.enrolled).toBe(false);
    expect(s.disabledReason).toBe('failures');
    expect(nextWake(s)).toBeNull();

    let r = enrolledAndDelivered();
    r = due(r, ctx, r.nextDelivery!, rng).state;
    expect(r.consecutiveFailures).toBe(1);
    r = answer(r, ctx, { text: r.current!.text, channel: 'window' }, r.sent! + 1000).state;
    expect(r.consecutiveFailures).toBe(0);
  });
});

describe("held (the engine's delivery gate: the user is away)", () => {
  it('sendsNow: a send time that came or a deadline that passed, not before, not paused, not off', () => {
    const waiting = enroll(initialProfileState(), ctx, T0 - 30_000).state;
    expect(sendsNow(waiting, T0 - 1)).toBe(false);
    expect(sendsNow(waiting, T0)).toBe(true);
    const out = enrolledAndDelivered();
    expect(sendsNow(out, T0 + 4 * H - 1)).toBe(false);
    expect(sendsNow(out, T0 + 4 * H)).toBe(true);
    expect(sendsNow(pause(waiting, ctx, T0 + H, T0 - 1).state, T0 + 2 * H)).toBe(false); // the resume comes first
    expect(sendsNow(pause(waiting, ctx, null, T0 - 1).state, T0)).toBe(false);
    expect(sendsNow(initialProfileState(), T0)).toBe(false);
  });

  it('a due send time stays due: nothing logged, sent, or armed', () => {
    const s = enroll(initialProfileState(), ctx, T0 - 30_000).state;
    const step = due(s, ctx, T0 + H, rng, true);
    expect(step.state).toBe(s);
    expect(step.effects).toEqual([]);
    expect(sendsNow(step.state, T0 + H)).toBe(true);
  });

  it('a passed deadline still times out on time; the next mantra waits, due at once, with no timer', () => {
    const s = enrolledAndDelivered();
    const step = due(s, ctx, T0 + 4 * H, rng, true);
    expect(logged(step)).toEqual([expect.objectContaining({ type: 'timedOut', missedHours: [6, 7, 8, 9], failures: 1, next: T0 + 4 * H })]);
    expect(kinds(step)).toEqual(['log', 'save', 'settle']);
    expect(step.state).toMatchObject({ sent: null, current: null, nextDelivery: T0 + 4 * H, consecutiveFailures: 1 });
    const later = due(step.state, ctx, T0 + 6 * H, rng);
    expect(logged(later)).toEqual([expect.objectContaining({ type: 'delivered', at: T0 + 6 * H, deadline: T0 + 10 * H })]);
  });

  it('held or not, misses still offer to disable and turn delivery off', () => {
    let s = enrolledAndDelivered();
    const seen: string[] = [];
    for (let i = 1; i <= 8 && s.enrolled; i++) {
      const t = s.nextDelivery!;
      const step = due(s, ctx, t, rng, true);
      seen.push(...step.effects.filter((e) => e.kind === 'offerDisable' || e.kind === 'disabled').map((e) => `${i}:${e.kind}`));
      s = i < 8 ? due(step.state, ctx, t, rng).state : step.state; // the user came back: the held mantra goes out
    }
    expect(seen).toEqual(['3:offerDisable', '4:offerDisable', '5:offerDisable', '6:offerDisable', '7:offerDisable', '8:disabled']);
    expect(s).toMatchObject({ enrolled: false, disabledReason: 'failures' });
  });

  it('the held log replays to the same state', () => {
    const s0 = enroll(initialProfileState(), ctx, T0 - 30_000);
    const s1 = due(s0.state, ctx, T0, rng);
    const s2 = due(s1.state, ctx, T0 + 4 * H, rng, true);
    const entries = [s0, s1, s2].flatMap(logged);
    expect(replay(initialProfileState(), entries, ctx.algorithm.learner)).toEqual(s2.state);
  });
});

describe('a delivery missed while the machine was off', () => {
  it('is sent once, not once per missed slot', () => {
    const s = enroll(initialProfileState(), ctx, T0).state;
    const step = due(s, ctx, T0 + 72 * H, rng);
    expect(logged(step).map((e) => e.type)).toEqual(['delivered']);
    expect(step.state.nextDelivery).toBe(T0 + 76 * H);
  });
});

describe('deliver now, skip, pause, resume, unenroll, reschedule', () => {
  it('deliver now sends at once; refused while a mantra is out or when not enrolled', () => {
    const s = enroll(initialProfileState(), ctx, T0).state;
    const step = deliverNow(s, ctx, T0 + 1, rng);
    expect(step.state.sent).toBe(T0 + 1);
    expect(deliverNow(step.state, ctx, T0 + 2, rng).error).toMatch(/already waiting/);
    expect(deliverNow(initialProfileState(), ctx, T0, rng).error).toMatch(/enroll first/);
  });

  it('skip closes an out mantra without learning', () => {
    const s = enrolledAndDelivered();
    const step = skip(s, ctx, T0 + H);
    expect(step.state.curve).toEqual(s.curve);
    expect(step.state.sent).toBeNull();
    expect(step.state.consecutiveFailures).toBe(0);
    expect(step.state.nextDelivery).toBe(T0 + 4 * H);
  });

  it('skip while waiting skips the coming delivery', () => {
    const s = enroll(initialProfileState(), ctx, T0).state;
    expect(skip(s, ctx, T0).state.nextDelivery).toBe(T0 + 30_000 + 4 * H);
  });

  it('a timed pause holds deliveries and auto-resumes; a due send after it is delivered once', () => {
    const s = enroll(initialProfileState(), ctx, T0).state;
    const paused = pause(s, ctx, T0 + 2 * H, T0).state;
    expect(nextWake(paused)).toBe(T0 + 2 * H);
    expect(due(paused, ctx, T0 + H, rng).state).toBe(paused);
    const resumed = due(paused, ctx, T0 + 2 * H, rng).state;
    expect(resumed.pausedUntil).toBeNull();
    const delivered = due(resumed, ctx, nextWake(resumed)!, rng);
    expect(logged(delivered).map((e) => e.type)).toEqual(['delivered']);
  });

  it('an indefinite pause never wakes until resumed; pausing closes an out mantra', () => {
    const s = enrolledAndDelivered();
    const step = pause(s, ctx, null, T0 + H);
    expect(logged(step).map((e) => e.type)).toEqual(['skipped', 'paused']);
    expect(nextWake(step.state)).toBeNull();
    expect(due(step.state, ctx, T0 + 100 * H, rng).effects).toEqual([]);
    const back = resume(step.state, ctx, T0 + 100 * H);
    expect(back.state.pausedIndefinitely).toBe(false);
    expect(nextWake(back.state)).toBeGreaterThan(T0 + 100 * H);
    expect(resume(back.state, ctx, T0 + 101 * H).error).toBe('not paused');
  });

  it('a pause must end in the future', () => {
    const s = enroll(initialProfileState(), ctx, T0).state;
    expect(pause(s, ctx, T0, T0).error).toMatch(/future/);
  });

  it('unenroll turns delivery off and settles an out mantra', () => {
    const s = enrolledAndDelivered();
    const step = unenroll(s, ctx, T0 + 1);
    expect(step.state.enrolled).toBe(false);
    expect(step.state.disabledReason).toBe('user');
    expect(kinds(step)).toContain('settle');
    expect(nextWake(step.state)).toBeNull();
  });

  it('reschedule recomputes a waiting send time but keeps an out deadline', () => {
    const s = enroll(initialProfileState(), ctx, T0).state;
    const moved = reschedule(s, { ...ctx, mode: { kind: 'interval', hours: 1 } }, T0, 'mode changed');
    expect(moved.state.nextDelivery).toBe(T0 + H);
    const out = enrolledAndDelivered();
    expect(reschedule(out, ctx, T0, 'mode changed').effects).toEqual([]);
  });
});

describe('replay: the log is the truth', () => {
  it('replaying the logged entries of any run rebuilds the exact state', () => {
    const action = fc.constantFrom('due', 'answer', 'wrong', 'skip', 'pause', 'resume', 'deliverNow', 'unenroll', 'enroll');
    fc.assert(
      fc.property(fc.array(fc.tuple(action, fc.integer({ min: 1, max: 20 * 60 })), { maxLength: 40 }), fc.integer(), (actions, seed) => {
        const r = createRng(seed);
        let state = initialProfileState();
        let now = T0;
        const log: LogEntry[] = [];
        const run = (step: Step) => {
          log.push(...logged(step));
          state = step.state;
        };
        run(enroll(state, ctx, now));
        for (const [a, minutes] of actions) {
          now += minutes * 60_000;
          if (a === 'due') run(due(state, ctx, now, r));
          else if (a === 'answer' && state.current) run(answer(state, ctx, { text: state.current.text, channel: 'window' }, now));
          else if (a === 'wrong') run(answer(state, ctx, { text: 'something else entirely', channel: 'window' }, now));
          else if (a === 'skip') run(skip(state, ctx, now));
          else if (a === 'pause') run(pause(state, ctx, now + H, now));
          else if (a === 'resume') run(resume(state, ctx, now));
          else if (a === 'deliverNow') run(deliverNow(state, ctx, now, r));
          else if (a === 'unenroll') run(unenroll(state, ctx, now));
          else if (a === 'enroll') run(enroll(state, ctx, now));
        }
        expect(replay(initialProfileState(), log, ctx.algorithm.learner)).toEqual(state);
      }),
      { numRuns: 200 },
    );
  });
});
