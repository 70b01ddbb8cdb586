import { afterEach, describe, expect, it } from 'vitest';
import { ENCOUNTER } from '../../shared/constants.js';
import { ApiError, type ApiEvent } from '../../shared/api.js';
import { nextFixed } from '../../shared/schedule.js';
import { openTestEngine, PROFILE, removeDir, settled, type TestEngine } from '../unit/main/engine-harness.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

let open: TestEngine[] = [];
async function engineAt(options: Parameters<typeof openTestEngine>[0] = {}): Promise<TestEngine> {
  const t = await openTestEngine(options);
  open.push(t);
  return t;
}
afterEach(async () => {
  const engines = open;
  open = [];
  for (const t of engines) await t.engine.stop();
  for (const dir of new Set(engines.map((t) => t.dir))) removeDir(dir);
});

const state = (t: TestEngine) => t.engine.snapshot(PROFILE).state;

describe('engine: enroll -> deliver -> answer -> next delivery', () => {
  it('delivers 30 s after enrolling, takes the answer, and arms the next delivery', async () => {
    const t = await engineAt();
    const t0 = t.clock.now();
    t.engine.enroll(PROFILE);
    expect(t.clock.pending()).toEqual([t0 + ENCOUNTER.enrollmentDelayMs]);

    t.clock.advanceBy(ENCOUNTER.enrollmentDelayMs - 1);
    await settled(t);
    expect(t.channel.of('deliver')).toHaveLength(0);

    t.clock.advanceBy(1);
    await settled(t);
    const [delivered] = t.channel.of('deliver');
    expect(delivered?.mantra.text).toBeTruthy();
    expect(state(t)).toMatchObject({ sent: t0 + ENCOUNTER.enrollmentDelayMs, current: delivered?.mantra });
    expect(t.clock.pending()).toEqual([delivered?.deadline]);

    t.clock.advanceBy(90_000);
    const verdict = t.engine.answer(PROFILE, delivered!.mantra.text.toUpperCase(), 'window');
    expect(verdict).toMatchObject({ accepted: true, streak: 1 });
    await settled(t);
    expect(t.channel.of('settle')).toEqual([expect.objectContaining({ outcome: 'answered', answeredOn: 'window' })]);
    expect(t.channel.of('answerResult')[0]?.verdict.accepted).toBe(true);
    const after = state(t);
    expect(after).toMatchObject({ sent: null, current: null, answered: 1, streak: 1 });
    expect(after.points).toBeGreaterThan(0);
    expect(after.nextDelivery).toBeGreaterThan(t.clock.now());
    expect(t.clock.pending()).toEqual([after.nextDelivery]);

    t.clock.advanceTo(after.nextDelivery!);
    await settled(t);
    expect(t.channel.of('deliver')).toHaveLength(2);
    expect(t.store.readLog(PROFILE).map((e) => e.type)).toEqual(['enrolled', 'delivered', 'answered', 'delivered']);
  });

  it('a wrong answer is a verdict, not a state change; an answer with nothing out is refused', async () => {
    const t = await engineAt();
    t.engine.enroll(PROFILE);
    expect(() => t.engine.answer(PROFILE, 'anything', 'window')).toThrow(ApiError);
    t.engine.deliverNow(PROFILE);
    const before = state(t);
    expect(t.engine.answer(PROFILE, 'completely different words here', 'discord')).toMatchObject({ accepted: false });
    expect(state(t)).toEqual(before);
  });

  it('emits snapshot, delivered and answer events', async () => {
    const t = await engineAt();
    const events: ApiEvent['type'][] = [];
    t.engine.subscribe((id, e) => id === PROFILE && events.push(e.type));
    t.engine.enroll(PROFILE);
    const snap = t.engine.deliverNow(PROFILE);
    expect(snap.status.kind).toBe('pending');
    t.engine.answer(PROFILE, snap.state.current!.text, 'window');
    expect(events).toEqual(['snapshot', 'delivered', 'snapshot', 'answer', 'snapshot']);
  });
});

