import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSimArgs, runSimCli, shippedArchetypesPath, type SimCliIo } from '../../../main/cli/sim.js';

const flat = (v: number) => Array.from({ length: 24 }, () => v);
const dir = mkdtempSync(join(tmpdir(), 'mantra-sim-'));
const small = join(dir, 'small.json');
writeFileSync(
  small,
  JSON.stringify({
    archetypes: [
      { name: 'evening', availability: [...Array(6).fill(0), ...Array(18).fill(0.8)], ignoreProbability: 0.1 },
      { name: 'mover', availability: flat(0.6), changeAfterDays: 10, changedAvailability: [...flat(0.9).slice(12), ...flat(0).slice(12)] },
    ],
  }),
);

async function run(argv: string[], tty = false): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: SimCliIo = { stdout: { write: (t: string) => (out += t) }, stderr: { write: (t: string) => (err += t), isTTY: tty } };
  const code = await runSimCli(argv, io);
  return { code, out, err };
}

describe('arguments', () => {
  it('defaults: all four algorithms, 20 seeds, 120 days, the shipped archetypes', () => {
    expect(parseSimArgs([])).toEqual({
      archetypesFile: null,
      algorithms: ['interval', 'response-only', 'seed-v2', 'default'],
      seeds: 20,
      days: 120,
      json: false,
      workers: null,
      params: null,
      help: false,
    });
    expect(shippedArchetypesPath()).toMatch(/data[\\/]archetypes\.json$/);
  });

  it('--flag value and --flag=value', () => {
    expect(parseSimArgs(['--archetypes', 'a.json', '--algorithms=seed-v2,default', '--seeds', '3', '--days=10', '--json'])).toMatchObject({
      archetypesFile: 'a.json',
      algorithms: ['seed-v2', 'default'],
      seeds: 3,
      days: 10,
      json: true,
    });
  });

  it.each([
    [['--seeds', '0'], '--seeds: must be between 1 and 10000, got 0'],
    [['--seeds', 'many'], '--seeds: expected a whole number, got "many"'],
    [['--days'], '--days: missing value'],
    [['--days', '--json'], '--days: missing value'],
    [['--algorithms', 'seed-v2,magic'], '--algorithms: unknown algorithm "magic" (known: interval, response-only, seed-v2, default, default-no-aim'],
    [['--algorithms', 'seed-v2,seed-v2'], '--algorithms: "seed-v2" is listed twice'],
    [['--frobnicate'], 'unknown option --frobnicate'],
    [['extra'], 'unexpected argument "extra"'],
    [['--json=yes'], '--json takes no value'],
    [['--params', '{"learner":'], '--params: not JSON'],
    [['--params', '{"learner":{"floor":0.9}}'], '--params: learner: floor <= initial <= ceiling'],
    [['--params', '{"points":{"fastBonus":-1}}'], '--params: points.fastBonus:'],
  ])('%j is refused with exit code 2', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(`mantra sim: ${message}`);
  });

  it('--params varies a tuned bound: other results, and the config says which', async () => {
    const base = ['--archetypes', small, '--algorithms', 'seed-v2', '--seeds', '2', '--days', '20', '--json'];
    const shipped = JSON.parse((await run(base)).out) as { config: Record<string, unknown>; results: { finalMae: unknown }[] };
    const varied = JSON.parse((await run([...base, '--params', '{"learner":{"learningRate":0.5}}'])).out) as typeof shipped;
    expect(shipped.config).not.toHaveProperty('params');
    expect(varied.config.params).toEqual({ learner: { learningRate: 0.5 } });
    expect(varied.results.map((r) => r.finalMae)).not.toEqual(shipped.results.map((r) => r.finalMae));
  });

  it('--help prints the usage and exits 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Usage: mantra sim/);
  });
});

