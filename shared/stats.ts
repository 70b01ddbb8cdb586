/**
 * Figures for the Stats page, derived from the encounter log alone (never from the
 * state cache), as plain JSON-safe data.
 *
 * An encounter is one `delivered` entry; its outcome is the `answered`, `timedOut` or
 * `skipped` entry whose `sentAt` equals the delivery's `at`.
 */
import { HOURS_PER_DAY } from './constants.js';
import { z } from 'zod';
import { answeredEntrySchema, deliveredEntrySchema, skippedEntrySchema, timedOutEntrySchema, type LogEntry, type LogEntryOf } from './encounter-log.js';
import type { Channel, Difficulty } from './settings.js';
import { localTime } from './zone.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** How many encounters `recent` lists. */
const RECENT_COUNT = 20;
/** How many local days `days` lists. */
const DAY_SERIES_LENGTH = 30;

/** Response-time bins: upper bound (exclusive) and label; the last is open. */
const BINS: readonly (readonly [number, string])[] = [
  [MINUTE_MS, '<1m'],
  [2 * MINUTE_MS, '1-2m'],
  [5 * MINUTE_MS, '2-5m'],
  [15 * MINUTE_MS, '5-15m'],
  [HOUR_MS, '15-60m'],
  [3 * HOUR_MS, '1-3h'],
  [Infinity, '3h+'],
];

export type Outcome = 'answered' | 'timedOut' | 'skipped' | 'pending';

export interface RecentEncounter {
  /** When the mantra was sent; unique per encounter, usable as a key. */
  readonly sentAt: number;
  readonly deadline: number;
  readonly mantraId: string;
  readonly theme: string;
  readonly template: string;
  /** The text as it was delivered. */
  readonly text: string;
  readonly difficulty: Difficulty;
  readonly outcome: Outcome;
  /** When the outcome was logged; null while pending. */
  readonly resolvedAt: number | null;
  /** Answered only, else null. */
  readonly responseMs: number | null;
  readonly points: number | null;
  readonly similarity: number | null;
  readonly channel: Channel | null;
}

export interface ThemeStats {
  readonly theme: string;
  readonly delivered: number;
  readonly answered: number;
  readonly timedOut: number;
  /** answered / (answered + timedOut); null before any of either. */
  readonly rate: number | null;
}

export interface HourStats {
  readonly hour: number;
  /** Deliveries sent in this local hour. */
  readonly delivered: number;
  /** Answers given in this local hour (the hour learned as available). */
  readonly answered: number;
}

export interface DayStats {
  /** Local calendar date, YYYY-MM-DD. */
  readonly date: string;
  readonly delivered: number;
  readonly answered: number;
}

export interface HistogramBin {
  readonly label: string;
  readonly count: number;
}

export interface ResponseTimes {
  readonly count: number;
  /** Whole milliseconds; null before the first answer. */
  readonly medianMs: number | null;
  readonly p90Ms: number | null;
  readonly meanMs: number | null;
  /** Bins <1m, 1-2m, 2-5m, 5-15m, 15-60m, 1-3h, 3h+; lower bound included. */
  readonly histogram: readonly HistogramBin[];
}

export interface Stats {
  readonly delivered: number;
  readonly answered: number;
  readonly timedOut: number;
  /** Skips of a mantra that was out; skipping a delivery not yet sent is no encounter. */
  readonly skipped: number;
  /** Delivered with no outcome logged yet. */
  readonly pending: number;
  /** answered / (answered + timedOut); skips count for neither; null before any. */
  readonly completionRate: number | null;
  /** Answers in a row up to the end of the log; a timeout resets, a skip does not. */
  readonly currentStreak: number;
  readonly bestStreak: number;
  readonly totalPoints: number;
  readonly responseTime: ResponseTimes;
  /** Most delivered first. */
  readonly perTheme: readonly ThemeStats[];
  /** Exactly 24 entries, hour 0 to 23. */
  readonly perHour: readonly HourStats[];
  /** Answers in the last 7 x 24 h and 30 x 24 h before `now`, divided by 7 and 30. */
  readonly answeredPerDay: { readonly last7: number; readonly last30: number };
  /** The last 30 local calendar days, oldest first, today last. */
  readonly days: readonly DayStats[];
  /** The last 20 encounters, newest first. */
  readonly recent: readonly RecentEncounter[];
}

