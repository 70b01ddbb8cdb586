import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENCOUNTER } from '../../../shared/constants.js';
import type { LogEntry } from '../../../shared/encounter-log.js';
import { archetype, parseArchetypeFile, type Archetype } from '../../../shared/sim/archetype.js';
import { matrixJobs, runMatrix, simulate, SIM_ALGORITHMS, summarizeMatrix } from '../../../shared/sim/run.js';

const H = 3_600_000;
const MONDAY = Date.UTC(2026, 0, 5);
const flat = (v: number) => Array.from({ length: 24 }, () => v);
const parsed = parseArchetypeFile(JSON.parse(readFileSync(join(import.meta.dirname, '../../../data/archetypes.json'), 'utf8')));
if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
const PUBLIC: readonly Archetype[] = parsed.archetypes;
const morning = PUBLIC[0]!;

describe('determinism', () => {
  it('the same seed gives the same run, entry for entry', () => {
    const logA: LogEntry[] = [];
    const logB: LogEntry[] = [];
    const a = simulate({ archetype: PUBLIC[3]!, algorithm: 'seed-v2', seed: 7, days: 30, onLog: (e) => logA.push(e) });
    const b = simulate({ archetype: PUBLIC[3]!, algorithm: 'seed-v2', seed: 7, days: 30, onLog: (e) => logB.push(e) });
    expect(a).toEqual(b);
    expect(logA).toEqual(logB);
  });

  it('different seeds give different runs', () => {
    const a = simulate({ archetype: morning, algorithm: 'seed-v2', seed: 1, days: 30 });
    const b = simulate({ archetype: morning, algorithm: 'seed-v2', seed: 2, days: 30 });
    expect(a.finalCurve).not.toEqual(b.finalCurve);
    expect(a.dailyMae).not.toEqual(b.dailyMae);
  });

  it('a matrix is the same however often it runs', () => {
    const opts = { archetypes: PUBLIC.slice(0, 2), algorithms: ['response-only', 'seed-v2'], seeds: 2, days: 20 };
    expect(runMatrix(opts)).toEqual(runMatrix(opts));
  });
});

