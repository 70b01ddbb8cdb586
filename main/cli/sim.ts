/**
 * `mantra sim`: runs the availability simulator (shared/sim) over archetypes, algorithms
 * and seeds, and prints a table or one JSON object. The only I/O of the simulator:
 * reading the archetype file, worker threads, stdout/stderr.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { ZodError } from 'zod';
import { parameters, type PartialParameters } from '../../shared/parameters.js';
import { parseArchetypeFile, type Archetype } from '../../shared/sim/archetype.js';
import { DEFAULT_DAYS, DEFAULT_SEEDS, matrixJobs, resolveAlgorithm, SIM_ALGORITHMS, simulate, summarizeMatrix, type MatrixJob, type MatrixRow, type RunResult } from '../../shared/sim/run.js';
import { convergenceSummary, type ConvergenceSummary, type MeanStd } from '../../shared/sim/metrics.js';
import { installZoneRules } from '../zoneinfo.js';
import type { SimWorkerData, SimWorkerRequest } from './sim-worker.js';
import { errorText } from '../logger.js';

/** How the shipped archetypes are named in the JSON config (the same on every machine). */
export const SHIPPED_ARCHETYPES = 'data/archetypes.json';
const MAX_SEEDS = 10_000;
const MAX_DAYS = 3_650;

export const SIM_USAGE = `Usage: mantra sim [options]     (npm run sim -- [options])

Runs the availability simulator (docs/simulator.md): every archetype x algorithm x seed.

  --archetypes FILE     archetype file (default: the shipped ${SHIPPED_ARCHETYPES})
  --algorithms A,B,...  from ${SIM_ALGORITHMS.join(', ')} (default: all four)
  --seeds N             seeds per (algorithm, archetype), seeds 1..N (default: ${DEFAULT_SEEDS})
  --days N              simulated days per run (default: ${DEFAULT_DAYS})
  --json                print one JSON object instead of the table
  --workers N           worker threads (default: 1; the default run takes seconds in one thread)
  --params JSON         tuned bounds to vary, any subset of shared/parameters.ts,
                        e.g. '{"learner":{"learningRate":0.3},"encounter":{"autoDisableAfter":12}}'
  --help                this text
`;

export interface SimCliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
}

export interface SimArgs {
  readonly archetypesFile: string | null;
  readonly algorithms: readonly string[];
  readonly seeds: number;
  readonly days: number;
  readonly json: boolean;
  readonly workers: number | null;
  /** Tuned bounds to vary (shared/parameters.ts); null: the shipped ones. */
  readonly params: PartialParameters | null;
  readonly help: boolean;
}

class UsageError extends Error {}

