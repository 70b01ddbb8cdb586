/**
 * The default learner: exposure-counted hourly answer rates.
 *
 * Per local hour and day kind (weekday / weekend) it keeps the hours a mantra was actually
 * pending there (exposure, partial hours count partially) and the answers that came in it.
 * Answers in a pending hour follow a Poisson process of rate λ, so the chance that a whole
 * pending hour gets an answer is 1 - exp(-λ): the curve shown and used. λ is a Gamma-Poisson
 * posterior mean, shrunk three ways where data is thin: toward the user's overall rate, toward
 * the neighbouring hours, and (weekday / weekend) toward the pooled estimate. Two memories
 * (short and long half-life) are kept; a running Bayes factor of their one-step-ahead
 * likelihoods picks the one that explains the recent data better.
 *
 * Everything here is a pure function of the log's sent / answered / deadline times, so
 * replaying the log rebuilds the model exactly.
 */
import { z } from 'zod';
import { HOURS_PER_DAY } from './constants.js';
import { hourOf, localTime, nextHourStart } from './zone.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** Index layout of the count arrays: weekday hours 0-23, then weekend hours 0-23. */
const SLOTS = 2 * HOURS_PER_DAY;

/** The learner's tuned numbers, frozen (same pattern as shared/constants.ts and ts-fsrs). */
export const EXPOSURE_LEARNER = Object.freeze({
  /** Chance of an answer in a whole pending hour before anything is known (seed: "uniform 0.5"). */
  initial: 0.5,
  /** Strength of the prior on the user's overall rate, in pending hours: a weak hyperprior, yet one quick first answer does not lift every unseen hour to 80 %. */
  globalPriorHours: 4,
  /** Strength of the overall rate as prior for each hour, in pending hours: one hour of evidence outweighs it. */
  hourPriorHours: 0.5,
  /** Weight of each neighbouring hour's counts borrowed by an hour (kernel 0.25 / 1 / 0.25). */
  neighbourWeight: 0.25,
  /** Strength of the pooled estimate as prior for the weekday and the weekend estimate (and in the test whether they differ), in pending hours. */
  dayKindPriorHours: 2,
  /** Half-life of the short memory, days: a change of rhythm outweighs the old one within a week. */
  shortHalfLifeDays: 4,
  /** Half-life of the long memory, days: a season's worth of evidence. */
  longHalfLifeDays: 60,
  /** Half-life of the running log Bayes factor (short vs long), days: judges the recent past. */
  evidenceHalfLifeDays: 4,
  /** Log Bayes factor above which the short memory is used (ln 3: "positive" evidence, Kass & Raftery). */
  switchLogBayesFactor: Math.log(3),
  /** Log Bayes factor above which the long memory restarts from the short one: the old rhythm is gone (ln 150: "very strong"). */
  adoptLogBayesFactor: Math.log(150),
  /** Lowest rate used in a likelihood, per hour: keeps log λ finite for hours never answered. */
  minRate: 1e-4,
  /** Stored counts are rounded to this: keeps the persisted state small (about 1.5 KB) at no cost in accuracy. */
  countResolution: 1e-3,
});
export type ExposureLearnerParams = typeof EXPOSURE_LEARNER;

/**
 * Where the default scheduler looks for a better hour around the natural time, in hours
 * (issue #11: "a few hours either side"). A deadline is only ever moved later: an earlier
 * deadline shortens the window and costs answers; the send time after an answer may move
 * either way.
 */
export const AIMED_SCHEDULER = Object.freeze({
  send: Object.freeze({ before: 3, after: 3 }),
  deadline: Object.freeze({ before: 0, after: 2 }),
});

const countsSchema = z.object({
  /** Pending hours per slot (weekday hours, then weekend hours). */
  exposure: z.array(z.number().min(0)).length(SLOTS),
  /** Answers per slot. */
  answers: z.array(z.number().min(0)).length(SLOTS),
});
export type Counts = z.infer<typeof countsSchema>;

/** The learner's state: two decayed count sets and the running evidence between them. */
export const exposureModelSchema = z.object({
  /** Time of the last observation (epoch ms): decay runs from here. */
  at: z.number(),
  short: countsSchema,
  long: countsSchema,
  /** Running log Bayes factor of short over long memory, decayed. */
  logBayesFactor: z.number(),
  observations: z.number().int().min(0),
});
export type ExposureModel = z.infer<typeof exposureModelSchema>;

/** One closed pending window: a mantra out from `from` to `to`, answered at `to` or not. */
export interface PendingWindow {
  readonly from: number;
  readonly to: number;
  readonly answered: boolean;
  readonly timeZone: string;
  /** Local hours that count (the log's judged hours: quiet hours left out); absent: all. */
  readonly hours?: readonly number[];
}

/** Per day kind, the chance of an answer in a whole pending hour, and the evidence behind each hour. */
export interface DayCurves {
  readonly weekday: number[];
  readonly weekend: number[];
  /** Both day kinds together. */
  readonly pooled: number[];
  /** Pending hours observed per hour (decayed, the memory in use), weekday and weekend. */
  readonly evidence: { readonly weekday: number[]; readonly weekend: number[] };
  readonly memory: 'short' | 'long';
}