/** Linear interpolation between closest ranks, on sorted values. */
function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const low = sorted[lo] ?? 0;
  const high = sorted[Math.ceil(pos)] ?? low;
  return Math.round(low + (high - low) * (pos - lo));
}

/** The histogram bin of a response time (a plain loop: it runs once per answer of a whole log). */
function binOf(ms: number): number {
  for (let i = 0; i < BINS.length; i++) if (ms < (BINS[i]?.[0] ?? Infinity)) return i;
  return -1;
}

function responseTimes(sorted: readonly number[], sum: number, counts: readonly number[]): ResponseTimes {
  return {
    count: sorted.length,
    medianMs: quantile(sorted, 0.5),
    p90Ms: quantile(sorted, 0.9),
    meanMs: sorted.length === 0 ? null : Math.round(sum / sorted.length),
    histogram: BINS.map(([, label], i) => ({ label, count: counts[i] ?? 0 })),
  };
}

/** "YYYY-MM-DD" of an instant in a time zone. */
function localDate(ms: number, timeZone: string): string {
  const t = localTime(ms, timeZone);
  return `${String(t.year).padStart(4, '0')}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;
}

/** The `count` calendar dates ending with `today`, oldest first (pure date arithmetic, no zone). */
function datesEndingWith(today: string, count: number): string[] {
  const [y = 1970, m = 1, d = 1] = today.split('-').map(Number);
  return Array.from({ length: count }, (_, i) => new Date(Date.UTC(y, m - 1, d - (count - 1 - i))).toISOString().slice(0, 10));
}

/** What stats read of an answer and a timeout; the rest of such an entry is the learner's. */
const statsAnsweredSchema = answeredEntrySchema.pick({ type: true, at: true, sentAt: true, responseMs: true, channel: true, theme: true, template: true, similarity: true, points: true, hour: true });
const statsTimedOutSchema = timedOutEntrySchema.pick({ type: true, at: true, sentAt: true, theme: true, template: true });
const settlingSchema = z.union([statsAnsweredSchema, statsTimedOutSchema, skippedEntrySchema]);

/** The log entries stats read, with only the fields they read: checked by this schema, a whole log reads faster than through logEntrySchema. */
export const statsEntrySchema = z.discriminatedUnion('type', [deliveredEntrySchema, statsAnsweredSchema, statsTimedOutSchema, skippedEntrySchema]);
export type StatsEntry = z.infer<typeof statsEntrySchema>;
/** The `type`s statsEntrySchema takes; lines of any other type are not read for stats. */
export const STATS_ENTRY_TYPES: ReadonlySet<string> = new Set(['delivered', 'answered', 'timedOut', 'skipped']);

type Settling = z.infer<typeof settlingSchema>;

interface Encounter {
  readonly delivery: LogEntryOf<'delivered'>;
  outcome: Settling | null;
}

function recentOf(e: Encounter): RecentEncounter {
  const { delivery, outcome } = e;
  const answer = outcome?.type === 'answered' ? outcome : null;
  return {
    sentAt: delivery.at,
    deadline: delivery.deadline,
    mantraId: delivery.mantra.id,
    theme: delivery.mantra.theme,
    template: delivery.mantra.template,
    text: delivery.mantra.text,
    difficulty: delivery.mantra.difficulty,
    outcome: outcome?.type ?? 'pending',
    resolvedAt: outcome?.at ?? null,
    responseMs: answer?.responseMs ?? null,
    points: answer?.points ?? null,
    similarity: answer?.similarity ?? null,
    channel: answer?.channel ?? null,
  };
}

const rateOf = (answered: number, timedOut: number): number | null => (answered + timedOut === 0 ? null : answered / (answered + timedOut));

/** Index of the first element > value in a sorted array. */
function upperBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? 0) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Times older than this before `now` can never fall in a series again; the margin covers a clock set back. */
const SERIES_REACH_MS = 2 * (DAY_SERIES_LENGTH + 1) * DAY_MS;

/** What a StatsAccumulator carries between processes (a cache beside the log, checked when read). */
export const statsIndexSchema = z.object({
  delivered: z.number().int().min(0),
  timedOut: z.number().int().min(0),
  skipped: z.number().int().min(0),
  currentStreak: z.number().int().min(0),
  bestStreak: z.number().int().min(0),
  totalPoints: z.number().min(0),
  responseSum: z.number().min(0),
  /** Every answer's response time; sorted. */
  responseMs: z.array(z.number()),
  /** `at` of recent deliveries and answers, in log order (older ones are dropped). */
  deliveredAt: z.array(z.number()),
  answeredAt: z.array(z.number()),
  answeredTotal: z.number().int().min(0),
  themes: z.array(z.tuple([z.string(), z.number().int(), z.number().int(), z.number().int()])),
  perHour: z.array(z.tuple([z.number().int(), z.number().int()])).length(HOURS_PER_DAY),
  recent: z.array(z.object({ delivery: deliveredEntrySchema, outcome: settlingSchema.nullable() })),
  /** Sent times of open encounters older than `recent`. */
  openOlder: z.array(z.number()),
});
export type StatsIndex = z.infer<typeof statsIndexSchema>;

/**
 * The Stats page's figures, kept up to date one log entry at a time: `add` is O(log n),
 * `stats(now)` costs only the recent window, so a warm call does not re-read the log.
 */
export class StatsAccumulator {
  private delivered = 0;
  private timedOut = 0;
  private skipped = 0;
  private currentStreak = 0;
  private bestStreak = 0;
  private totalPoints = 0;
  private responseSum = 0;
  private responseMs: number[] = [];
  private responseSorted = true;
  /** Answers per response-time bin, kept as they come: a warm read does not walk every answer. */
  private readonly binCounts: number[] = BINS.map(() => 0);
  private deliveredAt: number[] = [];
  private answeredAt: number[] = [];
  private answeredTotal = 0;
  private readonly themes = new Map<string, { delivered: number; answered: number; timedOut: number }>();
  private readonly perHour = Array.from({ length: HOURS_PER_DAY }, () => ({ delivered: 0, answered: 0 }));
  private recent: Encounter[] = [];
  private read = false;
  private readonly open = new Map<number, Encounter | null>();
  /** The last delivery while still open, kept out of `open`: nearly every outcome settles it, so most settle without a map lookup. */
  private latest: Encounter | null = null;

  /** Entries in log order. */
  addAll(entries: Iterable<LogEntry | StatsEntry>): this {
    for (const e of entries) this.add(e);
    return this;
  }

  add(entry: LogEntry | StatsEntry): void {
    switch (entry.type) {
      case 'delivered': {
        const encounter: Encounter = { delivery: entry, outcome: null };
        this.delivered++;
        this.deliveredAt.push(entry.at);
        this.recent.push(encounter);
        if (this.recent.length > RECENT_COUNT * 2) this.recent = this.recent.slice(-RECENT_COUNT);
        if (this.latest) this.open.set(this.latest.delivery.at, this.latest);
        // A second delivery at the same time takes the first one's place, as a map set would.
        if (this.open.size > 0) this.open.delete(entry.at);
        this.latest = encounter;
        this.themeRow(entry.mantra.theme).delivered++;
        const slot = this.perHour[entry.hour];
        if (slot) slot.delivered++;
        break;
      }
      case 'answered': {
        this.answeredTotal++;
        this.answeredAt.push(entry.at);
        this.addResponse(entry.responseMs);
        this.settle(entry, entry.sentAt);
        if (entry.theme) this.themeRow(entry.theme).answered++;
        const slot = this.perHour[entry.hour];
        if (slot) slot.answered++;
        this.totalPoints += entry.points;
        this.currentStreak++;
        this.bestStreak = Math.max(this.bestStreak, this.currentStreak);
        break;
      }
      case 'timedOut':
        this.timedOut++;
        this.settle(entry, entry.sentAt);
        if (entry.theme) this.themeRow(entry.theme).timedOut++;
        this.currentStreak = 0;
        break;
      case 'skipped':
        // A skip before sending moves the schedule only; it is not an encounter.
        if (entry.sentAt !== null) this.skipped++;
        this.settle(entry, entry.sentAt);
        break;
      default:
        break;
    }
  }

  /** Every figure as seen at `now` in `timeZone` (the profile's resolved zone: the caller knows it, so no runtime default is looked up here). */
  stats(now: number, timeZone: string): Stats {
    this.read = true;
    this.sortResponses();
    const days = datesEndingWith(localDate(now, timeZone), DAY_SERIES_LENGTH).map((date) => ({ date, delivered: 0, answered: 0 }));
    const dayIndex = new Map(days.map((d, i) => [d.date, i]));
    // Older entries cannot fall in the series; skipping them saves an Intl call each.
    const dayOf = (ms: number) => (ms > now || ms < now - (DAY_SERIES_LENGTH + 1) * DAY_MS ? undefined : days[dayIndex.get(localDate(ms, timeZone)) ?? -1]);
    const stop = now - SERIES_REACH_MS;
    for (let i = this.deliveredAt.length - 1; i >= 0 && (this.deliveredAt[i] ?? 0) >= stop; i--) {
      const day = dayOf(this.deliveredAt[i] ?? 0);
      if (day) day.delivered++;
    }
    let last7 = 0;
    let last30 = 0;
    for (let i = this.answeredAt.length - 1; i >= 0 && (this.answeredAt[i] ?? 0) >= stop; i--) {
      const at = this.answeredAt[i] ?? 0;
      const day = dayOf(at);
      if (day) day.answered++;
      if (at <= now && at > now - 30 * DAY_MS) last30++;
      if (at <= now && at > now - 7 * DAY_MS) last7++;
    }
    const perTheme = [...this.themes]
      .map(([theme, row]) => ({ theme, ...row, rate: rateOf(row.answered, row.timedOut) }))
      .sort((a, b) => b.delivered - a.delivered || (a.theme < b.theme ? -1 : a.theme > b.theme ? 1 : 0));
    return {
      delivered: this.delivered,
      answered: this.answeredTotal,
      timedOut: this.timedOut,
      skipped: this.skipped,
      pending: this.open.size + (this.latest ? 1 : 0),
      completionRate: rateOf(this.answeredTotal, this.timedOut),
      currentStreak: this.currentStreak,
      bestStreak: this.bestStreak,
      totalPoints: this.totalPoints,
      responseTime: responseTimes(this.responseMs, this.responseSum, this.binCounts),
      perTheme,
      perHour: this.perHour.map((h, hour) => ({ hour, ...h })),
      answeredPerDay: { last7: last7 / 7, last30: last30 / 30 },
      days,
      recent: this.recent.slice(-RECENT_COUNT).reverse().map(recentOf),
    };
  }

  /** The running totals as JSON-safe data, dropping times that can no longer count (relative to `now`). */
  toIndex(now: number): StatsIndex {
    this.sortResponses();
    const keep = (times: number[]) =>
      times.slice(
        Math.max(
          0,
          times.findIndex((t) => t >= now - SERIES_REACH_MS),
        ),
      );
    const recent = this.recent.slice(-RECENT_COUNT);
    const inRecent = new Set(recent.map((e) => e.delivery.at));
    return {
      delivered: this.delivered,
      timedOut: this.timedOut,
      skipped: this.skipped,
      currentStreak: this.currentStreak,
      bestStreak: this.bestStreak,
      totalPoints: this.totalPoints,
      responseSum: this.responseSum,
      responseMs: [...this.responseMs],
      deliveredAt: keep(this.deliveredAt),
      answeredAt: keep(this.answeredAt),
      answeredTotal: this.answeredTotal,
      themes: [...this.themes].map(([t, r]) => [t, r.delivered, r.answered, r.timedOut]),
      perHour: this.perHour.map((h) => [h.delivered, h.answered]),
      recent: recent.map((e) => ({ delivery: e.delivery, outcome: e.outcome })),
      openOlder: [...this.open.keys(), ...(this.latest ? [this.latest.delivery.at] : [])].filter((at) => !inRecent.has(at)),
    };
  }

  /** An accumulator that continues from a saved index (already checked against statsIndexSchema). */
  static fromIndex(index: StatsIndex): StatsAccumulator {
    const a = new StatsAccumulator();
    a.delivered = index.delivered;
    a.timedOut = index.timedOut;
    a.skipped = index.skipped;
    a.currentStreak = index.currentStreak;
    a.bestStreak = index.bestStreak;
    a.totalPoints = index.totalPoints;
    a.responseSum = index.responseSum;
    a.responseMs = [...index.responseMs];
    a.responseSorted = false;
    for (const ms of a.responseMs) {
      const bin = binOf(ms);
      a.binCounts[bin] = (a.binCounts[bin] ?? 0) + 1;
    }
    a.deliveredAt = [...index.deliveredAt];
    a.answeredAt = [...index.answeredAt];
    a.answeredTotal = index.answeredTotal;
    for (const [theme, delivered, answered, timedOut] of index.themes) a.themes.set(theme, { delivered, answered, timedOut });
    index.perHour.forEach(([delivered, answered], hour) => {
      const slot = a.perHour[hour];
      if (slot) Object.assign(slot, { delivered, answered });
    });
    a.recent = index.recent.map((e) => ({ delivery: e.delivery, outcome: e.outcome }));
    for (const at of index.openOlder) a.open.set(at, null);
    // In log order, as `add` kept them: of two deliveries at the same time only the later can be open.
    for (const e of a.recent) {
      if (e.outcome === null) a.open.set(e.delivery.at, e);
      else a.open.delete(e.delivery.at);
    }
    return a;
  }

  private sortResponses(): void {
    if (this.responseSorted) return;
    // A typed array sorts numerically without a comparator call per pair (100k answers: a few ms instead of tens).
    this.responseMs = Array.from(Float64Array.from(this.responseMs).sort());
    this.responseSorted = true;
  }

  private addResponse(ms: number): void {
    this.responseSum += ms;
    const bin = binOf(ms);
    this.binCounts[bin] = (this.binCounts[bin] ?? 0) + 1;
    const last = this.responseMs[this.responseMs.length - 1];
    // Once read, keep the list sorted by insertion (O(log n) search); before that, append and sort once on the first read.
    if (!this.responseSorted || last === undefined || ms >= last) this.responseMs.push(ms);
    else if (this.read) this.responseMs.splice(upperBound(this.responseMs, ms), 0, ms);
    else {
      this.responseMs.push(ms);
      this.responseSorted = false;
    }
  }

  private themeRow(theme: string) {
    let row = this.themes.get(theme);
    if (!row) this.themes.set(theme, (row = { delivered: 0, answered: 0, timedOut: 0 }));
    return row;
  }

  private settle(outcome: Settling, sentAt: number | null): void {
    if (sentAt === null) return;
    if (this.latest?.delivery.at === sentAt) {
      this.latest.outcome = outcome;
      this.latest = null;
      return;
    }
    if (!this.open.has(sentAt)) return;
    const encounter = this.open.get(sentAt);
    if (encounter) encounter.outcome = outcome;
    this.open.delete(sentAt);
  }
}

/** Every figure of the Stats page from the log, in log order, as seen at `now`. */
export function computeStats(entries: readonly LogEntry[], now: number, timeZone: string): Stats {
  return new StatsAccumulator().addAll(entries).stats(now, timeZone);
}
