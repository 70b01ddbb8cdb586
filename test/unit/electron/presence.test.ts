import { afterEach, describe, expect, it } from 'vitest';
import { ENCOUNTER } from '../../../shared/constants.js';
import { PROFILE } from '../main/engine-harness.js';
import { openGatedEngine, type GatedEngine } from './gated-engine.js';
import { DISCORD_OFF } from './shell-fixtures.js';
import { PresenceGate } from '../../../main/hosts/electron/presence.js';
import { createRecordingLogger } from '../../../main/logger.js';
import { defaultProfileSettings } from '../../../shared/settings.js';
import { channelContext } from '../main/channel-context.js';

const MIN = 60_000;
const open: GatedEngine[] = [];
async function gated(settings: { onlyWhenPresent?: boolean } = { onlyWhenPresent: true }): Promise<GatedEngine> {
  const t = await openGatedEngine();
  open.push(t);
  t.engine.updateSettings(PROFILE, { idleThresholdMinutes: 5, ...settings });
  t.engine.enroll(PROFILE);
  return t;
}
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
});

const status = (t: GatedEngine) => t.engine.snapshot(PROFILE).status.kind;
const due = (t: GatedEngine) => t.clock.now() + ENCOUNTER.enrollmentDelayMs;

describe('only deliver while I am at the computer', () => {
  it('while idle past the threshold a due delivery waits, and goes out once when the user is back', async () => {
    const t = await gated();
    t.idle = 'idle';
    t.clock.advanceTo(due(t) + 10 * MIN);
    await t.engine.channelsIdle();
    expect(t.mirror.of('deliver')).toHaveLength(0);
    expect(t.desktop.of('deliver')).toHaveLength(0);
    expect(status(t)).toBe('waiting');
    expect(t.clock.pending()).toEqual([]); // no timer: the gate re-arms the engine
    expect(t.polling()).toBe(true);

    t.poll(); // still idle: nothing
    await t.engine.channelsIdle();
    expect(t.mirror.of('deliver')).toHaveLength(0);

    t.idle = 'active';
    t.poll();
    t.poll();
    await t.engine.channelsIdle();
    expect(t.mirror.of('deliver')).toHaveLength(1);
    expect(t.desktop.of('deliver')).toHaveLength(1);
    expect(status(t)).toBe('pending');
    expect(t.engine.snapshot(PROFILE).state.sent).toBe(t.clock.now());
    expect(t.polling()).toBe(false);
  });

  it('a locked screen counts as away; unlocking lets the delivery go', async () => {
    const t = await gated();
    t.idle = 'locked';
    t.clock.advanceTo(due(t));
    expect(status(t)).toBe('waiting');
    t.idle = 'active';
    t.gate.check();
    await t.engine.channelsIdle();
    expect(t.mirror.of('deliver')).toHaveLength(1);
  });

  it('with the option off, idleness changes nothing', async () => {
    const t = await gated({ onlyWhenPresent: false });
    t.idle = 'idle';
    t.clock.advanceTo(due(t));
    await t.engine.channelsIdle();
    expect(t.desktop.of('deliver')).toHaveLength(1);
    expect(t.polling()).toBe(false);
  });

  it('with the Discord mirror on, the DM goes at once and the desktop waits for the user', async () => {
    const t = await gated();
    t.discord = { ...DISCORD_OFF, connection: 'connected', hasToken: true };
    t.idle = 'idle';
    t.clock.advanceTo(due(t));
    await t.engine.channelsIdle();
    expect(t.mirror.of('deliver')).toHaveLength(1);
    expect(t.desktop.of('deliver')).toHaveLength(0);
    expect(status(t)).toBe('pending');

    t.idle = 'active';
    t.poll();
    await t.engine.channelsIdle();
    expect(t.desktop.of('deliver')).toEqual([expect.objectContaining({ mantra: t.mirror.of('deliver')[0]!.mantra })]);
  });

  it('a mantra answered on Discord before the user is back never pops up on the desktop', async () => {
    const t = await gated();
    t.discord = { ...DISCORD_OFF, connection: 'connected', hasToken: true };
    t.idle = 'idle';
    t.clock.advanceTo(due(t));
    await t.engine.channelsIdle();
    const mantra = t.mirror.of('deliver')[0]!.mantra;
    t.engine.answer(PROFILE, mantra.text, 'discord');
    await t.engine.channelsIdle();
    t.idle = 'active';
    t.poll();
    await t.engine.channelsIdle();
    expect(t.desktop.of('deliver')).toHaveLength(0);
    expect(t.desktop.of('settle')).toEqual([expect.objectContaining({ outcome: 'answered', answeredOn: 'discord' })]);
  });

  it('a held desktop delivery past its deadline is dropped', async () => {
    const t = await gated();
    t.discord = { ...DISCORD_OFF, connection: 'reconnecting', hasToken: true };
    t.idle = 'idle';
    t.clock.advanceTo(due(t));
    await t.engine.channelsIdle();
    const { deadline } = t.mirror.of('deliver')[0]!;
    t.clock.jump(deadline + 1);
    t.idle = 'active';
    t.poll();
    await t.engine.channelsIdle();
    expect(t.desktop.of('deliver')).toHaveLength(0);
  });

  it('a re-arm while the user is away does not deliver behind the gate', async () => {
    const t = await gated();
    t.idle = 'idle';
    t.clock.advanceTo(due(t));
    t.engine.rearm('lock-screen');
    t.engine.rearm('suspend');
    await t.engine.channelsIdle();
    expect(t.mirror.of('deliver')).toHaveLength(0);
    expect(t.logger.lines.filter((l) => l === 'info: delivery held: the user is away')).toHaveLength(1);
    t.idle = 'active';
    t.engine.rearm('unlock-screen');
    await t.engine.channelsIdle();
    expect(t.mirror.of('deliver')).toHaveLength(1);
    t.poll(); // the gate's own re-arm, now with nothing due
    await t.engine.channelsIdle();
    expect(t.mirror.of('deliver')).toHaveLength(1);
    expect(t.polling()).toBe(false);
  });

  it('launch while away: the engine asks the gate at start, and the gate re-arms it when the user is back', async () => {
    const t = await gated();
    await t.engine.stop();
    t.idle = 'idle';
    t.clock.jump(due(t) + 60 * MIN);
    t.engine.start();
    await t.engine.channelsIdle();
    expect(t.mirror.of('deliver')).toHaveLength(0);
    expect(status(t)).toBe('waiting');
    expect(t.polling()).toBe(true);
    t.idle = 'active';
    t.poll();
    await t.engine.channelsIdle();
    expect(t.mirror.of('deliver')).toHaveLength(1);
    expect(t.engine.snapshot(PROFILE).state.sent).toBe(t.clock.now());
  });

  it('stopping the gate forgets what waits: nothing is released after the app quits', async () => {
    const t = await gated();
    t.idle = 'idle';
    t.clock.advanceTo(due(t));
    expect(t.polling()).toBe(true);
    t.gate.stop();
    expect(t.polling()).toBe(false);
    t.idle = 'active';
    t.gate.check();
    await t.engine.channelsIdle();
    expect(t.mirror.of('deliver')).toHaveLength(0);
  });

  it('"deliver now" is the user at the computer: never held', async () => {
    const t = await gated();
    t.idle = 'idle';
    t.engine.deliverNow(PROFILE);
    await t.engine.channelsIdle();
    expect(t.mirror.of('deliver')).toHaveLength(1);
  });

  it('timeouts are not held: a mantra out while the user is away still expires on time; the next one waits', async () => {
    const t = await gated({ onlyWhenPresent: false });
    t.clock.advanceTo(due(t));
    await t.engine.channelsIdle();
    const { deadline } = t.mirror.of('deliver')[0]!;
    t.engine.updateSettings(PROFILE, { onlyWhenPresent: true });
    t.idle = 'idle';
    t.clock.advanceTo(deadline);
    await t.engine.channelsIdle();
    expect(t.mirror.of('settle')).toEqual([expect.objectContaining({ outcome: 'timedOut' })]);
    expect(t.mirror.of('deliver')).toHaveLength(1);
    expect(status(t)).toBe('waiting');
    t.idle = 'active';
    t.poll();
    await t.engine.channelsIdle();
    expect(t.mirror.of('deliver')).toHaveLength(2);
    expect(t.desktop.of('deliver')).toHaveLength(2);
  });
});

describe('the presence gate asks nobody', () => {
  it('decides from the context the engine hands it: settings for "away", the Discord status for "a DM reaches the user"', () => {
    const rearms: string[] = [];
    const gate = new PresenceGate({ idleState: () => 'idle', rearm: (r) => void rearms.push(r), logger: createRecordingLogger(), every: () => () => undefined });
    const settings = { ...defaultProfileSettings(), onlyWhenPresent: true };
    expect(gate.holds({ ...channelContext({ settings }), discord: DISCORD_OFF })).toBe(true);
    expect(gate.holds({ ...channelContext({ settings }), discord: { ...DISCORD_OFF, connection: 'connected' } })).toBe(false);
    expect(gate.holds({ ...channelContext({ settings: { ...settings, onlyWhenPresent: false } }), discord: DISCORD_OFF })).toBe(false);
    // The last settings it was told go for its own looks: the option off means nobody is away.
    gate.observe({ ...settings, onlyWhenPresent: false });
    expect(gate.away()).toBe(false);
    gate.check();
    expect(rearms).toEqual(['user back']);
  });
});