/** Which components are on: every one by default; the ablation switches them off one at a time. */
export interface LearnerOptions {
  readonly neighbours: boolean;
  readonly dayKinds: boolean;
  readonly twoMemories: boolean;
}
export const ALL_COMPONENTS: LearnerOptions = Object.freeze({ neighbours: true, dayKinds: true, twoMemories: true });

const zeros = (): number[] => Array.from({ length: SLOTS }, () => 0);
const emptyCounts = (): Counts => ({ exposure: zeros(), answers: zeros() });

export function emptyModel(at: number): ExposureModel {
  return { at, short: emptyCounts(), long: emptyCounts(), logBayesFactor: 0, observations: 0 };
}

/** Saturday and Sunday, local. */
export function isWeekendAt(t: number, timeZone: string): boolean {
  const wd = localTime(t, timeZone).weekday;
  return wd === 0 || wd === 6;
}

function slotAt(t: number, timeZone: string): number {
  return (isWeekendAt(t, timeZone) ? HOURS_PER_DAY : 0) + hourOf(t, timeZone);
}

/** Pending hours per slot of [from, to): each instant counted once, DST or not. */
export function exposureOf(from: number, to: number, timeZone: string, hours?: readonly number[]): number[] {
  const e = zeros();
  for (let t = from; t < to;) {
    const end = Math.min(nextHourStart(t, timeZone), to);
    const slot = slotAt(t, timeZone);
    if (hours === undefined || hours.includes(slot % HOURS_PER_DAY)) e[slot] = (e[slot] ?? 0) + (end - t) / HOUR_MS;
    t = end;
  }
  return e;
}

/**
 * Gamma-Poisson posterior mean of a rate: `answers` in `exposure` hours, with a prior of
 * `priorRate` worth `priorHours` pending hours. More evidence at one observed rate only
 * moves it toward that rate.
 */
export function posteriorRate(answers: number, exposure: number, priorRate: number, priorHours: number): number {
  return (answers + priorRate * priorHours) / (exposure + priorHours);
}

/** Chance of at least one answer in a whole pending hour at rate λ. */
export function hourChance(rate: number): number {
  return -Math.expm1(-Math.max(0, rate));
}

function smooth(xs: readonly number[], offset: number, w: number): number[] {
  const n = HOURS_PER_DAY;
  return Array.from({ length: n }, (_, h) => (xs[offset + h] ?? 0) + w * ((xs[offset + ((h + n - 1) % n)] ?? 0) + (xs[offset + ((h + 1) % n)] ?? 0)));
}