describe('archetype files', () => {
  it('a missing file or invalid JSON: exit 2 with the reason', async () => {
    const missing = await run(['--archetypes', join(dir, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/cannot read archetype file .*nope\.json: ENOENT/);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ "archetypes": [');
    const r = await run(['--archetypes', broken]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/broken\.json is not valid JSON/);
  });

  it('a malformed archetype: exit 2, the archetype and field named, nothing run', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({
        archetypes: [
          { name: 'ok', availability: flat(0.5) },
          { name: 'night-owl', availability: flat(0.5).slice(2) },
        ],
      }),
    );
    const r = await run(['--archetypes', bad, '--json']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('archetype "night-owl" (#2): availability: must have exactly 24 numbers, got 22');
  });
});

describe('output', () => {
  const args = ['--archetypes', small, '--seeds', '2', '--days', '30'];

  it('--json: one object with config and one result per (archetype, algorithm), exactly the agreed fields', async () => {
    const r = await run([...args, '--json']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const doc = JSON.parse(r.out) as { config: Record<string, unknown>; results: Record<string, unknown>[] };
    expect(Object.keys(doc)).toEqual(['config', 'results']);
    expect(doc.config).toMatchObject({ archetypes: small, algorithms: ['interval', 'response-only', 'seed-v2', 'default'], seeds: 2, days: 30 });
    expect(doc.results).toHaveLength(8);
    for (const row of doc.results) {
      expect(Object.keys(row)).toEqual([
        'algorithm',
        'archetype',
        'seeds',
        'finalMae',
        'encountersToConverge',
        'recoveryEncounters',
        'successRate',
        'answeredPerDay',
        'deliveriesPerDay',
        'medianResponseMinutes',
        'autoDisabledSeeds',
        'quietHourDeliveries',
        'quietHourLearning',
      ]);
      expect(Object.keys(row.finalMae as object)).toEqual(['mean', 'std']);
      expect(Object.keys(row.encountersToConverge as object)).toEqual(['mean', 'median', 'never']);
      for (const k of ['successRate', 'answeredPerDay', 'deliveriesPerDay', 'medianResponseMinutes']) expect(Object.keys(row[k] as object)).toEqual(['mean', 'std']);
      expect(row.seeds).toBe(2);
    }
    const evening = doc.results.filter((x) => x.archetype === 'evening');
    const mover = doc.results.filter((x) => x.archetype === 'mover');
    expect(evening.every((x) => x.recoveryEncounters === null)).toBe(true);
    expect(mover.every((x) => x.recoveryEncounters !== null && Object.keys(x.recoveryEncounters as object).join() === 'mean,median,never')).toBe(true);
    expect(doc.results.map((x) => x.algorithm).slice(0, 4)).toEqual(['interval', 'response-only', 'seed-v2', 'default']);
  });

  it('same seed and arguments: byte-identical JSON', async () => {
    const a = await run([...args, '--json']);
    const b = await run([...args, '--json']);
    expect(a.out).toBe(b.out);
    expect(a.out).not.toMatch(/elapsed|duration|seconds/i);
  });

  it('default is its own algorithm now: its rows differ from seed-v2 rows', async () => {
    const doc = JSON.parse((await run([...args, '--json', '--algorithms', 'seed-v2,default'])).out) as { results: Record<string, unknown>[] };
    const [seedV2, dflt] = doc.results;
    expect(dflt?.algorithm).toBe('default');
    expect({ ...dflt, algorithm: 'seed-v2' }).not.toEqual(seedV2);
  });

  it('the table: a header and one line per (archetype, algorithm); progress only on a terminal', async () => {
    const quiet = await run(args);
    expect(quiet.code).toBe(0);
    expect(quiet.err).toBe('');
    const lines = quiet.out.split('\n');
    expect(lines.find((l) => l.startsWith('archetype'))).toMatch(/finalMae .*converge .*recovery .*success % .*answered\/day .*deliveries\/day .*median response min/);
    expect(lines.filter((l) => /^(evening|mover) /.test(l))).toHaveLength(8);
    const tty = await run(args, true);
    expect(tty.err).toMatch(/simulating: \d+\/16 runs/);
    expect(tty.err).toMatch(/simulated 16 runs in [\d.]+ s/);
    expect(tty.out).toBe(quiet.out);
  });

  it('the shipped archetypes are used by default', async () => {
    const r = await run(['--seeds', '1', '--days', '3', '--algorithms', 'interval', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as { config: { archetypes: string }; results: { archetype: string }[] };
    expect(doc.config.archetypes).toBe('data/archetypes.json');
    const shipped = JSON.parse(readFileSync(shippedArchetypesPath(), 'utf8')) as { archetypes: { name: string }[] };
    expect(doc.results.map((x) => x.archetype)).toEqual(shipped.archetypes.map((a) => a.name));
  });
});
