import { afterEach, describe, expect, it } from 'vitest';
import { ENCOUNTER } from '../../shared/constants.js';
import type { DeliveryGate, GateContext } from '../../main/engine/engine.js';
import { openTestEngine, PROFILE, removeDir, settled, type TestEngine } from '../unit/main/engine-harness.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

/** A gate that holds while `away`; records every consultation. */
function testGate(): DeliveryGate & { away: boolean; asked: Array<{ profileId: string; onlyWhenPresent: boolean; now: number }> } {
  const gate = {
    away: false,
    asked: [] as Array<{ profileId: string; onlyWhenPresent: boolean; now: number }>,
    holds({ profileId, settings, at }: GateContext): boolean {
      gate.asked.push({ profileId, onlyWhenPresent: settings.onlyWhenPresent, now: at });
      return gate.away;
    },
  };
  return gate;
}

let open: TestEngine[] = [];
async function gated(options: Parameters<typeof openTestEngine>[0] = {}, { away = false } = {}) {
  const gate = testGate();
  gate.away = away;
  const t = await openTestEngine({ ...options, gate });
  open.push(t);
  return { ...t, gate };
}
afterEach(async () => {
  const engines = open;
  open = [];
  for (const t of engines) await t.engine.stop();
  for (const dir of new Set(engines.map((t) => t.dir))) removeDir(dir);
});

const types = (t: TestEngine) => t.store.readLog(PROFILE).map((e) => e.type);

