/**
 * The simulator's runner: one (archetype, algorithm, seed) run drives the app's own
 * reducers (enroll -> due at nextWake -> answer or timeout) and replaces only the clock
 * and the user; a matrix of runs is summarized per (algorithm, archetype).
 */
import { ALGORITHMS, algorithmsWith, type NamedAlgorithm } from '../algorithms.js';
import { DEFAULT_PARAMETERS, parameters, type MantraParameters, type PartialParameters } from '../parameters.js';
import { answer, due, enroll, nextWake, type Algorithm, type EncounterContext, type Step } from '../encounter.js';
import type { LogEntry } from '../encounter-log.js';
import { createRng, deriveSeed } from '../random.js';
import { initialProfileState, type Mantra, type ProfileState } from '../settings.js';
import { ABLATIONS } from './ablation.js';
import type { Archetype } from './archetype.js';
import {
  convergenceSummary,
  encountersToConverge,
  finalMae,
  meanAbsoluteError,
  meanStd,
  median,
  recoveryEncounters,
  truthCurve,
  type Checkpoint,
  type ConvergenceSummary,
  type MeanStd,
} from './metrics.js';
import { createUser, isWeekend, MINUTE_MS, respond, type Response } from './user.js';
import { isQuiet, quietMsBetween, type QuietHours } from '../quiet-hours.js';
import { hourOf, nextHourStart } from '../zone.js';

/** Algorithms the simulator knows, by name, in the order a full run uses. */
export const SIM_ALGORITHMS: readonly string[] = Object.freeze(['interval', 'response-only', 'seed-v2', 'default']);
export const DEFAULT_SEEDS = 20;
export const DEFAULT_DAYS = 120;

/**
 * The simulated user's own small library. Fixed here rather than taken from the shipped
 * themes so that editing the library never moves the simulator's figures; the user types
 * back the exact text of whatever mantra comes.
 */
export const SIM_LIBRARY: readonly Mantra[] = Object.freeze([
  { id: 'sim/0', theme: 'sim', template: 'I am here, and this moment is enough', difficulty: 'easy', basePoints: 25 },
  { id: 'sim/1', theme: 'sim', template: '{subject} finish what I start', difficulty: 'moderate', basePoints: 50 },
  { id: 'sim/2', theme: 'sim', template: 'One calm breath, then the next thing', difficulty: 'hard', basePoints: 100 },
]);

/** An app algorithm (shared/algorithms.ts, built from `params` when given) or an ablation variant (ablation.ts), by name. */
export function resolveAlgorithm(name: string, params?: MantraParameters): NamedAlgorithm {
  const table = params ? algorithmsWith(params) : ALGORITHMS;
  const found = Object.hasOwn(table, name) ? table[name] : Object.hasOwn(ABLATIONS, name) ? ABLATIONS[name] : undefined;
  if (!found) throw new RangeError(`unknown algorithm "${name}" (known: ${[...Object.keys(table), ...Object.keys(ABLATIONS)].join(', ')})`);
  return found;
}

/**
 * The learner's estimate for one simulated day: a learner that tells weekdays from
 * weekends gives that day's kind (the README allows it); the others their one curve.
 */
export function estimateForDay(algorithm: Algorithm, state: ProfileState, day: number): readonly number[] {
  const windows = algorithm.learner.windows;
  if (!windows) return state.curve;
  const curves = windows.curves(state.model);
  return isWeekend(day) ? curves.weekend : curves.weekday;
}

export interface SimulateOptions {
  readonly archetype: Archetype;
  /** A name of shared/algorithms.ts ALGORITHMS. */
  readonly algorithm: string;
  readonly seed: number;
  readonly days: number;
  /** Sees every encounter-log entry the domain writes during the run, in order (for inspection). */
  readonly onLog?: (entry: LogEntry) => void;
  /** Tuned bounds to run with instead of the shipped ones (shared/parameters.ts), e.g. `{ learner: { learningRate: 0.3 } }`. */
  readonly params?: PartialParameters;
}