describe("protocol: the app's reducers, a simulated clock and user", () => {
  it('enrolls at Monday 00:00, delivers 30 s later, then alternates delivery and its outcome', () => {
    const log: LogEntry[] = [];
    const r = simulate({ archetype: morning, algorithm: 'seed-v2', seed: 3, days: 14, onLog: (e) => log.push(e) });
    expect(log[0]).toEqual({ type: 'enrolled', at: MONDAY, next: MONDAY + ENCOUNTER.enrollmentDelayMs });
    expect(log[1]?.type).toBe('delivered');
    expect(log[1]?.at).toBe(MONDAY + ENCOUNTER.enrollmentDelayMs);
    const types = log.slice(1).map((e) => e.type);
    for (let i = 0; i < types.length; i++) expect(types[i]).toEqual(i % 2 === 0 ? 'delivered' : expect.stringMatching(/^(answered|timedOut)$/));
    expect(types.filter((t) => t === 'delivered')).toHaveLength(r.delivered);
    expect(types.filter((t) => t === 'answered')).toHaveLength(r.answered);
    for (const e of log) expect(e.at).toBeLessThan(MONDAY + 14 * 24 * H);
  });

  it('answers arrive before their deadline, with the response times the user took', () => {
    const log: LogEntry[] = [];
    simulate({ archetype: PUBLIC[5]!, algorithm: 'seed-v2', seed: 4, days: 20, onLog: (e) => log.push(e) });
    let deadline = 0;
    for (const e of log) {
      if (e.type === 'delivered') deadline = e.deadline;
      if (e.type === 'answered') {
        expect(e.at).toBeLessThan(deadline);
        expect(e.responseMs).toBeGreaterThanOrEqual(15_000);
      }
      if (e.type === 'timedOut') expect(e.at).toBe(deadline);
    }
  });

  it('interval: one delivery every 24 h at the default frequency, a flat estimate', () => {
    const log: LogEntry[] = [];
    const r = simulate({ archetype: archetype({ name: 'always', availability: flat(1) }), algorithm: 'interval', seed: 1, days: 10, onLog: (e) => log.push(e) });
    expect(r.finalCurve).toEqual(flat(0.5));
    const delivered = log.flatMap((e) => (e.type === 'delivered' ? [e] : []));
    for (const d of delivered) expect(d.deadline - d.at).toBe(24 * H);
    expect(r.successRate).toBe(1);
    expect(r.deliveriesPerDay).toBeCloseTo(r.delivered / 10, 12);
    expect(r.finalMae).toBeCloseTo(0.5, 12); // truth 1 everywhere, estimate 0.5
    expect(r.encountersToConverge).toBeNull();
  });

  it('a user who is always there answers everything quickly; one who is never there answers nothing', () => {
    const always = simulate({ archetype: archetype({ name: 'always', availability: flat(1) }), algorithm: 'seed-v2', seed: 1, days: 10 });
    expect(always.successRate).toBe(1);
    expect(always.medianResponseMinutes).toBeLessThan(5);
    const never = simulate({ archetype: archetype({ name: 'never', availability: flat(0) }), algorithm: 'seed-v2', seed: 1, days: 30 });
    expect(never.answered).toBe(0);
    expect(never.medianResponseMinutes).toBeNull();
    // Eight misses in a row turn delivery off; the simulated user does not re-enroll.
    expect(never.delivered).toBe(ENCOUNTER.autoDisableAfter);
    expect(never.disabledAt).not.toBeNull();
    expect(never.finalCurve.every((v) => v === 0.1)).toBe(true);
  });

  it('a learner meets the truth: an always-there user drives seed-v2 towards the ceiling', () => {
    const r = simulate({ archetype: archetype({ name: 'always', availability: flat(1) }), algorithm: 'seed-v2', seed: 2, days: 60 });
    expect(r.finalMae).toBeLessThan(0.15);
    expect(r.encountersToConverge).not.toBeNull();
  });

  it("works in the archetype's time zone: day 0 starts at local midnight", () => {
    const log: LogEntry[] = [];
    simulate({ archetype: archetype({ name: 'tokyo', availability: flat(0.5), timezone: 'Asia/Tokyo' }), algorithm: 'seed-v2', seed: 1, days: 3, onLog: (e) => log.push(e) });
    expect(log[0]?.at).toBe(Date.UTC(2026, 0, 4, 15)); // 2026-01-05 00:00 in Tokyo (UTC+9)
    const first = log[1];
    expect(first?.type === 'delivered' && first.hour).toBe(0);
  });

  it('a pattern change yields recoveryEncounters; no change yields null', () => {
    const mover = archetype({ name: 'mover', availability: [...flat(0).slice(12), ...flat(0.9).slice(12)], changeAfterDays: 30, changedAvailability: [...flat(0.9).slice(12), ...flat(0).slice(12)] });
    const r = simulate({ archetype: mover, algorithm: 'seed-v2', seed: 1, days: 90 });
    expect(r.changed).toBe(true);
    expect(r.recoveryEncounters).not.toBeNull();
    expect(r.recoveryEncounters!).toBeLessThan(r.delivered);
    const rows = runMatrix({ archetypes: [mover, morning], algorithms: ['seed-v2'], seeds: 1, days: 40 });
    expect(rows[0]?.recoveryEncounters).not.toBeNull();
    expect(rows[1]?.recoveryEncounters).toBeNull();
  });

  it('refuses an unknown algorithm by name', () => {
    expect(() => simulate({ archetype: morning, algorithm: 'magic', seed: 1, days: 1 })).toThrow(/unknown algorithm "magic" \(known: interval, response-only, seed-v2, default, default-no-aim/);
  });
});

describe('matrix', () => {
  it('rows come by archetype, then algorithm, each over its seeds', () => {
    const jobs = matrixJobs(2, ['interval', 'seed-v2'], 3);
    expect(jobs).toHaveLength(12);
    expect(jobs.slice(0, 4)).toEqual([
      { archetype: 0, algorithm: 'interval', seed: 1 },
      { archetype: 0, algorithm: 'interval', seed: 2 },
      { archetype: 0, algorithm: 'interval', seed: 3 },
      { archetype: 0, algorithm: 'seed-v2', seed: 1 },
    ]);
    const rows = runMatrix({ archetypes: PUBLIC.slice(0, 2), algorithms: ['interval', 'seed-v2'], seeds: 3, days: 15 });
    expect(rows.map((r) => `${r.archetype}/${r.algorithm}/${r.seeds}`)).toEqual([
      'morning-person/interval/3',
      'morning-person/seed-v2/3',
      'night-owl-desktop/interval/3',
      'night-owl-desktop/seed-v2/3',
    ]);
  });

  it('summarizes runs as the README says (successRate = answered / delivered per seed, then mean over seeds)', () => {
    const runs = [1, 2, 3].map((seed) => simulate({ archetype: morning, algorithm: 'seed-v2', seed, days: 15 }));
    const [row] = summarizeMatrix([morning], ['seed-v2'], 3, runs);
    const rates = runs.map((r) => r.answered / r.delivered);
    expect(row?.successRate.mean).toBeCloseTo((rates[0]! + rates[1]! + rates[2]!) / 3, 12);
    expect(row?.deliveriesPerDay.mean).toBeCloseTo(runs.reduce((s, r) => s + r.delivered, 0) / 3 / 15, 12);
    expect(row?.encountersToConverge.never).toBe(runs.filter((r) => r.encountersToConverge === null).length);
  });

  it('the default matrix is all four algorithms', () => {
    expect(SIM_ALGORITHMS).toEqual(['interval', 'response-only', 'seed-v2', 'default']);
  });
});

describe('seed-v2 against response-only', () => {
  // The missed-hour penalty is the seed's whole point: it must win on every public archetype.
  const rows = runMatrix({ archetypes: PUBLIC, algorithms: ['response-only', 'seed-v2'], seeds: 4, days: 60 });
  for (const a of PUBLIC) {
    it(`seed-v2 has the lower finalMae on ${a.name}`, () => {
      const mae = (alg: string) => rows.find((r) => r.archetype === a.name && r.algorithm === alg)?.finalMae.mean ?? NaN;
      expect(mae('seed-v2')).toBeLessThan(mae('response-only') - 0.2);
    });
  }
});

describe('the default on held-out users (test/fixtures/archetypes-heldout.json)', () => {
  // Users the default was never tuned on: it must beat seed-v2 on each of them, not only on the public six.
  const heldOut = parseArchetypeFile(JSON.parse(readFileSync(new URL('../../fixtures/archetypes-heldout.json', import.meta.url), 'utf8')));
  if (!heldOut.ok) throw new Error(heldOut.errors.join('\n'));
  const rows = runMatrix({ archetypes: heldOut.archetypes, algorithms: ['seed-v2', 'default'], seeds: 2, days: 60 });
  for (const a of heldOut.archetypes) {
    it(`default has the lower finalMae on ${a.name}`, () => {
      const mae = (alg: string) => rows.find((r) => r.archetype === a.name && r.algorithm === alg)?.finalMae.mean ?? NaN;
      expect(mae('default')).toBeLessThan(mae('seed-v2'));
    });
  }
});
