/**
 * Figures for the Stats page, derived from the encounter log alone (never from the
 * state cache), as plain JSON-safe data.
 *
 * An encounter is one `delivered` entry; its outcome is the `answered`, `timedOut` or
 * `skipped` entry whose `sentAt` equals the delivery's `at`.
 */
import { HOURS_PER_DAY } from './constants.js';
import type { LogEntry, LogEntryOf } from './encounter-log.js';
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

function responseTimes(answers: readonly LogEntryOf<'answered'>[]): ResponseTimes {
  const sorted = answers.map((a) => a.responseMs).sort((a, b) => a - b);
  const histogram = BINS.map(([, label]) => ({ label, count: 0 }));
  for (const ms of sorted) {
    const bin = histogram[BINS.findIndex(([upper]) => ms < upper)];
    if (bin) bin.count++;
  }
  const sum = sorted.reduce((total, ms) => total + ms, 0);
  return {
    count: sorted.length,
    medianMs: quantile(sorted, 0.5),
    p90Ms: quantile(sorted, 0.9),
    meanMs: sorted.length === 0 ? null : Math.round(sum / sorted.length),
    histogram,
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

interface Encounter {
  readonly delivery: LogEntryOf<'delivered'>;
  outcome: LogEntryOf<'answered' | 'timedOut' | 'skipped'> | null;
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

const rateOf = (answered: number, timedOut: number): number | null =>
  answered + timedOut === 0 ? null : answered / (answered + timedOut);

/** Every figure of the Stats page from the log, in log order, as seen at `now`. */
export function computeStats(entries: readonly LogEntry[], now: number, timeZone?: string | null): Stats {
  const encounters: Encounter[] = [];
  const open = new Map<number, Encounter>();
  const answers: LogEntryOf<'answered'>[] = [];
  const themes = new Map<string, { delivered: number; answered: number; timedOut: number }>();
  const perHour = Array.from({ length: HOURS_PER_DAY }, (_, hour) => ({ hour, delivered: 0, answered: 0 }));
  let timedOut = 0;
  let skipped = 0;
  let currentStreak = 0;
  let bestStreak = 0;
  let totalPoints = 0;

  const themeRow = (theme: string) => {
    let row = themes.get(theme);
    if (!row) themes.set(theme, (row = { delivered: 0, answered: 0, timedOut: 0 }));
    return row;
  };
  const settle = (outcome: LogEntryOf<'answered' | 'timedOut' | 'skipped'>, sentAt: number | null) => {
    const encounter = sentAt === null ? undefined : open.get(sentAt);
    if (!encounter) return;
    encounter.outcome = outcome;
    open.delete(encounter.delivery.at);
  };

  for (const entry of entries) {
    switch (entry.type) {
      case 'delivered': {
        const encounter: Encounter = { delivery: entry, outcome: null };
        encounters.push(encounter);
        open.set(entry.at, encounter);
        themeRow(entry.mantra.theme).delivered++;
        const slot = perHour[entry.hour];
        if (slot) slot.delivered++;
        break;
      }
      case 'answered': {
        answers.push(entry);
        settle(entry, entry.sentAt);
        if (entry.theme) themeRow(entry.theme).answered++;
        const slot = perHour[entry.hour];
        if (slot) slot.answered++;
        totalPoints += entry.points;
        currentStreak++;
        bestStreak = Math.max(bestStreak, currentStreak);
        break;
      }
      case 'timedOut':
        timedOut++;
        settle(entry, entry.sentAt);
        if (entry.theme) themeRow(entry.theme).timedOut++;
        currentStreak = 0;
        break;
      case 'skipped':
        // A skip before sending moves the schedule only; it is not an encounter.
        if (entry.sentAt !== null) skipped++;
        settle(entry, entry.sentAt);
        break;
      default:
        break;
    }
  }

  // No zone given: the runtime's own, as Intl resolves it.
  const zone = timeZone ?? new Intl.DateTimeFormat().resolvedOptions().timeZone;
  const days = datesEndingWith(localDate(now, zone), DAY_SERIES_LENGTH).map((date) => ({ date, delivered: 0, answered: 0 }));
  const dayIndex = new Map(days.map((d, i) => [d.date, i]));
  // Older entries cannot fall in the series; skipping them saves an Intl call each.
  const dayOf = (ms: number) => (ms > now || ms < now - (DAY_SERIES_LENGTH + 1) * DAY_MS ? undefined : days[dayIndex.get(localDate(ms, zone)) ?? -1]);
  for (const e of encounters) {
    const day = dayOf(e.delivery.at);
    if (day) day.delivered++;
  }
  for (const a of answers) {
    const day = dayOf(a.at);
    if (day) day.answered++;
  }
  const answeredWithin = (span: number) => answers.filter((a) => a.at > now - span && a.at <= now).length;

  const perTheme = [...themes]
    .map(([theme, row]) => ({ theme, ...row, rate: rateOf(row.answered, row.timedOut) }))
    .sort((a, b) => b.delivered - a.delivered || (a.theme < b.theme ? -1 : a.theme > b.theme ? 1 : 0));

  return {
    delivered: encounters.length,
    answered: answers.length,
    timedOut,
    skipped,
    pending: open.size,
    completionRate: rateOf(answers.length, timedOut),
    currentStreak,
    bestStreak,
    totalPoints,
    responseTime: responseTimes(answers),
    perTheme,
    perHour,
    answeredPerDay: { last7: answeredWithin(7 * DAY_MS) / 7, last30: answeredWithin(30 * DAY_MS) / 30 },
    days,
    recent: encounters.slice(-RECENT_COUNT).reverse().map(recentOf),
  };
}