export interface RunResult {
  readonly algorithm: string;
  readonly archetype: string;
  readonly seed: number;
  readonly days: number;
  /** Deliveries made before the end of the run (a mantra still out at the end counts). */
  readonly delivered: number;
  readonly answered: number;
  readonly successRate: number;
  readonly answeredPerDay: number;
  readonly deliveriesPerDay: number;
  /** Median minutes from delivery to answer; null without answers. */
  readonly medianResponseMinutes: number | null;
  readonly finalMae: number;
  readonly encountersToConverge: number | null;
  /** Null without a pattern change, or when the run never recovered (see `changed`). */
  readonly recoveryEncounters: number | null;
  readonly changed: boolean;
  /** End-of-day MAE against the next day's truth, one per day. */
  readonly dailyMae: readonly number[];
  /** The learned curve at the end of the run: the estimate. */
  readonly finalCurve: readonly number[];
  /** Answers the user was too slow for (noticed, but landing after the deadline). */
  readonly lateAnswers: number;
  /** When delivery turned itself off after repeated misses (the user stays out); null if never. */
  readonly disabledAt: number | null;
  /** Deliveries whose send time fell inside the user's quiet hours (must be 0). */
  readonly quietHourDeliveries: number;
  /** Learner updates (reward or penalty) applied to hours that were wholly inside quiet hours when judged (must be 0). */
  readonly quietHourLearning: number;
}

/**
 * How many of an entry's learned hours were judged on quiet time only: a rewarded hour whose
 * instant is quiet, a penalized hour none of whose time in [from, to) lies outside quiet hours.
 */
export function quietLearnedHours(q: QuietHours, from: number, to: number, rewarded: readonly number[], penalized: readonly number[]): number {
  let n = 0;
  for (const h of rewarded) if (hourOf(to, q.timeZone) === h && isQuiet(q, to)) n++;
  for (const h of penalized) {
    let active = 0;
    for (let t = from; t < to;) {
      const end = Math.min(nextHourStart(t, q.timeZone), to);
      if (hourOf(t, q.timeZone) === h) active += end - t - quietMsBetween(q, t, end);
      t = end;
    }
    if (active <= 0) n++;
  }
  return n;
}

function logOf(step: Step, onLog: ((entry: LogEntry) => void) | undefined): Step {
  if (onLog) for (const e of step.effects) if (e.kind === 'log') onLog(e.entry);
  return step;
}

function accepted(step: Step): boolean {
  return step.effects.some((e) => e.kind === 'answerResult' && e.verdict.accepted);
}

