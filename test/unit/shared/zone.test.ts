import { afterEach, describe, expect, it, vi } from 'vitest';
import { epochOf, hourOf, isKnownTimeZone, systemTimeZone, useZoneRules, zoneOffset, type ZoneRulesSource } from '../../../shared/zone.js';

const HOUR = 3_600_000;
const JULY = Date.UTC(2026, 6, 1, 12);

/** A source that knows one made-up zone (+05:30 all year) and counts what it is asked. */
function fakeSource(): { source: ZoneRulesSource; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    source: (timeZone) => {
      asked.push(timeZone);
      return timeZone === 'Test/Only' ? () => 5.5 * HOUR : null;
    },
  };
}

describe('zone rules source', () => {
  afterEach(() => {
    useZoneRules(null);
    vi.restoreAllMocks();
  });

  it('is asked first; a name it does not know falls back to Intl', () => {
    const { source, asked } = fakeSource();
    useZoneRules(source);
    expect(zoneOffset(JULY, 'Test/Only')).toBe(5.5 * HOUR);
    expect(hourOf(JULY, 'Test/Only')).toBe(17);
    expect(epochOf(2026, 7, 1, 17, 30, 'Test/Only')).toBe(JULY);
    expect(zoneOffset(JULY, 'Europe/Berlin')).toBe(2 * HOUR);
    expect(asked).toContain('Europe/Berlin');
  });

  it('isKnownTimeZone takes a name the source knows without building a formatter', () => {
    useZoneRules(fakeSource().source);
    const built = vi.spyOn(Intl, 'DateTimeFormat');
    expect(isKnownTimeZone('Test/Only')).toBe(true);
    expect(built).not.toHaveBeenCalled();
    // Unknown to the source: Intl decides.
    expect(isKnownTimeZone('Nowhere/Land')).toBe(false);
    expect(built).toHaveBeenCalled();
  });

  it("the system zone is the installed finder's answer, else the caller's", () => {
    useZoneRules(fakeSource().source, () => 'Test/Only');
    expect(systemTimeZone(() => 'Else/Where')).toBe('Test/Only');
    useZoneRules(null);
    expect(systemTimeZone(() => 'Else/Where')).toBe('Else/Where');
  });

  it('installing or removing a source drops what the previous one answered', () => {
    useZoneRules(fakeSource().source);
    expect(isKnownTimeZone('Test/Only')).toBe(true);
    expect(zoneOffset(JULY, 'Test/Only')).toBe(5.5 * HOUR);
    useZoneRules(() => () => -HOUR);
    expect(zoneOffset(JULY, 'Test/Only')).toBe(-HOUR);
    useZoneRules(null);
    expect(isKnownTimeZone('Test/Only')).toBe(false);
  });
});
