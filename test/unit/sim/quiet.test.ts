// The users of data/archetypes-quiet.json: quiet hours cover their sleep, in every mode.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArchetypeFile, type Archetype } from '../../../shared/sim/archetype.js';
import { quietLearnedHours, runMatrix, simulate } from '../../../shared/sim/run.js';

const root = join(import.meta.dirname, '../../..');
const file: unknown = JSON.parse(readFileSync(join(root, 'data/archetypes-quiet.json'), 'utf8'));
const flat = (v: number) => Array.from({ length: 24 }, () => v);

function load(): Archetype[] {
  const r = parseArchetypeFile(file);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return [...r.archetypes];
}

function errorsOf(settings: unknown): string[] {
  const r = parseArchetypeFile({ archetypes: [{ name: 'x', availability: flat(0.5), settings }] });
  return r.ok ? [] : [...r.errors];
}

describe('archetype settings go through the app settings schema', () => {
  it('the quiet file holds every mode, a 1-hour interval and ten fixed times among them', () => {
    const modes = load().map((a) => a.settings.mode);
    expect(modes.map((m) => m?.kind)).toEqual(['adaptive', 'interval', 'fixed', 'hybrid', 'interval']);
    expect(modes[1]).toEqual({ kind: 'interval', hours: 1 });
    expect(modes[2]?.kind === 'fixed' && modes[2].times.length).toBe(10);
    expect(load().every((a) => a.settings.quietHours.length > 0)).toBe(true);
  });

  it('a refused value is an error naming the field', () => {
    expect(errorsOf({ mode: { kind: 'interval', hours: 0 } })).toEqual(['archetype "x" (#1): settings.mode.hours: interval must be at least 1 hour']);
    expect(errorsOf({ mode: { kind: 'fixed', times: ['25:00'] } })[0]).toMatch(/^archetype "x" \(#1\): settings\.mode\.times\[0\]: must be a time of day/);
    expect(errorsOf({ mode: { kind: 'hybrid', times: ['09:00'] } })).toEqual(['archetype "x" (#1): settings.mode.windowMinutes: is required in hybrid mode']);
    expect(errorsOf({ mode: { kind: 'sometimes' } })[0]).toMatch(/settings\.mode\.kind: must be "adaptive"/);
    expect(errorsOf({ quietHours: [{ from: '22:00', to: '22:00' }] })).toEqual(['archetype "x" (#1): settings.quietHours[0]: a quiet window must not start and end at the same time']);
    expect(errorsOf({ quietHours: [{ from: '22:00', to: '07:00', days: 'mondays' }] })[0]).toMatch(/settings\.quietHours\[0\]\.days/);
    expect(errorsOf({ bedtime: '22:00' })[0]).toMatch(/settings: unknown field "bedtime"/);
  });
});

describe('quiet hours in the simulator', () => {
  it('0 deliveries and 0 learning inside quiet hours, 0 seeds auto-disabled, and no fewer answers a day than without them', () => {
    const quiet = load();
    const without = quiet.map((a) => ({ ...a, settings: { ...a.settings, quietHours: [] } }));
    const opts = { algorithms: ['default'], seeds: 3, days: 40 };
    const withRows = runMatrix({ archetypes: quiet, ...opts });
    const withoutRows = runMatrix({ archetypes: without, ...opts });
    for (const [i, row] of withRows.entries()) {
      expect(row, row.archetype).toMatchObject({ quietHourDeliveries: 0, quietHourLearning: 0, autoDisabledSeeds: 0 });
      const before = withoutRows[i]?.answeredPerDay.mean ?? 0;
      // Once the schedules differ the user's random draws differ too: 2 % is the noise of 3 seeds x 40 days (npm run sim gives 20 x 120).
      expect(row.answeredPerDay.mean ?? 0, row.archetype).toBeGreaterThanOrEqual(before * 0.98);
    }
    // Without quiet hours the hourly sleeper is turned off by the night.
    expect(withoutRows[1]?.autoDisabledSeeds).toBe(3);
  });

  it('quietHourLearning counts each learned hour judged on quiet time only (not zero by construction)', () => {
    const q = { windows: [{ from: '22:00', to: '06:00', days: 'all' as const }], timeZone: 'UTC' };
    const sent = Date.parse('2026-01-05T21:00:00Z');
    const deadline = Date.parse('2026-01-06T07:00:00Z');
    // A penalty over the whole night as an app without quiet hours would give it: hours 22-05 are quiet.
    const night = [21, 22, 23, 0, 1, 2, 3, 4, 5, 6];
    expect(quietLearnedHours(q, sent, deadline, [], night)).toBe(8);
    // A reward for an answer at 23:10 is learning inside quiet hours; one at 21:10 is not.
    expect(quietLearnedHours(q, sent, Date.parse('2026-01-05T23:10:00Z'), [23], [21, 22])).toBe(2);
    expect(quietLearnedHours(q, sent, Date.parse('2026-01-05T21:10:00Z'), [21], [])).toBe(0);
  });

  it('a run records its quiet-hour figures', () => {
    const [sleeper] = load();
    if (!sleeper) throw new Error('no archetype');
    const run = simulate({ archetype: sleeper, algorithm: 'default', seed: 1, days: 3 });
    expect(run).toMatchObject({ quietHourDeliveries: 0, quietHourLearning: 0, disabledAt: null });
    expect(run.delivered).toBeGreaterThan(2);
  });
});
