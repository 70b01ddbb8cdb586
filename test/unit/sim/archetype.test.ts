import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { archetype, parseArchetypeFile } from '../../../shared/sim/archetype.js';

const root = join(import.meta.dirname, '../../..');
const shipped: unknown = JSON.parse(readFileSync(join(root, 'data/archetypes.json'), 'utf8'));
const flat = (v: number) => Array.from({ length: 24 }, () => v);

function errorsOf(json: unknown): string[] {
  const result = parseArchetypeFile(json);
  if (result.ok) throw new Error('expected the file to be refused');
  return [...result.errors];
}

describe('the shipped archetype file', () => {
  it('is valid and holds the six public archetypes in order', () => {
    const result = parseArchetypeFile(shipped);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.archetypes.map((a) => a.name)).toEqual(['morning-person', 'night-owl-desktop', 'nine-to-five-strict', 'college-student-chaotic', 'night-shift-worker', 'parent-fragmented']);
  });

  it('fills in the README defaults', () => {
    const result = parseArchetypeFile(shipped);
    if (!result.ok) throw new Error(result.errors.join('\n'));
    const [morning, , nineToFive, student] = result.archetypes;
    expect(morning?.weekendAvailability).toEqual(morning?.availability);
    expect(morning?.dailyJitterHours).toBe(0);
    expect(morning?.timezone).toBe('UTC');
    expect(morning?.change).toBeNull();
    expect(nineToFive?.weekendAvailability).not.toEqual(nineToFive?.availability);
    expect(nineToFive?.completionMinutes).toEqual({ median: 1.5, max: 8 });
    expect(student?.dailyJitterHours).toBe(2);
  });
});

describe('defaults of a minimal archetype', () => {
  it('ignore 0, completion {1.5, 10}, no jitter, UTC, weekend = weekday, no change', () => {
    const a = archetype({ name: 'plain', availability: flat(0.5) });
    expect(a).toMatchObject({
      description: '',
      ignoreProbability: 0,
      completionMinutes: { median: 1.5, max: 10 },
      dailyJitterHours: 0,
      timezone: 'UTC',
      change: null,
    });
    expect(a.weekendAvailability).toEqual(flat(0.5));
  });

  it('a change: changedWeekendAvailability defaults to changedAvailability', () => {
    const a = archetype({ name: 'mover', availability: flat(0.5), changeAfterDays: 60, changedAvailability: flat(0.2) });
    expect(a.change).toEqual({ afterDays: 60, availability: flat(0.2), weekendAvailability: flat(0.2) });
  });

  it('the README sets no upper bound on jitter or the change day', () => {
    expect(archetype({ name: 'wide', availability: flat(0.5), dailyJitterHours: 30 }).dailyJitterHours).toBe(30);
    expect(archetype({ name: 'now', availability: flat(0.5), changeAfterDays: 0, changedAvailability: flat(0.1) }).change?.afterDays).toBe(0);
  });
});

describe('a malformed file is refused, naming the archetype and the field', () => {
  const good = { name: 'morning', availability: flat(0.5) };

  it('wrong number of hours', () => {
    expect(errorsOf({ archetypes: [good, { name: 'night-owl', availability: flat(0.5).slice(1) }] })).toEqual(['archetype "night-owl" (#2): availability: must have exactly 24 numbers, got 23']);
  });

  it('a value outside 0..1 or not a number, with its hour', () => {
    const availability = flat(0.5);
    availability[7] = 1.2;
    const weekend: unknown[] = flat(0.5);
    weekend[3] = 'high';
    expect(errorsOf({ archetypes: [{ name: 'x', availability, weekendAvailability: weekend }] })).toEqual([
      'archetype "x" (#1): availability[7]: must be a number in 0..1, got 1.2',
      'archetype "x" (#1): weekendAvailability[3]: must be a number in 0..1, got "high"',
    ]);
  });

  it('changeAfterDays without changedAvailability, and the other way round', () => {
    expect(errorsOf({ archetypes: [{ ...good, changeAfterDays: 30 }] })).toEqual(['archetype "morning" (#1): changedAvailability: is required with changeAfterDays']);
    expect(errorsOf({ archetypes: [{ ...good, changedAvailability: flat(0.1) }] })).toEqual([
      'archetype "morning" (#1): changeAfterDays: is required with changedAvailability (the day the pattern changes)',
    ]);
  });

  it('an unknown time zone', () => {
    expect(errorsOf({ archetypes: [{ ...good, timezone: 'Europe/Atlantis' }] })).toEqual([
      'archetype "morning" (#1): timezone: unknown time zone "Europe/Atlantis" (expected an IANA name such as "Europe/Berlin")',
    ]);
  });

  it('probabilities, completion times and jitter out of range', () => {
    const errors = errorsOf({
      archetypes: [{ ...good, ignoreProbability: 1.5, completionMinutes: { median: 0, max: 0.1 }, dailyJitterHours: 1.5, changeAfterDays: -1, changedAvailability: flat(0) }],
    });
    expect(errors).toEqual([
      'archetype "morning" (#1): ignoreProbability: must be a number in 0..1',
      'archetype "morning" (#1): completionMinutes.median: must be more than 0 minutes',
      'archetype "morning" (#1): completionMinutes.max: must be at least 0.25 minutes (the shortest completion time)',
      'archetype "morning" (#1): dailyJitterHours: must be a whole number of hours',
      'archetype "morning" (#1): changeAfterDays: must not be negative',
    ]);
  });

  it('a misspelt field is not silently ignored', () => {
    expect(errorsOf({ archetypes: [{ ...good, ignoreProbabilty: 0.2 }] })[0]).toMatch(/^archetype "morning" \(#1\): unknown field "ignoreProbabilty"/);
  });

  it('a missing name or availability; the archetype is then named by its position', () => {
    expect(errorsOf({ archetypes: [good, { availability: flat(0.5) }, { name: 'z' }] })).toEqual(['archetype #2: name: is required', 'archetype "z" (#3): availability: is required']);
  });

  it('repeated names', () => {
    expect(errorsOf({ archetypes: [good, good] })).toEqual(['archetype "morning" (#2): name: repeats the name of archetype #1 (names must be unique)']);
  });

  it('the wrong top-level shape', () => {
    expect(errorsOf([])).toEqual(['the file must hold a JSON object { "archetypes": [ ... ] }']);
    expect(errorsOf({})).toEqual(['archetypes: is required']);
    expect(errorsOf({ archetypes: [] })).toEqual(['archetypes: must hold at least one archetype']);
    expect(errorsOf({ archetypes: [good, 7] })).toEqual(['archetype #2: must be an object']);
  });

  it('every problem of every archetype is reported, and nothing is returned to run', () => {
    const result = parseArchetypeFile({ archetypes: [good, { name: 'a', availability: [] }, { name: 'b', availability: flat(2) }] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toBe('archetype "a" (#2): availability: must have exactly 24 numbers, got 0');
    expect(result.errors.filter((e) => e.startsWith('archetype "b" (#3): availability['))).toHaveLength(24);
    expect('archetypes' in result).toBe(false);
  });
});
