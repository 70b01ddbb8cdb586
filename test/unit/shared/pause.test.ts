import { describe, expect, it } from 'vitest';
import { parsePauseText } from '../../../shared/pause.js';

describe('the one pause grammar (tray --pause, CLI, Discord)', () => {
  it.each([
    ['30m', { minutes: 30 }],
    ['90min', { minutes: 90 }],
    [' 1H30m ', { minutes: 90 }],
    ['2 d', { minutes: 2880 }],
    ['1w', { minutes: 10080 }],
    ['Tomorrow', { until: 'tomorrow' }],
    ['morning', { until: 'morning' }],
    ['indefinitely', { indefinitely: true }],
    ['until resumed', { indefinitely: true }],
    // The German and Spanish words the translated refusals suggest.
    ['morgen', { until: 'tomorrow' }],
    ['Morgen früh', { until: 'morning' }],
    ['unbegrenzt', { indefinitely: true }],
    ['mañana', { until: 'tomorrow' }],
    ['mañana temprano', { until: 'morning' }],
    ['indefinidamente', { indefinitely: true }],
  ])('%s', (text, input) => {
    expect(parsePauseText(text)).toEqual({ ok: true, input });
  });

  it('reads a date in the zone it is given, and refuses one that does not exist or has no zone', () => {
    expect(parsePauseText('2026-12-24T18:00', 'America/New_York')).toEqual({ ok: true, input: { until: Date.parse('2026-12-24T23:00:00Z') } });
    expect(parsePauseText('2026-12-24', 'Europe/Berlin')).toEqual({ ok: true, input: { until: Date.parse('2026-12-23T23:00:00Z') } });
    expect(parsePauseText('2026-02-30', 'UTC')).toEqual({ ok: false, error: '"2026-02-30" is not a date', refusal: { reason: 'pauseNotDate', params: { text: '2026-02-30' } } });
    expect(parsePauseText('2026-12-24')).toMatchObject({ ok: false, refusal: { reason: 'pauseNeedsZone' } });
    expect(parsePauseText('2026-12-24').ok).toBe(false);
  });

  it('says what to write instead, and keeps to the engine bounds (1 minute to a year)', () => {
    expect(parsePauseText('soon')).toEqual({
      ok: false,
      error: '"soon" is not a pause: use 30m, 1h, 2h, 1d, tomorrow, morning, a date such as 2026-12-24T18:00, or indefinitely',
      refusal: { reason: 'pauseUnreadable', params: { text: 'soon' } },
    });
    expect(parsePauseText('0m')).toEqual({
      ok: false,
      error: '"0m" is not a pause between 1 minute and a year: use 30m, 1h, 2h, 1d, tomorrow, morning, a date such as 2026-12-24T18:00, or indefinitely',
      refusal: { reason: 'pauseOutOfRange', params: { text: '0m' } },
    });
    expect(parsePauseText('400d').ok).toBe(false);
    expect(parsePauseText('').ok).toBe(false);
  });
});
