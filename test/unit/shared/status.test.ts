import { describe, expect, it } from 'vitest';
import { deliveryStatus, pauseEnd } from '../../../shared/status.js';
import { initialProfileState } from '../../../shared/settings.js';

const NOW = Date.UTC(2026, 5, 1, 22, 30); // 00:30 on 2 June in Berlin (CEST), 18:30 on 1 June in New York

describe('pauseEnd', () => {
  it('minutes from now, the next local 07:00 for "tomorrow", never for "indefinitely"', () => {
    expect(pauseEnd({ minutes: 90 }, { timeZone: 'UTC' }, NOW)).toBe(NOW + 90 * 60_000);
    expect(pauseEnd({ until: 'tomorrow' }, { timeZone: 'Europe/Berlin' }, NOW)).toBe(Date.UTC(2026, 5, 2, 5, 0)); // 07:00 CEST the same night
    expect(pauseEnd({ until: 'tomorrow' }, { timeZone: 'America/New_York' }, NOW)).toBe(Date.UTC(2026, 5, 2, 11, 0)); // 07:00 EDT
    expect(pauseEnd({ indefinitely: true }, { timeZone: 'UTC' }, NOW)).toBeNull();
  });
});

describe('deliveryStatus', () => {
  it('reads the state: not enrolled, waiting, pending, paused, disabled', () => {
    const s = initialProfileState();
    expect(deliveryStatus(s, NOW)).toEqual({ kind: 'not-enrolled' });
    expect(deliveryStatus({ ...s, disabledReason: 'failures' }, NOW)).toEqual({ kind: 'disabled', reason: 'failures' });
    const enrolled = { ...s, enrolled: true, nextDelivery: NOW + 1000 };
    expect(deliveryStatus(enrolled, NOW)).toEqual({ kind: 'waiting', nextAt: NOW + 1000 });
    const mantra = { id: 'calm/0', theme: 'calm', template: 'I breathe', text: 'I breathe', difficulty: 'easy' as const, basePoints: 25 };
    expect(deliveryStatus({ ...enrolled, sent: NOW - 5, current: mantra }, NOW)).toEqual({ kind: 'pending', mantra, sentAt: NOW - 5, deadline: NOW + 1000, snoozedUntil: null });
    expect(deliveryStatus({ ...enrolled, pausedUntil: NOW + 60_000 }, NOW)).toEqual({ kind: 'paused', until: NOW + 60_000 });
  });
});
