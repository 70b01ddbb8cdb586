/**
 * Effects carry their context: every channel call says which profile, when it was sent,
 * its deadline, the profile's resolved zone, its locale preferences and its settings, so no
 * channel, gate or notification has to ask the engine.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ENCOUNTER } from '../../shared/constants.js';
import { notificationChannel, notificationTitle } from '../../main/channels/notification-channel.js';
import type { NotifyChannel, NotifyMessage } from '../../main/channels/notify.js';
import { openTestEngine, PROFILE, removeDir, settled, type TestEngine } from '../unit/main/engine-harness.js';
import { deliveryOf } from '../unit/main/channel-context.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

const open: TestEngine[] = [];
afterEach(async () => {
  for (const t of open.splice(0)) {
    await t.engine.stop();
    removeDir(t.dir);
  }
});

/** A notification backend that keeps what it was asked to show. */
function shownNotifications(): NotifyChannel & { shown: NotifyMessage[] } {
  const shown: NotifyMessage[] = [];
  return {
    shown,
    show: async (n) => {
      shown.push(n);
      return { delivered: true };
    },
    onClick: () => () => undefined,
    check: async () => ({ ok: true, backend: 'test', detail: 'test' }),
  };
}

async function engineIn(timeZone: string | null, start = Date.UTC(2026, 5, 1, 14, 0)) {
  const notify = shownNotifications();
  const t = await openTestEngine({ start, timeZone: 'Europe/Berlin', channels: [notificationChannel(notify, { systemLocales: ['en-GB'] })] });
  open.push(t);
  t.engine.updateSettings(PROFILE, { timeZone });
  return { t, notify };
}

describe('effects carry their context', () => {
  it('a delivery and its settle carry profile, log send time, deadline, resolved zone, locale and settings', async () => {
    const { t } = await engineIn('America/New_York');
    t.engine.updateSettings(PROFILE, { locale: 'es', hourCycle: 'h12' });
    t.engine.enroll(PROFILE);
    t.clock.advanceBy(ENCOUNTER.enrollmentDelayMs);
    t.clock.advanceBy(2 * MIN);
    t.engine.skip(PROFILE);
    await settled(t);
    const delivered = t.store.readLog(PROFILE).find((e) => e.type === 'delivered');
    const [deliver] = t.channel.of('deliver');
    expect(deliver).toMatchObject({
      profileId: PROFILE,
      sentAt: delivered?.at,
      deadline: delivered?.type === 'delivered' ? delivered.deadline : -1,
      timeZone: 'America/New_York',
      locale: { locale: 'es', hourCycle: 'h12' },
    });
    expect(deliver?.settings.timeZone).toBe('America/New_York');
    const [settle] = t.channel.of('settle');
    expect(settle).toMatchObject({ profileId: PROFILE, sentAt: delivered?.at, outcome: 'skipped', at: delivered!.at + 2 * MIN, timeZone: 'America/New_York' });
  });

  it('without a zone of its own the profile gets the system zone, resolved, and the answer result carries it too', async () => {
    const { t } = await engineIn(null);
    t.engine.enroll(PROFILE);
    t.clock.advanceBy(ENCOUNTER.enrollmentDelayMs);
    await settled(t);
    const [deliver] = t.channel.of('deliver');
    expect(deliver?.timeZone).toBe('Europe/Berlin');
    t.engine.answer(PROFILE, 'not it at all', 'window');
    await settled(t);
    expect(t.channel.of('answerResult')).toEqual([
      expect.objectContaining({ profileId: PROFILE, timeZone: 'Europe/Berlin', answeredOn: 'window', verdict: expect.objectContaining({ accepted: false }) }),
    ]);
  });

  it('the offer to disable and the disabling carry the context as well', async () => {
    const { t } = await engineIn('Asia/Tokyo');
    t.engine.enroll(PROFILE);
    t.clock.advanceTo(t.clock.pending()[0]!);
    for (let i = 0; i < ENCOUNTER.autoDisableAfter; i++) t.clock.advanceTo(t.clock.pending()[0]!);
    await settled(t);
    expect(t.channel.of('offerDisable').every((c) => c.timeZone === 'Asia/Tokyo' && c.profileId === PROFILE)).toBe(true);
    expect(t.channel.of('disabled')).toEqual([expect.objectContaining({ reason: 'failures', timeZone: 'Asia/Tokyo', profileId: PROFILE })]);
  });
});

describe('the desktop notification', () => {
  it("names the deadline in the profile zone, in the system locale's clock (en-GB: 24-hour), as the window does", async () => {
    // 14:00Z is 10:00 in New York (EDT) and 16:00 in Berlin, the system zone here.
    const { t, notify } = await engineIn('America/New_York');
    t.engine.enroll(PROFILE);
    t.engine.deliverNow(PROFILE);
    await settled(t);
    const [deliver] = t.channel.of('deliver');
    expect(deliver?.deadline).toBeGreaterThan(t.clock.now());
    const local = new Intl.DateTimeFormat('en-GB', { timeZone: 'America/New_York', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(deliver!.deadline);
    const sameDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(deliver!.deadline) === '2026-06-01';
    expect(notify.shown).toEqual([expect.objectContaining({ title: `Type it back by ${sameDay ? 'today' : 'tomorrow'} at ${local}`, body: deliver!.mantra.text, id: PROFILE })]);
  });

  it('asks for the notification sound only when the setting is on', async () => {
    const { t, notify } = await engineIn(null);
    t.engine.enroll(PROFILE);
    t.engine.deliverNow(PROFILE);
    await settled(t);
    t.engine.skip(PROFILE);
    t.engine.updateSettings(PROFILE, { notificationSound: true });
    t.engine.deliverNow(PROFILE);
    await settled(t);
    expect(notify.shown.map((n) => n.sound)).toEqual([false, true]);
  });

  it('says the day when the deadline is not today, and follows the language and 12/24-hour preferences', () => {
    const at = Date.UTC(2026, 5, 1, 14, 0); // 10:00 in New York
    const base = deliveryOf({ id: 'x', theme: 'focus', template: 't', text: 't', difficulty: 'easy', basePoints: 25 }, { at, timeZone: 'America/New_York' });
    const gb = ['en-GB'];
    const us = ['en-US'];
    expect(notificationTitle({ ...base, deadline: at + 3 * HOUR }, gb)).toBe('Type it back by today at 13:00');
    expect(notificationTitle({ ...base, deadline: at + 16 * HOUR }, gb)).toBe('Type it back by tomorrow at 02:00');
    expect(notificationTitle({ ...base, deadline: at + 3 * 24 * HOUR }, gb)).toBe('Type it back by Thu 4 Jun at 10:00');
    expect(notificationTitle({ ...base, deadline: at + 3 * HOUR }, us)).toBe('Type it back by today at 01:00 PM');
    expect(notificationTitle({ ...base, deadline: at + 3 * HOUR, locale: { locale: null, hourCycle: 'h23' } }, us)).toBe('Type it back by today at 13:00');
    expect(notificationTitle({ ...base, deadline: at + 3 * HOUR, locale: { locale: null, hourCycle: 'h12' } }, gb)).toMatch(/^Type it back by today at 01:00 pm$/i);
    expect(notificationTitle({ ...base, deadline: at + 16 * HOUR, locale: { locale: 'de', hourCycle: null } }, gb)).toBe('Tippe es ab bis morgen um 02:00');
    expect(notificationTitle({ ...base, deadline: at + 16 * HOUR, locale: { locale: 'es', hourCycle: null } }, gb)).toBe('Escríbelo; tienes hasta mañana a las 02:00');
  });
});