describe('engine: the delivery gate', () => {
  it('a due delivery waits with no timer while the gate holds, and goes out once when it lets go and re-arms', async () => {
    const t = await gated();
    t.engine.updateSettings(PROFILE, { onlyWhenPresent: true });
    t.engine.enroll(PROFILE);
    const due = t.clock.now() + ENCOUNTER.enrollmentDelayMs;
    t.gate.away = true;
    t.clock.advanceTo(due + 10 * MIN);
    await settled(t);
    expect(t.channel.of('deliver')).toHaveLength(0);
    expect(t.gate.asked).toEqual([{ profileId: PROFILE, onlyWhenPresent: true, now: due }]);
    expect(t.clock.pending()).toEqual([]);
    expect(t.engine.snapshot(PROFILE).status).toMatchObject({ kind: 'waiting', nextAt: due });
    expect(types(t)).toEqual(['enrolled']);

    t.engine.rearm('still away');
    expect(t.channel.of('deliver')).toHaveLength(0);
    expect(t.clock.pending()).toEqual([]);

    t.gate.away = false;
    t.clock.advanceBy(HOUR);
    t.engine.rearm('user back');
    t.engine.rearm('user back again');
    await settled(t);
    expect(t.channel.of('deliver')).toHaveLength(1);
    const after = t.engine.snapshot(PROFILE).state;
    expect(after.sent).toBe(t.clock.now());
    expect(t.clock.pending()).toEqual([after.nextDelivery]);
    expect(types(t)).toEqual(['enrolled', 'delivered']);
  });

  it('launch while away: a delivery that came due while stopped is held by engine.start() itself', async () => {
    const first = await gated();
    first.engine.updateSettings(PROFILE, { onlyWhenPresent: true });
    first.engine.enroll(PROFILE);
    const due = first.clock.now() + ENCOUNTER.enrollmentDelayMs;
    await first.engine.stop();
    first.clock.jump(due + 2 * HOUR);

    const t = await gated({ dir: first.dir, clock: first.clock }, { away: true }); // started
    await settled(t);
    expect(t.gate.asked).toEqual([{ profileId: PROFILE, onlyWhenPresent: true, now: due + 2 * HOUR }]);
    expect(t.channel.of('deliver')).toHaveLength(0);
    expect(t.clock.pending()).toEqual([]);
    expect(types(t)).toEqual(['enrolled']);

    t.gate.away = false;
    t.clock.advanceBy(5 * MIN);
    t.engine.rearm('user back');
    await settled(t);
    expect(t.channel.of('deliver')).toHaveLength(1);
    expect(t.engine.snapshot(PROFILE).state.sent).toBe(due + 2 * HOUR + 5 * MIN);
  });

  it('is asked only when a mantra would go out: not before the send time, not while paused', async () => {
    const t = await gated({}, { away: true });
    t.engine.enroll(PROFILE);
    const due = t.clock.now() + ENCOUNTER.enrollmentDelayMs;
    t.clock.advanceTo(due - 1);
    t.engine.rearm('resume');
    expect(t.gate.asked).toEqual([]);
    t.engine.pause(PROFILE, { indefinitely: true });
    t.clock.advanceBy(HOUR);
    t.engine.rearm('resume');
    expect(t.gate.asked).toEqual([]);
    expect(t.clock.pending()).toEqual([]);
  });

  it('a pause that ends while the user is away resumes on time; the delivery then waits for the gate', async () => {
    const t = await gated({}, { away: true });
    t.engine.enroll(PROFILE);
    const until = t.clock.now() + 30 * MIN;
    t.engine.pause(PROFILE, { minutes: 30 });
    t.clock.advanceTo(until + MIN);
    await settled(t);
    expect(types(t)).toEqual(['enrolled', 'paused', 'resumed']);
    expect(t.gate.asked).toHaveLength(1);
    expect(t.channel.of('deliver')).toHaveLength(0);
    expect(t.clock.pending()).toEqual([]);
    t.gate.away = false;
    t.engine.rearm('user back');
    await settled(t);
    expect(t.channel.of('deliver')).toHaveLength(1);
  });

  it('"deliver now" is never held: nothing due asks the gate, and it sends even while a held delivery waits', async () => {
    const t = await gated({}, { away: true });
    t.engine.enroll(PROFILE);
    t.engine.deliverNow(PROFILE);
    await settled(t);
    expect(t.channel.of('deliver')).toHaveLength(1);
    expect(t.gate.asked).toEqual([]);

    t.engine.skip(PROFILE);
    const due = t.engine.snapshot(PROFILE).state.nextDelivery!;
    t.clock.advanceTo(due);
    expect(t.gate.asked).toHaveLength(1);
    expect(t.channel.of('deliver')).toHaveLength(1);
    t.engine.deliverNow(PROFILE);
    await settled(t);
    expect(t.channel.of('deliver')).toHaveLength(2);
    expect(t.engine.snapshot(PROFILE).state.sent).toBe(due);
    expect(t.clock.pending()).toEqual([t.engine.snapshot(PROFILE).state.nextDelivery]);
  });

  it('timeouts are not held: the deadline passes on time, and only the next mantra waits for the gate', async () => {
    const t = await gated();
    t.engine.enroll(PROFILE);
    const { state: out } = t.engine.deliverNow(PROFILE);
    const deadline = out.nextDelivery!;
    t.gate.away = true;
    t.clock.advanceTo(deadline + HOUR);
    await settled(t);
    expect(t.channel.of('settle')).toEqual([expect.objectContaining({ outcome: 'timedOut', mantra: out.current })]);
    expect(t.store.readLog(PROFILE).at(-1)).toMatchObject({ type: 'timedOut', at: deadline, failures: 1, next: deadline });
    expect(t.engine.snapshot(PROFILE).state).toMatchObject({ sent: null, current: null, nextDelivery: deadline, consecutiveFailures: 1 });
    expect(t.channel.of('deliver')).toHaveLength(1);
    expect(t.clock.pending()).toEqual([]);

    t.gate.away = false;
    t.engine.rearm('user back');
    await settled(t);
    expect(t.channel.of('deliver')).toHaveLength(2);
    expect(t.engine.snapshot(PROFILE).state.sent).toBe(deadline + HOUR);
  });

  it('a gate that lets go changes nothing: the delivery goes out on time', async () => {
    const t = await gated();
    t.engine.enroll(PROFILE);
    t.clock.advanceBy(ENCOUNTER.enrollmentDelayMs);
    await settled(t);
    expect(t.channel.of('deliver')).toHaveLength(1);
    expect(t.gate.asked).toHaveLength(1);
  });
});