/** Hourly rates of one count set: weekday slots then weekend slots. */
export function ratesOf(c: Counts, p: ExposureLearnerParams = EXPOSURE_LEARNER, o: LearnerOptions = ALL_COMPONENTS): { rates: number[]; pooled: number[] } {
  const n = HOURS_PER_DAY;
  const w = o.neighbours ? p.neighbourWeight : 0;
  let totalA = 0;
  let totalE = 0;
  for (let i = 0; i < SLOTS; i++) {
    totalA += c.answers[i] ?? 0;
    totalE += c.exposure[i] ?? 0;
  }
  const global = posteriorRate(totalA, totalE, -Math.log1p(-p.initial), p.globalPriorHours);
  const pooledA = Array.from({ length: n }, (_, h) => (c.answers[h] ?? 0) + (c.answers[n + h] ?? 0));
  const pooledE = Array.from({ length: n }, (_, h) => (c.exposure[h] ?? 0) + (c.exposure[n + h] ?? 0));
  const sA = smooth(pooledA, 0, w);
  const sE = smooth(pooledE, 0, w);
  const pooled = sA.map((a, h) => posteriorRate(a, sE[h] ?? 0, global, p.hourPriorHours));
  if (!o.dayKinds) return { rates: [...pooled, ...pooled], pooled };
  const wdA = smooth(c.answers, 0, w);
  const wdE = smooth(c.exposure, 0, w);
  const weA = smooth(c.answers, n, w);
  const weE = smooth(c.exposure, n, w);
  const weekday: number[] = [];
  const weekend: number[] = [];
  for (let h = 0; h < n; h++) {
    const prior = pooled[h] ?? global;
    const k = p.dayKindPriorHours;
    const [aD, eD, aE, eE] = [wdA[h] ?? 0, wdE[h] ?? 0, weA[h] ?? 0, weE[h] ?? 0];
    // Bayesian model averaging: one rate for all days, or one for weekdays and one for weekends.
    const logSame = logMarginal(aD + aE, eD + eE, prior * k, k);
    const logApart = logMarginal(aD, eD, prior * k, k) + logMarginal(aE, eE, prior * k, k);
    const apart = 1 / (1 + Math.exp(Math.min(700, logSame - logApart)));
    const same = posteriorRate(aD + aE, eD + eE, prior, k);
    weekday.push(apart * posteriorRate(aD, eD, prior, k) + (1 - apart) * same);
    weekend.push(apart * posteriorRate(aE, eE, prior, k) + (1 - apart) * same);
  }
  return { rates: [...weekday, ...weekend], pooled };
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9: about 15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const y = x - 1;
  let a = c[0] ?? 1;
  const t = y + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += (c[i] ?? 0) / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * Log marginal likelihood of `answers` in `exposure` pending hours under a Poisson rate with a
 * Gamma(shape, rate) prior, without the terms that are the same for every model of the same data.
 */
export function logMarginal(answers: number, exposure: number, shape: number, rate: number): number {
  return shape * Math.log(rate) - logGamma(shape) + logGamma(shape + answers) - (shape + answers) * Math.log(rate + exposure);
}

function decayed(c: Counts, factor: number): Counts {
  return { exposure: c.exposure.map((x) => x * factor), answers: c.answers.map((x) => x * factor) };
}

function added(c: Counts, exposure: readonly number[], answerSlot: number | null, resolution: number): Counts {
  const q = (x: number): number => Math.round(x / resolution) * resolution;
  return {
    exposure: c.exposure.map((x, i) => q(x + (exposure[i] ?? 0))),
    answers: c.answers.map((x, i) => q(i === answerSlot ? x + 1 : x)),
  };
}

/** Log-likelihood of one window under hourly rates: -Σ λ·exposure, plus log λ of the answer's hour. */
function windowLogLikelihood(rates: readonly number[], exposure: readonly number[], answerSlot: number | null, p: ExposureLearnerParams): number {
  let ll = 0;
  for (let i = 0; i < SLOTS; i++) ll -= Math.max(p.minRate, rates[i] ?? 0) * (exposure[i] ?? 0);
  if (answerSlot !== null) ll += Math.log(Math.max(p.minRate, rates[answerSlot] ?? 0));
  return ll;
}

function halfLifeFactor(ms: number, days: number): number {
  return ms <= 0 ? 1 : Math.pow(2, -ms / (days * DAY_MS));
}

/** The model after one closed window. Windows are applied in log order; `to` never goes backwards in time. */
export function observe(model: ExposureModel | null, w: PendingWindow, p: ExposureLearnerParams = EXPOSURE_LEARNER, o: LearnerOptions = ALL_COMPONENTS): ExposureModel {
  const m = model ?? emptyModel(w.from);
  const to = Math.max(w.to, w.from);
  const elapsed = Math.max(0, to - m.at);
  const short = decayed(m.short, halfLifeFactor(elapsed, p.shortHalfLifeDays));
  const long = decayed(m.long, halfLifeFactor(elapsed, p.longHalfLifeDays));
  const exposure = exposureOf(w.from, to, w.timeZone, w.hours);
  const answerSlot = w.answered ? slotAt(to, w.timeZone) : null;
  let logBayesFactor = m.logBayesFactor * halfLifeFactor(elapsed, p.evidenceHalfLifeDays);
  if (o.twoMemories) {
    // One-step-ahead (prequential) likelihoods: their ratio over a sequence is the Bayes factor.
    const llShort = windowLogLikelihood(ratesOf(short, p, o).rates, exposure, answerSlot, p);
    const llLong = windowLogLikelihood(ratesOf(long, p, o).rates, exposure, answerSlot, p);
    logBayesFactor += llShort - llLong;
  }
  const nextShort = added(short, exposure, answerSlot, p.countResolution);
  let nextLong = added(long, exposure, answerSlot, p.countResolution);
  if (o.twoMemories && logBayesFactor > p.adoptLogBayesFactor) {
    // The old rhythm no longer explains the data: the long memory starts again from the recent one.
    nextLong = { exposure: [...nextShort.exposure], answers: [...nextShort.answers] };
    logBayesFactor = 0;
  }
  return { at: Math.max(m.at, to), short: nextShort, long: nextLong, logBayesFactor: Math.round(logBayesFactor * 1e6) / 1e6, observations: m.observations + 1 };
}

/** The memory the learner uses now. */
export function memoryInUse(model: ExposureModel, p: ExposureLearnerParams = EXPOSURE_LEARNER, o: LearnerOptions = ALL_COMPONENTS): 'short' | 'long' {
  return o.twoMemories && model.logBayesFactor > p.switchLogBayesFactor ? 'short' : 'long';
}

/** Curves of a model (null: nothing learned, the flat initial curve). */
export function curvesOf(model: ExposureModel | null, p: ExposureLearnerParams = EXPOSURE_LEARNER, o: LearnerOptions = ALL_COMPONENTS): DayCurves {
  const n = HOURS_PER_DAY;
  const m = model ?? emptyModel(0);
  const memory = memoryInUse(m, p, o);
  const counts = memory === 'short' ? m.short : m.long;
  const { rates, pooled } = ratesOf(counts, p, o);
  const chances = rates.map(hourChance);
  return {
    weekday: chances.slice(0, n),
    weekend: chances.slice(n),
    pooled: pooled.map(hourChance),
    evidence: { weekday: counts.exposure.slice(0, n), weekend: counts.exposure.slice(n) },
    memory,
  };
}