describe('engine: deliver -> timeout', () => {
  it('times out once at the deadline, learns, settles the channel and sends the next mantra at once', async () => {
    const t = await engineAt();
    t.engine.enroll(PROFILE);
    const { state: out } = t.engine.deliverNow(PROFILE);
    const deadline = out.nextDelivery!;
    t.clock.advanceTo(deadline - 1);
    await settled(t);
    expect(t.channel.of('settle')).toHaveLength(0);
    t.clock.advanceTo(deadline);
    await settled(t);
    // The deadline was also the next send time (seed): the miss and the next delivery are one step.
    const log = t.store.readLog(PROFILE);
    expect(log.slice(-2)).toMatchObject([
      { type: 'timedOut', at: deadline, failures: 1, next: deadline },
      { type: 'delivered', at: deadline },
    ]);
    expect(t.channel.of('settle')).toEqual([expect.objectContaining({ outcome: 'timedOut', mantra: out.current })]);
    expect(t.channel.of('deliver')).toHaveLength(2);
    const now = state(t);
    expect(now).toMatchObject({ sent: deadline, consecutiveFailures: 1, streak: 0 });
    expect(now.current?.template).not.toBe(out.current?.template);
    expect(now.frequency).toBeLessThan(1);
    expect(t.clock.pending()).toEqual([now.nextDelivery]);
    // The expired text is judged against the mantra now out, and does not match it.
    expect(t.engine.answer(PROFILE, out.current!.text, 'window').accepted).toBe(false);
  });

  it('offers to disable after 3 misses and turns delivery off after 8', async () => {
    const t = await engineAt({ start: Date.UTC(2026, 5, 1, 10, 0) });
    t.engine.enroll(PROFILE);
    t.clock.advanceTo(t.clock.pending()[0]!); // the first delivery
    for (let i = 0; i < ENCOUNTER.autoDisableAfter; i++) t.clock.advanceTo(t.clock.pending()[0]!); // a miss (and the next delivery)
    await settled(t);
    expect(t.channel.of('offerDisable').map((c) => c.failures)).toEqual([3, 4, 5, 6, 7]);
    expect(t.channel.of('deliver')).toHaveLength(ENCOUNTER.autoDisableAfter);
    expect(t.engine.snapshot(PROFILE).status).toEqual({ kind: 'disabled', reason: 'failures' });
    expect(t.clock.pending()).toEqual([]);
  });
});

describe('engine: pause and resume', () => {
  it('pause for minutes holds delivery and resumes by itself', async () => {
    const t = await engineAt();
    t.engine.enroll(PROFILE);
    const snap = t.engine.pause(PROFILE, { minutes: 90 });
    expect(snap.status).toEqual({ kind: 'paused', until: t.clock.now() + 90 * MIN });
    expect(t.clock.pending()).toEqual([t.clock.now() + 90 * MIN]);
    t.clock.advanceBy(89 * MIN);
    await settled(t);
    expect(t.channel.of('deliver')).toHaveLength(0);
    t.clock.advanceBy(MIN);
    await settled(t);
    expect(t.store.readLog(PROFILE).map((e) => e.type)).toContain('resumed');
    expect(t.engine.snapshot(PROFILE).status.kind).toBe('waiting');
    t.clock.advanceTo(t.clock.pending()[0]!);
    await settled(t);
    expect(t.channel.of('deliver')).toHaveLength(1);
  });

  it('pause until tomorrow ends at the next local 07:00 and closes the mantra that was out', async () => {
    const start = Date.UTC(2026, 5, 1, 20, 0); // 22:00 in Berlin
    const t = await engineAt({ start, timeZone: 'Europe/Berlin' });
    t.engine.enroll(PROFILE);
    t.engine.deliverNow(PROFILE);
    const snap = t.engine.pause(PROFILE, { until: 'tomorrow' });
    const seven = Date.UTC(2026, 5, 2, 5, 0); // 07:00 CEST
    expect(nextFixed(['07:00'], 'Europe/Berlin', start)).toBe(seven);
    expect(snap.status).toEqual({ kind: 'paused', until: seven });
    await settled(t);
    expect(t.channel.of('settle')).toEqual([expect.objectContaining({ outcome: 'skipped' })]);
    expect(t.clock.pending()[0]).toBeGreaterThanOrEqual(seven);
  });

  it('pause indefinitely disarms the timer until resumed by hand', async () => {
    const t = await engineAt();
    t.engine.enroll(PROFILE);
    expect(t.engine.pause(PROFILE, { indefinitely: true }).status).toEqual({ kind: 'paused', until: null });
    expect(t.clock.pending()).toEqual([]);
    t.clock.advanceBy(10 * DAY);
    await settled(t);
    expect(t.channel.of('deliver')).toHaveLength(0);
    const resumed = t.engine.resume(PROFILE);
    expect(resumed.status.kind).toBe('waiting');
    expect(t.clock.pending()).toHaveLength(1);
    expect(() => t.engine.resume(PROFILE)).toThrow(/not paused/);
  });
});