/** One run: enroll at the start, then follow the domain's timer and the user's answers until the end. */
export function simulate(opts: SimulateOptions): RunResult {
  const { archetype: a, seed, days } = opts;
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`days must be a whole number of at least 1, got ${days}`);
  const params = opts.params ? parameters(opts.params) : DEFAULT_PARAMETERS;
  const named = resolveAlgorithm(opts.algorithm, opts.params ? params : undefined);
  // The user's own mode applies to every algorithm but the no-learning `interval` reference, which is defined by its mode.
  const ownMode = opts.algorithm === 'interval' ? null : a.settings.mode;
  const ctx: EncounterContext = {
    params,
    algorithm: named.algorithm,
    mode: ownMode ?? named.mode ?? { kind: 'adaptive' },
    quietHours: a.settings.quietHours,
    timeZone: a.timezone,
    library: SIM_LIBRARY,
    themes: ['sim'],
    favorites: [],
    names: { subject: 'I', controller: 'my future self' },
  };
  // Streams keyed by seed and archetype only: every algorithm meets the same days for the same seed.
  const user = createUser(a, days, {
    shifts: createRng(deriveSeed(seed, `shifts/${a.name}`)),
    user: createRng(deriveSeed(seed, `user/${a.name}`)),
  });
  const domainRng = createRng(deriveSeed(seed, `domain/${a.name}`));
  const truths = user.curves.map((c) => truthCurve(c, a.ignoreProbability));
  const dayStarts = user.calendar.dayStarts;
  const start = dayStarts[0] ?? 0;
  const end = dayStarts[days] ?? start;

  const checkpoints: Checkpoint[] = [];
  const responseMinutes: number[] = [];
  let lateAnswers = 0;
  let disabledAt: number | null = null;
  const checkpointsUpTo = (t: number, state: ProfileState): void => {
    // The end of day d is the start of day d + 1; an event at that instant belongs to the new day.
    while (checkpoints.length < days && (dayStarts[checkpoints.length + 1] ?? Infinity) <= t) {
      const d = checkpoints.length;
      checkpoints.push({ mae: meanAbsoluteError(estimateForDay(named.algorithm, state, d + 1), truths[d + 1] ?? []), deliveries: state.delivered });
    }
  };

  const quiet = { windows: a.settings.quietHours, timeZone: a.timezone };
  let quietHourDeliveries = 0;
  let quietHourLearning = 0;
  const watch = (entry: LogEntry): void => {
    opts.onLog?.(entry);
    if (quiet.windows.length === 0) return;
    if (entry.type === 'delivered' && isQuiet(quiet, entry.at)) quietHourDeliveries++;
    if (entry.type === 'answered') quietHourLearning += quietLearnedHours(quiet, entry.sentAt, entry.at, entry.quiet === true ? [] : [entry.hour], entry.missedHours);
    if (entry.type === 'timedOut') quietHourLearning += quietLearnedHours(quiet, entry.sentAt, entry.at, [], entry.missedHours);
  };
  let state = logOf(enroll(initialProfileState(), ctx, start), watch).state;
  let pending: Response = { kind: 'none' };
  for (;;) {
    const wake = nextWake(state);
    // Null after delivery turned itself off: the simulated user does not re-enroll.
    if (wake === null) break;
    const answerAt = state.sent !== null && pending.kind === 'answer' ? pending.at : Infinity;
    const at = Math.min(answerAt, wake);
    if (at >= end) break;
    checkpointsUpTo(at, state);
    if (answerAt < wake) {
      const text = state.current?.text ?? '';
      const sent = state.sent ?? at;
      const step = logOf(answer(state, ctx, { text, channel: 'cli' }, at), watch);
      if (step.error !== undefined || !accepted(step)) throw new Error(`simulated answer refused at ${at}: ${step.error ?? 'not accepted'}`);
      responseMinutes.push((at - sent) / MINUTE_MS);
      state = step.state;
      pending = { kind: 'none' };
      continue;
    }
    const step = logOf(due(state, ctx, at, domainRng), watch);
    state = step.state;
    pending = { kind: 'none' };
    for (const effect of step.effects) {
      if (effect.kind === 'deliver') {
        pending = respond(user, at, effect.deadline, end);
        if (pending.kind === 'late') lateAnswers++;
      }
      if (effect.kind === 'disabled') disabledAt = at;
    }
  }
  checkpointsUpTo(end, state);

  const delivered = state.delivered;
  const answered = state.answered;
  const estimate = state.curve;
  const finalState = state;
  return {
    algorithm: opts.algorithm,
    archetype: a.name,
    seed,
    days,
    delivered,
    answered,
    successRate: delivered === 0 ? 0 : answered / delivered,
    answeredPerDay: answered / days,
    deliveriesPerDay: delivered / days,
    medianResponseMinutes: median(responseMinutes),
    finalMae: finalMae(truths.slice(0, days), (d) => estimateForDay(named.algorithm, finalState, d)),
    encountersToConverge: encountersToConverge(checkpoints),
    recoveryEncounters: a.change !== null && a.change.afterDays < days ? recoveryEncounters(checkpoints, a.change.afterDays) : null,
    changed: a.change !== null && a.change.afterDays < days,
    dailyMae: checkpoints.map((c) => c.mae),
    finalCurve: [...estimate],
    lateAnswers,
    disabledAt,
    quietHourDeliveries,
    quietHourLearning,
  };
}

/** One (algorithm, archetype) row of a matrix: the README's metrics over seeds. */
export interface MatrixRow {
  readonly algorithm: string;
  readonly archetype: string;
  readonly seeds: number;
  readonly finalMae: MeanStd;
  readonly encountersToConverge: ConvergenceSummary;
  /** Null for an archetype without a pattern change. */
  readonly recoveryEncounters: ConvergenceSummary | null;
  readonly successRate: MeanStd;
  readonly answeredPerDay: MeanStd;
  readonly deliveriesPerDay: MeanStd;
  readonly medianResponseMinutes: MeanStd;
  /** Whether the archetype's user set quiet hours. */
  readonly quietHours: boolean;
  /** Seeds in which delivery turned itself off at least once. */
  readonly autoDisabledSeeds: number;
  /** Summed over seeds (must be 0). */
  readonly quietHourDeliveries: number;
  /** Summed over seeds (must be 0). */
  readonly quietHourLearning: number;
}

