/**
 * `npm run bench`: the speed and memory goals, each measured in this one run and printed
 * as a ratio to its budget (below 1.00 = met). Goals live here, never in timed unit tests.
 */
import { performance } from 'node:perf_hooks';
import { defaultAlgorithm } from '../../shared/algorithms.js';
import { answer, due, enroll, replay, type EncounterContext } from '../../shared/encounter.js';
import type { LogEntry } from '../../shared/encounter-log.js';
import { createRng } from '../../shared/random.js';
import { nextAdaptive } from '../../shared/schedule.js';
import { initialProfileState, type ProfileState } from '../../shared/settings.js';
import { runMatrix } from '../../shared/sim/run.js';
import { DEFAULT_LIBRARY } from '../../shared/themes.js';
import { loadArchetypeFile, shippedArchetypesPath } from './sim.js';

interface Goal {
  readonly name: string;
  readonly measured: number;
  readonly budget: number;
  readonly unit: string;
}

const ctx: EncounterContext = {
  algorithm: defaultAlgorithm,
  mode: { kind: 'adaptive' },
  timeZone: 'Europe/Berlin',
  library: DEFAULT_LIBRARY.mantras,
  themes: ['focus', 'calm', 'gratitude'],
  favorites: [],
  names: { subject: 'I', controller: 'my future self' },
};

/** A heavy user's log: `days` of deliveries at the frequency cap, answering nine in ten. */
function heavyLog(days: number): { entries: LogEntry[]; state: ProfileState } {
  const rng = createRng(1);
  const start = Date.parse('2026-01-05T00:00:00Z');
  const entries: LogEntry[] = [];
  let step = enroll(initialProfileState(), ctx, start);
  const take = () => entries.push(...step.effects.flatMap((e) => (e.kind === 'log' ? [e.entry] : [])));
  take();
  while (step.state.nextDelivery !== null && step.state.nextDelivery < start + days * 86_400_000) {
    const s = step.state;
    if (s.sent !== null && s.current && rng.next() < 0.9) step = answer(s, ctx, { text: s.current.text, channel: 'window' }, s.sent + 600_000);
    else step = due(s, ctx, s.nextDelivery ?? start, rng);
    take();
    if (!step.state.enrolled) step = enroll(step.state, ctx, (step.state.sent ?? start) + 60_000);
  }
  return { entries, state: step.state };
}

function time<T>(fn: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t0 };
}

function main(): void {
  const goals: Goal[] = [];

  const archetypes = loadArchetypeFile(shippedArchetypesPath());
  const sim = time(() => runMatrix({ archetypes }));
  goals.push({ name: `simulator default run (${sim.value.length} rows, 20 seeds x 120 days, one thread)`, measured: sim.ms / 1000, budget: 60, unit: 's' });

  const log = heavyLog(365);
  const rebuild = time(() => replay(initialProfileState(), log.entries, ctx.algorithm.learner));
  goals.push({ name: `rebuild state from a year of heavy use (${log.entries.length} log entries)`, measured: rebuild.ms, budget: 1000, unit: 'ms' });

  const calls = 20_000;
  const curve = log.state.curve;
  const sched = time(() => {
    let t = Date.parse('2026-06-01T00:00:00Z');
    for (let i = 0; i < calls; i++) t = nextAdaptive({ curve, frequency: 0.33 + (i % 50) / 9, timeZone: 'Europe/Berlin' }, t);
    return t;
  });
  goals.push({ name: 'adaptive next-delivery computation, per call', measured: (sched.ms * 1000) / calls, budget: 1000, unit: 'µs' });

  const stateBytes = Buffer.byteLength(JSON.stringify(log.state));
  goals.push({ name: 'persisted state of one profile (seed: < 1 KB per user)', measured: stateBytes, budget: 1024 + 512, unit: 'bytes' });

  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  const profiles = Array.from({ length: 10_000 }, () => structuredClone(log.state));
  const perProfile = (process.memoryUsage().heapUsed - before) / profiles.length;
  goals.push({ name: 'heap per loaded profile (server mode serves thousands)', measured: perProfile / 1024, budget: 16, unit: 'KiB' });

  let failed = 0;
  for (const g of goals) {
    const ratio = g.measured / g.budget;
    if (ratio > 1) failed++;
    console.log(`${ratio <= 1 ? 'ok  ' : 'SLOW'} ${g.name}: ${g.measured.toFixed(g.measured < 10 ? 2 : 0)} ${g.unit} of ${g.budget} ${g.unit} budget, ratio ${ratio.toFixed(3)}`);
  }
  console.log(`${goals.length - failed} of ${goals.length} goals met`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main();