describe('engine: restart, clock jumps', () => {
  it('a new engine on the same directory continues an awaiting window and still takes the answer', async () => {
    const first = await engineAt();
    first.engine.enroll(PROFILE);
    const { state: out } = first.engine.deliverNow(PROFILE);
    await first.engine.stop();

    first.clock.advanceBy(10 * MIN);
    const second = await engineAt({ dir: first.dir, clock: first.clock });
    expect(second.engine.snapshot(PROFILE).status).toMatchObject({ kind: 'pending', deadline: out.nextDelivery });
    expect(second.clock.pending()).toEqual([out.nextDelivery]);
    expect(second.engine.answer(PROFILE, out.current!.text, 'window').accepted).toBe(true);
    expect(second.store.readLog(PROFILE).map((e) => e.type)).toEqual(['enrolled', 'delivered', 'answered']);
  });

  it('after a 3-day jump, a passed send time gives one delivery, not a burst', async () => {
    const t = await engineAt();
    t.engine.enroll(PROFILE);
    t.engine.updateSettings(PROFILE, { mode: 'interval', intervalHours: 1 });
    t.clock.jump(t.clock.now() + 3 * DAY);
    t.engine.rearm('resume');
    await settled(t);
    expect(t.channel.of('deliver')).toHaveLength(1);
    expect(t.clock.pending()).toEqual([t.clock.now() + HOUR]);
    t.engine.rearm('resume again');
    await settled(t);
    expect(t.channel.of('deliver')).toHaveLength(1);
  });

  it('after a 3-day jump, a passed deadline is one timeout and one new delivery, not a burst', async () => {
    const t = await engineAt();
    t.engine.enroll(PROFILE);
    t.engine.updateSettings(PROFILE, { mode: 'interval', intervalHours: 2 });
    t.engine.deliverNow(PROFILE);
    const jumpTo = t.clock.now() + 3 * DAY;
    t.clock.jump(jumpTo);
    // The late timer fires after the jump: same as rearm.
    t.clock.advanceTo(jumpTo);
    t.engine.rearm('resume');
    await settled(t);
    const types = t.store.readLog(PROFILE).map((e) => e.type);
    expect(types.filter((x) => x === 'timedOut')).toHaveLength(1);
    expect(types.filter((x) => x === 'delivered')).toHaveLength(2);
    expect(state(t)).toMatchObject({ sent: jumpTo, nextDelivery: jumpTo + 2 * HOUR });
    expect(t.clock.pending()).toEqual([jumpTo + 2 * HOUR]);
  });

  it('an operation after an unseen jump catches up first: the expired mantra times out before the answer is judged', async () => {
    const t = await engineAt();
    t.engine.enroll(PROFILE);
    const { state: out } = t.engine.deliverNow(PROFILE);
    t.clock.jump(out.nextDelivery! + MIN);
    expect(t.engine.answer(PROFILE, out.current!.text, 'window').accepted).toBe(false);
    expect(t.store.readLog(PROFILE).filter((e) => e.type === 'timedOut')).toHaveLength(1);
    expect(state(t).sent).toBe(out.nextDelivery! + MIN);
  });
});

describe('engine: settings', () => {
  it('validates patches, refuses unknown themes, and reschedules on a mode change', async () => {
    const t = await engineAt();
    t.engine.enroll(PROFILE);
    expect(() => t.engine.updateSettings(PROFILE, { themes: ['no-such-theme'] })).toThrow(/unknown theme "no-such-theme"/);
    const snap = t.engine.updateSettings(PROFILE, { mode: 'fixed', fixedTimes: ['12:30'] });
    expect(snap.state.nextDelivery).toBe(Date.UTC(2026, 5, 1, 12, 30));
    expect(t.store.readLog(PROFILE).at(-1)).toMatchObject({ type: 'rescheduled', reason: 'mode adaptive -> fixed' });
    expect(t.clock.pending()).toEqual([Date.UTC(2026, 5, 1, 12, 30)]);
    const fav = t.engine.toggleFavorite(PROFILE, 'One thing at a time.');
    expect(fav.settings.favorites).toEqual(['One thing at a time.']);
    expect(t.engine.toggleFavorite(PROFILE, 'One thing at a time.').settings.favorites).toEqual([]);
  });

  it('a failing channel is logged and does not stop the others', async () => {
    const t = await engineAt({ channels: [{ name: 'broken', deliver: async () => Promise.reject(new Error('backend down')) }] });
    t.engine.enroll(PROFILE);
    t.engine.deliverNow(PROFILE);
    await settled(t);
    expect(t.channel.of('deliver')).toHaveLength(1);
    expect(t.logger.lines.some((l) => l.includes('channel "broken" failed to deliver') && l.includes('backend down'))).toBe(true);
  });
});