function wholeNumber(flag: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw)) throw new UsageError(`${flag}: expected a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new UsageError(`${flag}: must be between ${min} and ${max}, got ${n}`);
  return n;
}

const SIM_OPTIONS = {
  archetypes: { type: 'string' },
  algorithms: { type: 'string' },
  seeds: { type: 'string' },
  days: { type: 'string' },
  workers: { type: 'string' },
  params: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function algorithmList(raw: string): string[] {
  const names = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (names.length === 0) throw new UsageError(`--algorithms: name at least one of ${SIM_ALGORITHMS.join(', ')}`);
  for (const [j, name] of names.entries()) {
    try {
      resolveAlgorithm(name);
    } catch (e) {
      throw new UsageError(`--algorithms: ${errorText(e)}`);
    }
    if (names.indexOf(name) !== j) throw new UsageError(`--algorithms: "${name}" is listed twice`);
  }
  return names;
}

/** `--params '{"learner":{"learningRate":0.3}}'`: checked here, so a bad value stops the run before it starts. */
function paramsArg(raw: string): PartialParameters {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (e) {
    throw new UsageError(`--params: not JSON (${errorText(e)})`);
  }
  try {
    parameters(json as PartialParameters);
  } catch (e) {
    const issues = e instanceof ZodError ? e.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ') : errorText(e);
    throw new UsageError(`--params: ${issues}`);
  }
  return json as PartialParameters;
}

/** Parses `--flag value` and `--flag=value` (node:util parseArgs); throws UsageError with a one-line reason. */
export function parseSimArgs(argv: readonly string[]): SimArgs {
  // Not strict, so that each refusal below can say exactly what is wrong in our words.
  const { tokens } = parseArgs({ args: [...argv], options: SIM_OPTIONS, strict: false, allowPositionals: true, tokens: true });
  let archetypesFile: string | null = null;
  let algorithms: readonly string[] = SIM_ALGORITHMS;
  let seeds = DEFAULT_SEEDS;
  let days = DEFAULT_DAYS;
  let json = false;
  let workers: number | null = null;
  let params: PartialParameters | null = null;
  let help = false;
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') throw new UsageError(`unexpected argument "${token.value}"`);
    const flag = token.rawName;
    const value = (): string => {
      if (token.value === undefined || (!token.inlineValue && token.value.startsWith('--'))) throw new UsageError(`${flag}: missing value`);
      return token.value;
    };
    const noValue = (): void => {
      if (token.value !== undefined) throw new UsageError(`${flag} takes no value`);
    };
    switch (token.name) {
      case 'archetypes':
        archetypesFile = value();
        if (archetypesFile === '') throw new UsageError('--archetypes: missing file name');
        break;
      case 'algorithms':
        algorithms = algorithmList(value());
        break;
      case 'seeds':
        seeds = wholeNumber(flag, value(), 1, MAX_SEEDS);
        break;
      case 'days':
        days = wholeNumber(flag, value(), 1, MAX_DAYS);
        break;
      case 'workers':
        workers = wholeNumber(flag, value(), 1, 256);
        break;
      case 'params':
        params = paramsArg(value());
        break;
      case 'json':
        noValue();
        json = true;
        break;
      case 'help':
        noValue();
        help = true;
        break;
      default:
        throw new UsageError(`unknown option ${flag}`);
    }
  }
  return { archetypesFile, algorithms, seeds, days, json, workers, params, help };
}

/** The shipped archetypes: data/archetypes.json above this module (from main/ or dist/main/). */
export function shippedArchetypesPath(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (let dir = here, up = 0; up < 4; dir = dirname(dir), up++) {
    const candidate = join(dir, SHIPPED_ARCHETYPES);
    if (existsSync(candidate)) return candidate;
  }
  throw new UsageError(`cannot find the shipped ${SHIPPED_ARCHETYPES} above ${here}; pass --archetypes FILE`);
}

/** Reads and validates an archetype file; every problem in one UsageError, one line each. */
export function loadArchetypeFile(path: string): Archetype[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read archetype file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`archetype file ${path} is not valid JSON: ${(e as Error).message}`);
  }
  const parsed = parseArchetypeFile(json);
  if (!parsed.ok) throw new UsageError(`archetype file ${path} is refused:\n  ${parsed.errors.join('\n  ')}`);
  return [...parsed.archetypes];
}

type Progress = (done: number, total: number) => void;

function runInProcess(archetypes: readonly Archetype[], jobs: readonly MatrixJob[], days: number, params: PartialParameters | null, progress: Progress): RunResult[] {
  return jobs.map((job, i) => {
    const archetype = archetypes[job.archetype];
    if (!archetype) throw new RangeError(`no archetype #${job.archetype + 1}`);
    const result = simulate({ archetype, algorithm: job.algorithm, seed: job.seed, days, ...(params ? { params } : {}) });
    progress(i + 1, jobs.length);
    return result;
  });
}

/** Runs jobs on `count` worker threads, handing out one job at a time; results land at their job's index. */
function runInWorkers(
  script: URL,
  count: number,
  archetypes: readonly Archetype[],
  jobs: readonly MatrixJob[],
  days: number,
  params: PartialParameters | null,
  progress: Progress,
): Promise<RunResult[]> {
  return new Promise((resolve, reject) => {
    const results: RunResult[] = new Array<RunResult>(jobs.length);
    const workers: Worker[] = [];
    let nextJob = 0;
    let done = 0;
    let failed = false;
    const finish = (error?: Error): void => {
      for (const w of workers) void w.terminate();
      if (error) reject(error);
      else resolve(results);
    };
    const feed = (w: Worker): void => {
      if (nextJob >= jobs.length) return;
      const job = jobs[nextJob];
      if (job) w.postMessage({ index: nextJob, job } satisfies SimWorkerRequest);
      nextJob++;
    };
    const data: SimWorkerData = { archetypes, days, params };
    for (let i = 0; i < Math.min(count, jobs.length); i++) {
      const w = new Worker(script, { workerData: data });
      workers.push(w);
      w.on('message', ({ index, result }: { index: number; result: RunResult }) => {
        if (failed) return;
        results[index] = result;
        done++;
        progress(done, jobs.length);
        if (done === jobs.length) finish();
        else feed(w);
      });
      w.on('error', (e) => {
        if (failed) return;
        failed = true;
        finish(e);
      });
      feed(w);
    }
    if (jobs.length === 0) finish();
  });
}

