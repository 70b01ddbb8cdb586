import { describe, expect, it } from 'vitest';
import { currentZoneName, LEGACY_ZONE_NAMES, searchZones, zoneChoices } from '../../../shared/time-zones.js';

const accepts = (id: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: id });
    return true;
  } catch {
    return false;
  }
};
const runtime = Intl.supportedValuesOf('timeZone');

describe('time-zone choices', () => {
  const choices = zoneChoices(runtime, accepts, ['UTC']);

  it('use current names: Asia/Kolkata and Europe/Kyiv, never Asia/Calcutta or Europe/Kiev', () => {
    const ids = choices.map((c) => c.id);
    expect(ids).toContain('Asia/Kolkata');
    expect(ids).toContain('Europe/Kyiv');
    for (const legacy of Object.keys(LEGACY_ZONE_NAMES)) if (accepts(LEGACY_ZONE_NAMES[legacy] ?? '')) expect(ids).not.toContain(legacy);
    expect(new Set(ids).size).toBe(ids.length);
    expect(currentZoneName('Asia/Calcutta', accepts)).toBe('Asia/Kolkata');
    expect(currentZoneName('Europe/Berlin', accepts)).toBe('Europe/Berlin');
    expect(currentZoneName('Europe/Kiev', () => false)).toBe('Europe/Kiev');
  });

  it('every current name is one the runtime accepts', () => {
    for (const c of choices) expect(accepts(c.id), c.id).toBe(true);
  });

  it('are grouped by region, cities in order, with readable city names', () => {
    const regions = choices.map((c) => c.region);
    expect(regions.indexOf('Europe')).toBeLessThan(regions.indexOf('Pacific'));
    const europe = choices.filter((c) => c.region === 'Europe').map((c) => c.city);
    expect(europe).toEqual([...europe].sort((a, b) => a.localeCompare(b, 'en')));
    expect(choices.find((c) => c.id === 'America/Argentina/Buenos_Aires')?.city).toBe('Buenos Aires (Argentina)');
    expect(choices.find((c) => c.id === 'UTC')?.region).toBe('Other');
  });

  it('are found by city, old name, region in the reader language, and several words', () => {
    expect(searchZones(choices, 'kolkata').map((c) => c.id)).toEqual(['Asia/Kolkata']);
    expect(searchZones(choices, 'Calcutta').map((c) => c.id)).toEqual(['Asia/Kolkata']);
    expect(searchZones(choices, 'kiev').map((c) => c.id)).toEqual(['Europe/Kyiv']);
    expect(searchZones(choices, 'buenos aires').map((c) => c.id)).toEqual(['America/Argentina/Buenos_Aires']);
    expect(searchZones(choices, 'sao paulo').map((c) => c.id)).toEqual(['America/Sao_Paulo']);
    const german = (r: string) => (r === 'Europe' ? 'Europa' : r);
    expect(searchZones(choices, 'europa berlin', german).map((c) => c.id)).toEqual(['Europe/Berlin']);
    expect(searchZones(choices, '  ')).toHaveLength(choices.length);
    expect(searchZones(choices, 'no such place')).toEqual([]);
  });

  it('keep a zone in use that the list lacks', () => {
    expect(zoneChoices(['Europe/Berlin'], accepts, ['Asia/Calcutta']).map((c) => c.id)).toEqual(['Asia/Kolkata', 'Europe/Berlin']);
  });
});
