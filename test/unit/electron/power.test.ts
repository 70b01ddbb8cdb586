import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ENCOUNTER } from '../../../shared/constants.js';
import { PROFILE } from '../main/engine-harness.js';
import { powerMonitor, resetFake, fake } from './electron-fake.js';
import { openGatedEngine, type GatedEngine } from './gated-engine.js';

vi.mock('electron', () => import('./electron-fake.js'));
const { reactTo, watchPower, systemIdleState } = await import('../../../main/hosts/electron/power.js');

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function recorder() {
  const log: string[] = [];
  return { log, r: { rearm: (reason: string) => void log.push(`rearm:${reason}`), userActive: () => void log.push('userActive'), shutdown: () => void log.push('shutdown') } };
}

beforeEach(() => resetFake());

describe('what each power signal does', () => {
  it('suspend, resume, lock and unlock re-arm; unlock and becoming active tell the presence gate; shutdown stops', () => {
    const { log, r } = recorder();
    for (const e of ['suspend', 'resume', 'lock-screen', 'unlock-screen', 'user-did-become-active', 'shutdown'] as const) reactTo(e, r);
    expect(log).toEqual(['rearm:suspend', 'rearm:resume', 'rearm:lock-screen', 'userActive', 'rearm:unlock-screen', 'userActive', 'shutdown']);
  });

  it('watchPower listens to powerMonitor and stops listening', () => {
    const { log, r } = recorder();
    const stop = watchPower(r);
    powerMonitor.emit('suspend');
    powerMonitor.emit('resume');
    powerMonitor.emit('unlock-screen');
    stop();
    powerMonitor.emit('resume');
    expect(log).toEqual(['rearm:suspend', 'rearm:resume', 'userActive', 'rearm:unlock-screen']);
    expect(powerMonitor.eventNames()).toEqual([]);
  });

  it('the idle state comes from powerMonitor with the threshold in seconds', () => {
    const spy = vi.spyOn(powerMonitor, 'getSystemIdleState');
    fake.idleState = 'locked';
    expect(systemIdleState(300)).toBe('locked');
    expect(spy).toHaveBeenCalledWith(300);
  });
});

describe('re-arming a real engine after sleep', () => {
  let t: GatedEngine;
  beforeEach(async () => {
    t = await openGatedEngine();
    t.engine.updateSettings(PROFILE, { mode: 'interval', intervalHours: 1 });
    t.engine.enroll(PROFILE);
  });
  afterEach(async () => t.close());

  it('a machine that slept through deliveries gets one on resume, not a burst', async () => {
    const { r } = recorder();
    const stop = watchPower({ ...r, rearm: (reason) => t.engine.rearm(reason) });
    powerMonitor.emit('suspend');
    // Asleep for three days: no timer ran.
    t.clock.jump(t.clock.now() + 3 * DAY);
    powerMonitor.emit('resume');
    await t.engine.channelsIdle();
    expect(t.mirror.of('deliver')).toHaveLength(1);
    const state = t.engine.snapshot(PROFILE).state;
    expect(state.sent).toBe(t.clock.now());
    expect(t.clock.pending()).toEqual([state.nextDelivery]);
    // Unlocking right after changes nothing: the work is done.
    powerMonitor.emit('unlock-screen');
    await t.engine.channelsIdle();
    expect(t.mirror.of('deliver')).toHaveLength(1);
    stop();
  });

  it('a deadline slept through is one timeout on resume', async () => {
    t.clock.advanceBy(ENCOUNTER.enrollmentDelayMs);
    await t.engine.channelsIdle();
    expect(t.mirror.of('deliver')).toHaveLength(1);
    const stop = watchPower({ ...recorder().r, rearm: (reason) => t.engine.rearm(reason) });
    t.clock.jump(t.clock.now() + 2 * DAY);
    powerMonitor.emit('resume');
    await t.engine.channelsIdle();
    expect(t.mirror.of('settle')).toEqual([expect.objectContaining({ outcome: 'timedOut' })]);
    expect(t.clock.pending()).toHaveLength(1);
    stop();
  });
});