const round = (x: number | null): number | null => (x === null ? null : Math.round(x * 1e6) / 1e6);
const roundMeanStd = (m: MeanStd): MeanStd => ({ mean: round(m.mean), std: round(m.std) });
const roundConvergence = (c: ConvergenceSummary): ConvergenceSummary => ({ mean: round(c.mean), median: round(c.median), never: c.never });

/** The --json document: same arguments, same bytes (numbers rounded to 6 decimals, no timings). */
export function simJson(args: SimArgs, rows: readonly MatrixRow[]): string {
  const doc = {
    config: {
      archetypes: args.archetypesFile ?? SHIPPED_ARCHETYPES,
      algorithms: args.algorithms,
      seeds: args.seeds,
      firstSeed: 1,
      days: args.days,
      start: '2026-01-05 00:00 (a Monday), local to each archetype',
      // Only when varied, so that the default document stays what it was.
      ...(args.params ? { params: args.params } : {}),
    },
    results: rows.map((r) => ({
      algorithm: r.algorithm,
      archetype: r.archetype,
      seeds: r.seeds,
      finalMae: roundMeanStd(r.finalMae),
      encountersToConverge: roundConvergence(r.encountersToConverge),
      recoveryEncounters: r.recoveryEncounters === null ? null : roundConvergence(r.recoveryEncounters),
      successRate: roundMeanStd(r.successRate),
      answeredPerDay: roundMeanStd(r.answeredPerDay),
      deliveriesPerDay: roundMeanStd(r.deliveriesPerDay),
      medianResponseMinutes: roundMeanStd(r.medianResponseMinutes),
      autoDisabledSeeds: r.autoDisabledSeeds,
      quietHourDeliveries: r.quietHourDeliveries,
      quietHourLearning: r.quietHourLearning,
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function fixed(x: number | null, digits: number, scale = 1): string {
  return x === null ? '-' : (x * scale).toFixed(digits);
}
const pm = (m: MeanStd, digits: number, scale = 1): string => (m.mean === null ? '-' : `${fixed(m.mean, digits, scale)} ± ${fixed(m.std, digits, scale)}`);
const conv = (c: ConvergenceSummary | null): string => (c === null ? 'n/a' : `${fixed(c.mean, 0)} / ${fixed(c.median, 0)} / ${c.never}`);

/** The readable table: one line per (archetype, algorithm), archetypes in file order. */
export function simTable(args: SimArgs, rows: readonly MatrixRow[], runs: readonly RunResult[] = []): string {
  const withRecovery = rows.some((r) => r.recoveryEncounters !== null);
  const withQuiet = rows.some((r) => r.quietHours);
  const header = [
    'archetype',
    'algorithm',
    'finalMae',
    'converge mean/median/never',
    ...(withRecovery ? ['recovery mean/median/never'] : []),
    'success %',
    'answered/day',
    'deliveries/day',
    'median response min',
    'auto-off seeds',
    ...(withQuiet ? ['quiet deliveries', 'quiet learning'] : []),
  ];
  const body = rows.map((r) => [
    r.archetype,
    r.algorithm,
    pm(r.finalMae, 4),
    conv(r.encountersToConverge),
    ...(withRecovery ? [conv(r.recoveryEncounters)] : []),
    pm(r.successRate, 1, 100),
    pm(r.answeredPerDay, 2),
    pm(r.deliveriesPerDay, 2),
    pm(r.medianResponseMinutes, 1),
    String(r.autoDisabledSeeds),
    ...(withQuiet ? [String(r.quietHourDeliveries), String(r.quietHourLearning)] : []),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((line) => (line[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const out: string[] = [`${args.seeds} seeds x ${args.days} days; archetypes: ${args.archetypesFile ?? SHIPPED_ARCHETYPES}`, '', line(header), line(widths.map((w) => '-'.repeat(w)))];
  let last = '';
  for (const [i, r] of rows.entries()) {
    if (last !== '' && r.archetype !== last) out.push('');
    last = r.archetype;
    out.push(line(body[i] ?? []));
  }
  out.push('');
  out.push('finalMae: mean ± std over seeds; converge: deliveries until the end-of-day MAE stays <= 0.15 for 7 days (never = seeds that did not).');
  out.push(...overallLines(args, rows, runs));
  const disabled = runs.filter((r) => r.disabledAt !== null);
  if (disabled.length > 0) {
    const which = disabled.map((r) => `${r.archetype}/${r.algorithm} seed ${r.seed}`).join(', ');
    out.push(
      `Delivery turned itself off after ${parameters(args.params ?? {}).encounter.autoDisableAfter} misses in a row in ${disabled.length} of ${runs.length} runs (${which}); the simulated user does not re-enroll.`,
    );
  }
  return `${out.join('\n')}\n`;
}

const meanOf = (xs: readonly (number | null)[]): number | null => {
  const v = xs.filter((x): x is number => x !== null);
  return v.length === 0 ? null : v.reduce((a, b) => a + b, 0) / v.length;
};

/**
 * One line per algorithm over all archetypes (the form issue #11's targets take): means of
 * the per-archetype means, and convergence pooled over every run (median, never).
 */
export function overallLines(args: SimArgs, rows: readonly MatrixRow[], runs: readonly RunResult[]): string[] {
  if (runs.length === 0) return [];
  const lines = ['', 'Over all archetypes (means of the rows above; converge and recovery pooled over every run):'];
  for (const algorithm of args.algorithms) {
    const mine = rows.filter((r) => r.algorithm === algorithm);
    const own = runs.filter((r) => r.algorithm === algorithm);
    const converge = convergenceSummary(own.map((r) => r.encountersToConverge));
    const changed = own.filter((r) => r.changed);
    const recovery =
      changed.length > 0
        ? `; recovery median ${fixed(convergenceSummary(changed.map((r) => r.recoveryEncounters)).median, 0)}, never ${changed.filter((r) => r.recoveryEncounters === null).length} of ${changed.length}`
        : '';
    lines.push(
      `  ${algorithm}: finalMae ${fixed(meanOf(mine.map((r) => r.finalMae.mean)), 4)}; converge median ${fixed(converge.median, 0)}, never ${converge.never} of ${own.length}${recovery}; ` +
        `answered/day ${fixed(meanOf(mine.map((r) => r.answeredPerDay.mean)), 2)}; deliveries/day ${fixed(meanOf(mine.map((r) => r.deliveriesPerDay.mean)), 2)}; ` +
        `median response min ${fixed(meanOf(mine.map((r) => r.medianResponseMinutes.mean)), 1)}`,
    );
  }
  return lines;
}

function workerScript(): URL | null {
  const url = new URL('./sim-worker.js', import.meta.url);
  // Run from sources (tests), there is no compiled worker: the runs stay in this thread.
  return existsSync(fileURLToPath(url)) ? url : null;
}

/** `mantra sim ...`: 0 on success, 2 on bad arguments or a refused archetype file, 1 on a failure while running. */
export async function runSimCli(argv: string[], io: SimCliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let args: SimArgs;
  let archetypes: Archetype[];
  // Offsets from the tz database, as in the worker threads, so a run's result does not depend on its thread count.
  installZoneRules();
  try {
    args = parseSimArgs(argv);
    if (args.help) {
      io.stdout.write(SIM_USAGE);
      return 0;
    }
    archetypes = loadArchetypeFile(args.archetypesFile ?? shippedArchetypesPath());
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr.write(`mantra sim: ${e.message}\n${e.message.includes('\n') ? '' : 'Try: mantra sim --help\n'}`);
    return 2;
  }

  const jobs = matrixJobs(archetypes.length, args.algorithms, args.seeds);
  const tty = io.stderr.isTTY === true;
  const started = performance.now();
  let shown = -1;
  const progress: Progress = (done, total) => {
    if (!tty) return;
    const percent = Math.floor((done / total) * 100);
    if (percent === shown && done !== total) return;
    shown = percent;
    io.stderr.write(`\rsimulating: ${done}/${total} runs (${percent} %)`);
  };
  const threads = Math.min(args.workers ?? 1, jobs.length);
  const script = workerScript();
  let runs: RunResult[];
  try {
    runs = script !== null && threads > 1 ? await runInWorkers(script, threads, archetypes, jobs, args.days, args.params, progress) : runInProcess(archetypes, jobs, args.days, args.params, progress);
  } catch (e) {
    if (tty) io.stderr.write('\n');
    io.stderr.write(`mantra sim: a run failed: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
  if (tty) io.stderr.write(`\rsimulated ${jobs.length} runs in ${((performance.now() - started) / 1000).toFixed(1)} s on ${script !== null && threads > 1 ? threads : 1} thread(s)\n`);

  const rows = summarizeMatrix(archetypes, args.algorithms, args.seeds, runs);
  io.stdout.write(args.json ? simJson(args, rows) : simTable(args, rows, runs));
  return 0;
}