export interface MatrixJob {
  /** Index into the archetype list. */
  readonly archetype: number;
  readonly algorithm: string;
  readonly seed: number;
}

/** Seeds of a run of `count` seeds: 1..count. */
export function seedValues(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i + 1);
}

/** Every run of a matrix, in the order of its rows: archetype, then algorithm, then seed. */
export function matrixJobs(archetypeCount: number, algorithms: readonly string[], seeds: number): MatrixJob[] {
  const jobs: MatrixJob[] = [];
  for (let archetype = 0; archetype < archetypeCount; archetype++) {
    for (const algorithm of algorithms) for (const seed of seedValues(seeds)) jobs.push({ archetype, algorithm, seed });
  }
  return jobs;
}

/** Summarizes the runs of one (algorithm, archetype) over its seeds. */
export function summarizeRuns(algorithm: string, archetype: Archetype, runs: readonly RunResult[]): MatrixRow {
  const changed = runs.some((r) => r.changed);
  return {
    algorithm,
    archetype: archetype.name,
    seeds: runs.length,
    finalMae: meanStd(runs.map((r) => r.finalMae)),
    encountersToConverge: convergenceSummary(runs.map((r) => r.encountersToConverge)),
    recoveryEncounters: changed ? convergenceSummary(runs.map((r) => r.recoveryEncounters)) : null,
    successRate: meanStd(runs.map((r) => r.successRate)),
    answeredPerDay: meanStd(runs.map((r) => r.answeredPerDay)),
    deliveriesPerDay: meanStd(runs.map((r) => r.deliveriesPerDay)),
    medianResponseMinutes: meanStd(runs.map((r) => r.medianResponseMinutes)),
    quietHours: archetype.settings.quietHours.length > 0,
    autoDisabledSeeds: runs.filter((r) => r.disabledAt !== null).length,
    quietHourDeliveries: runs.reduce((s, r) => s + r.quietHourDeliveries, 0),
    quietHourLearning: runs.reduce((s, r) => s + r.quietHourLearning, 0),
  };
}

/** Rows from the results of matrixJobs(...), given in the same order. */
export function summarizeMatrix(archetypes: readonly Archetype[], algorithms: readonly string[], seeds: number, runs: readonly RunResult[]): MatrixRow[] {
  const rows: MatrixRow[] = [];
  let i = 0;
  for (const a of archetypes) {
    for (const algorithm of algorithms) {
      rows.push(summarizeRuns(algorithm, a, runs.slice(i, i + seeds)));
      i += seeds;
    }
  }
  return rows;
}

export interface MatrixOptions {
  readonly archetypes: readonly Archetype[];
  readonly algorithms?: readonly string[];
  readonly seeds?: number;
  readonly days?: number;
  /** Called after each run with (done, total). */
  readonly onProgress?: (done: number, total: number) => void;
  /** Tuned bounds for every run (see SimulateOptions.params). */
  readonly params?: PartialParameters;
}

/** Every (archetype, algorithm, seed) run in one thread, summarized per (algorithm, archetype). */
export function runMatrix(opts: MatrixOptions): MatrixRow[] {
  const algorithms = opts.algorithms ?? SIM_ALGORITHMS;
  const seeds = opts.seeds ?? DEFAULT_SEEDS;
  const days = opts.days ?? DEFAULT_DAYS;
  for (const name of algorithms) resolveAlgorithm(name);
  const jobs = matrixJobs(opts.archetypes.length, algorithms, seeds);
  const runs = jobs.map((job, i) => {
    const archetype = opts.archetypes[job.archetype];
    if (!archetype) throw new RangeError(`no archetype #${job.archetype + 1}`);
    const run = simulate({ archetype, algorithm: job.algorithm, seed: job.seed, days, ...(opts.params ? { params: opts.params } : {}) });
    opts.onProgress?.(i + 1, jobs.length);
    return run;
  });
  return summarizeMatrix(opts.archetypes, algorithms, seeds, runs);
}
