/**
 * The seed's two-timestamp state machine as pure reducers: (state, input, now) -> { state, effects }.
 *   sent == null                       waiting to send at nextDelivery
 *   sent != null and now <  nextDelivery  a mantra is out, awaiting its answer
 *   sent != null and now >= nextDelivery  missed: nextDelivery was also the deadline
 * Reducers decide log entries; `applyEntry` alone evolves state, so replaying the log
 * rebuilds exactly the state the reducers produced.
 */
import type { Learner } from './availability.js';
import type { PendingWindow } from './learner.js';
import type { LogEntry, LogEntryOf } from './encounter-log.js';
import type { FrequencyPolicy } from './frequency.js';
import { deliverable, matchAnswer, scoreAnswer, selectMantra } from './mantras.js';
import { DEFAULT_PARAMETERS, type MantraParameters } from './parameters.js';
import type { Rng } from './random.js';
import { clampFrequency, effectiveFrequency, planNext, quietOf, rangeApplies, sendTimeAt, type PlanContext } from './plan.js';
import type { AimWindow } from './schedule.js';
import { activeHoursIn, isQuiet, nextAllowed } from './quiet-hours.js';
import type { Channel, DeliveredMantra, DeliveryMode, FrequencyRange, Mantra, ProfileState, QuietWindow } from './settings.js';
import { hourOf } from './zone.js';
import { REFUSAL_ENGLISH, type RefusalReason } from './refusals.js';

/** The parts of an algorithm the state machine runs; the simulator swaps them. */
export interface Algorithm {
  readonly name: string;
  readonly learner: Learner;
  readonly frequency: FrequencyPolicy;
  /** Adaptive mode aims at the best hour near the natural time (schedule.ts nextAimed), for send times and for deadlines; unset: the seed's mass integration. */
  readonly aim?: { readonly send: AimWindow; readonly deadline: AimWindow };
}

export interface EncounterContext {
  readonly algorithm: Algorithm;
  readonly mode: DeliveryMode;
  readonly timeZone: string;
  readonly library: readonly Mantra[];
  readonly themes: readonly string[];
  readonly favorites: readonly string[];
  readonly names: { readonly subject: string; readonly controller: string };
  /** Windows in which nothing starts, no time counts and nothing is learned; none when absent. */
  readonly quietHours?: readonly QuietWindow[];
  /** The "how often" band (adaptive, hybrid); the seed's 0.33-6 when absent or null. */
  readonly frequencyRange?: FrequencyRange | null;
  /** Tuned bounds (thresholds, points, matching, favorite weight); DEFAULT_PARAMETERS when absent. */
  readonly params?: MantraParameters;
}

const paramsOf = (ctx: EncounterContext): MantraParameters => ctx.params ?? DEFAULT_PARAMETERS;

export interface AnswerVerdict {
  readonly accepted: boolean;
  readonly similarity: number;
  readonly expected: string;
  readonly points: number;
  readonly streak: number;
  readonly responseMs: number;
  readonly bonuses: { readonly speed: number; readonly streak: number };
}

/** What the engine must do, in this order: log, save, then the channels, then re-arm. */
export type Effect =
  | { readonly kind: 'log'; readonly entry: LogEntry }
  | { readonly kind: 'save' }
  /** `sentAt` is the send time the log records: it identifies the encounter wherever it is shown. */
  | { readonly kind: 'deliver'; readonly mantra: DeliveredMantra; readonly sentAt: number; readonly deadline: number }
  /** The out mantra (sent at `sentAt`) is closed; channels showing it should say how. */
  | { readonly kind: 'settle'; readonly mantra: DeliveredMantra; readonly sentAt: number; readonly outcome: 'answered' | 'timedOut' | 'skipped' | 'snoozed'; readonly channel?: Channel }
  | { readonly kind: 'answerResult'; readonly verdict: AnswerVerdict; readonly channel: Channel }
  | { readonly kind: 'offerDisable'; readonly failures: number }
  | { readonly kind: 'disabled'; readonly reason: 'failures' }
  /** Arm the one timer at `at` (null: nothing to wait for). */
  | { readonly kind: 'arm'; readonly at: number | null };

export interface Step {
  readonly state: ProfileState;
  readonly effects: readonly Effect[];
  /** Set when the input was refused; state is then unchanged. English, for logs. */
  readonly error?: string;
  /** Set with `error`: the refusal's key, which windows and Discord translate. */
  readonly reason?: EncounterRefusal;
}

/** The refusals a reducer can give. */
export type EncounterRefusal = Extract<
  RefusalReason,
  | 'alreadyEnrolled'
  | 'notEnrolled'
  | 'noMantras'
  | 'nothingToSnooze'
  | 'expired'
  | 'snoozeMinutes'
  | 'enrollFirst'
  | 'alreadyWaiting'
  | 'nothingWaiting'
  | 'nothingToSkip'
  | 'nothingToPause'
  | 'pauseInPast'
  | 'notPaused'
>;

/**
 * The learned part of the state after a closed window: an exposure learner updates its
 * model from the window and derives the curve; the seed's learners move the curve by hours.
 */
function learned(state: ProfileState, learner: Learner, window: PendingWindow, byHours: () => number[]): Pick<ProfileState, 'curve' | 'model'> {
  if (!learner.windows) return { curve: byHours(), model: state.model };
  const model = learner.windows.observe(state.model, window);
  return { curve: learner.windows.curves(model).pooled, model };
}

/** Shown (sent, or back from a snooze) until answered; only the hours the entry judged (quiet hours left out). */
function answeredWindow(state: ProfileState, entry: LogEntryOf<'answered'>): PendingWindow {
  const from = Math.min(entry.at, state.shownAt ?? entry.sentAt);
  return { from, to: entry.at, answered: true, timeZone: entry.timeZone ?? legacyZone(entry.at, entry.hour), hours: [...entry.missedHours, entry.hour] };
}

/** Shown until the deadline (the state's nextDelivery while out), even if the timeout was noticed later. */
function timedOutWindow(state: ProfileState, entry: LogEntryOf<'timedOut'>): PendingWindow {
  const from = state.shownAt ?? entry.sentAt;
  const to = state.sent !== null && state.nextDelivery !== null ? Math.min(entry.at, state.nextDelivery) : entry.at;
  return { from: Math.min(from, to), to, answered: false, timeZone: entry.timeZone ?? legacyZone(entry.sentAt, entry.missedHours[0]), hours: entry.missedHours };
}

/**
 * Logs written before entries carried their time zone: a fixed-offset zone read from a
 * local hour the entry recorded at instant `at` (whole hours; DST inside a window is lost).
 */
export function legacyZone(at: number, localHour: number | undefined): string {
  if (localHour === undefined) return 'UTC';
  const utcHour = Math.floor((((at % 86_400_000) + 86_400_000) % 86_400_000) / 3_600_000);
  let offset = (((localHour - utcHour) % 24) + 24) % 24;
  if (offset >= 13) offset -= 24;
  // Etc/GMT names have the sign the other way round (POSIX).
  return offset === 0 ? 'UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

export function applyEntry(state: ProfileState, entry: LogEntry, learner: Learner): ProfileState {
  switch (entry.type) {
    case 'enrolled':
      return {
        ...state,
        snoozedUntil: null,
        shownAt: null,
        enrolled: true,
        disabledReason: null,
        nextDelivery: entry.next,
        sent: null,
        current: null,
        consecutiveFailures: 0,
        pausedUntil: null,
        pausedIndefinitely: false,
      };
    case 'unenrolled':
      return { ...state, snoozedUntil: null, shownAt: null, enrolled: false, disabledReason: 'user', nextDelivery: null, sent: null, current: null, pausedUntil: null, pausedIndefinitely: false };
    case 'delivered':
      return {
        ...state,
        snoozedUntil: null,
        shownAt: entry.at,
        sent: entry.at,
        nextDelivery: entry.deadline,
        current: entry.mantra,
        delivered: state.delivered + 1,
        lastTemplate: entry.mantra.template,
      };
    case 'answered':
      return {
        ...state,
        ...(entry.quiet === true ? {} : learned(state, learner, answeredWindow(state, entry), () => learner.onAnswer(state.curve, entry.hour, entry.missedHours))),
        snoozedUntil: null,
        shownAt: null,
        frequency: entry.frequency,
        consecutiveFailures: 0,
        streak: entry.streak,
        bestStreak: Math.max(state.bestStreak, entry.streak),
        points: state.points + entry.points,
        answered: state.answered + 1,
        sent: null,
        current: null,
        nextDelivery: entry.next,
      };
    case 'timedOut':
      return {
        ...state,
        snoozedUntil: null,
        shownAt: null,
        ...learned(state, learner, timedOutWindow(state, entry), () => learner.onTimeout(state.curve, entry.missedHours)),
        frequency: entry.frequency,
        consecutiveFailures: entry.failures,
        streak: 0,
        sent: null,
        current: null,
        nextDelivery: entry.next,
        ...(entry.next === null ? { enrolled: false, disabledReason: 'failures' as const } : {}),
      };
    case 'skipped':
      return { ...state, snoozedUntil: null, shownAt: null, sent: null, current: null, nextDelivery: entry.next };
    case 'paused':
      return { ...state, pausedUntil: entry.until, pausedIndefinitely: entry.until === null };
    case 'resumed':
      return { ...state, pausedUntil: null, pausedIndefinitely: false, nextDelivery: entry.next };
    case 'rescheduled':
      return { ...state, nextDelivery: entry.next };
    case 'snoozed':
      return { ...state, snoozedUntil: entry.until, nextDelivery: entry.deadline };
    case 'resurfaced':
      return { ...state, snoozedUntil: null, shownAt: entry.at };
  }
}

/** Rebuilds a profile's state from its log. */
export function replay(initial: ProfileState, entries: Iterable<LogEntry>, learner: Learner): ProfileState {
  let state = initial;
  for (const e of entries) state = applyEntry(state, e, learner);
  return state;
}

export function isPaused(state: ProfileState, now: number): boolean {
  return state.pausedIndefinitely || (state.pausedUntil !== null && state.pausedUntil > now);
}

/** Whether `due` at `now` would send a mantra: a send time came, or a deadline passed (the next mantra follows the timeout). */
export function sendsNow(state: ProfileState, now: number): boolean {
  return state.enrolled && state.nextDelivery !== null && state.nextDelivery <= now && state.pausedUntil === null && !state.pausedIndefinitely;
}

/** When the one timer should fire next, or null when nothing is due ever. */
export function nextWake(state: ProfileState): number | null {
  if (!state.enrolled || state.nextDelivery === null || state.pausedIndefinitely) return null;
  if (state.pausedUntil !== null && state.sent === null) return Math.max(state.pausedUntil, state.nextDelivery);
  if (state.pausedUntil !== null) return state.pausedUntil;
  if (state.sent !== null && state.snoozedUntil !== null) return Math.min(state.snoozedUntil, state.nextDelivery);
  return state.nextDelivery;
}

/** A deadline (set at delivery, also the next send time after a miss) or a send time after an answer, skip or pause. */
export type SchedulePurpose = 'send' | 'deadline';

/** What the planner needs from a state: an exposure learner's weekday and weekend curves and the algorithm's aim, or the curve alone. */
function planContext(state: ProfileState, ctx: EncounterContext, purpose: SchedulePurpose = 'send'): PlanContext {
  const range = ctx.frequencyRange ?? null;
  const base = { frequency: effectiveFrequency(state, ctx.mode, range), timeZone: ctx.timeZone, quietHours: ctx.quietHours ?? [], frequencyRange: range };
  const aim = ctx.algorithm.aim !== undefined ? { aim: ctx.algorithm.aim[purpose] } : {};
  const windows = ctx.algorithm.learner.windows;
  if (!windows) return { ...base, curve: state.curve, ...aim };
  const curves = windows.curves(state.model);
  return { ...base, curve: curves.weekday, weekendCurve: curves.weekend, ...aim };
}

/** Every schedule goes through quiet hours and the frequency range (shared/plan.ts). */
function schedule(state: ProfileState, ctx: EncounterContext, from: number, purpose: SchedulePurpose = 'send'): number {
  return planNext(ctx.mode, planContext(state, ctx, purpose), from);
}

/** The frequency controller's next value, kept inside the user's range where it applies. */
function nextFrequency(state: ProfileState, ctx: EncounterContext, outcome: Parameters<Algorithm['frequency']['next']>[1]): number {
  const range = ctx.frequencyRange ?? null;
  if (!range || !rangeApplies(ctx.mode)) return ctx.algorithm.frequency.next(state.frequency, outcome);
  return clampFrequency(ctx.algorithm.frequency.next(effectiveFrequency(state, ctx.mode, range), outcome), range);
}

function quietHoursOf(ctx: EncounterContext) {
  return quietOf({ quietHours: ctx.quietHours ?? [], timeZone: ctx.timeZone });
}

function commit(state: ProfileState, ctx: EncounterContext, entries: readonly LogEntry[], after: readonly Effect[] = []): Step {
  const next = entries.reduce((s, e) => applyEntry(s, e, ctx.algorithm.learner), state);
  return {
    state: next,
    effects: [...entries.map((entry) => ({ kind: 'log' as const, entry })), { kind: 'save' as const }, ...after, { kind: 'arm' as const, at: nextWake(next) }],
  };
}

function refuse(state: ProfileState, reason: EncounterRefusal): Step {
  return { state, effects: [], error: REFUSAL_ENGLISH[reason], reason };
}

export function enroll(state: ProfileState, ctx: EncounterContext, now: number): Step {
  if (state.enrolled) return refuse(state, 'alreadyEnrolled');
  return commit(state, ctx, [{ type: 'enrolled', at: now, next: now + paramsOf(ctx).encounter.enrollmentDelayMs }]);
}

export function unenroll(state: ProfileState, ctx: EncounterContext, now: number): Step {
  if (!state.enrolled) return refuse(state, 'notEnrolled');
  const settle: Effect[] = state.current ? [{ kind: 'settle', mantra: state.current, sentAt: state.sent ?? now, outcome: 'skipped' }] : [];
  return commit(state, ctx, [{ type: 'unenrolled', at: now }], settle);
}

function deliverEntry(state: ProfileState, ctx: EncounterContext, now: number, rng: Rng): LogEntryOf<'delivered'> | null {
  const picked = selectMantra(ctx.library, { themes: ctx.themes, favorites: ctx.favorites, avoidTemplate: state.lastTemplate, favoriteWeight: paramsOf(ctx).favoriteWeight }, rng);
  if (!picked) return null;
  return { type: 'delivered', at: now, mantra: deliverable(picked, ctx.names), deadline: schedule(state, ctx, now, 'deadline'), hour: hourOf(now, ctx.timeZone) };
}

function deliver(state: ProfileState, ctx: EncounterContext, now: number, rng: Rng): Step {
  const entry = deliverEntry(state, ctx, now, rng);
  if (!entry) return refuse(state, 'noMantras');
  return commit(state, ctx, [entry], [{ kind: 'deliver', mantra: entry.mantra, sentAt: entry.at, deadline: entry.deadline }]);
}

/**
 * The deadline passed unanswered. The deadline was also the next send time (seed), so
 * unless this miss turns delivery off or the next mantra is held, it goes out in the same step.
 */
function timeout(state: ProfileState, ctx: EncounterContext, now: number, rng: Rng, held: boolean): Step {
  const sent = state.sent ?? now;
  const deadline = state.nextDelivery ?? now;
  const failures = state.consecutiveFailures + 1;
  const frequency = nextFrequency(state, ctx, { kind: 'timeout' });
  const disable = failures >= paramsOf(ctx).encounter.autoDisableAfter;
  const missed: LogEntry = {
    type: 'timedOut',
    at: now,
    sentAt: sent,
    theme: state.current?.theme ?? '',
    template: state.current?.template ?? '',
    missedHours: activeHoursIn(quietHoursOf(ctx), state.shownAt ?? sent, deadline),
    frequency,
    failures,
    next: disable ? null : now,
    timeZone: ctx.timeZone,
  };
  const after: Effect[] = [];
  if (state.current) after.push({ kind: 'settle', mantra: state.current, sentAt: sent, outcome: 'timedOut' });
  if (disable) return commit(state, ctx, [missed], [...after, { kind: 'disabled', reason: 'failures' }]);
  if (failures >= paramsOf(ctx).encounter.offerDisableAfter) after.push({ kind: 'offerDisable', failures });
  const afterMiss = applyEntry(state, missed, ctx.algorithm.learner);
  const sendAt = sendTimeAt(ctx.mode, planContext(afterMiss, ctx), now);
  // Quiet hours hold the next mantra: it waits for its planned time after them, timer armed.
  if (sendAt > now) return commit(state, ctx, [{ ...missed, next: sendAt }], after);
  if (held) return unarmed(commit(state, ctx, [missed], after));
  const next = deliverEntry(afterMiss, ctx, now, rng);
  if (!next) return commit(state, ctx, [{ ...missed, next: schedule(afterMiss, ctx, now) }], after);
  return commit(state, ctx, [missed, next], [...after, { kind: 'deliver', mantra: next.mantra, sentAt: next.at, deadline: next.deadline }]);
}

/**
 * When the next mantra goes out after one closed early (answered or skipped): adaptive
 * re-plans from now with what it just learned; interval and fixed keep their rhythm, so
 * the deadline stays the next send time.
 */
function nextAfterClose(learned: ProfileState, ctx: EncounterContext, now: number): number {
  if (ctx.mode.kind === 'adaptive' || learned.nextDelivery === null || learned.nextDelivery <= now) return schedule(learned, ctx, now);
  return learned.nextDelivery;
}

/** A step whose next mantra is held: no timer; whoever holds it wakes the engine again. */
function unarmed(step: Step): Step {
  return { ...step, effects: step.effects.filter((e) => e.kind !== 'arm') };
}

/**
 * True when due() at `now` would only arm the timer at nextWake: the next wake is later (or
 * never) and no pause has ended. A snooze or a pause that ended, and anything overdue, go
 * through the rest of due(). The engine asks it alone on its start pass over every profile.
 */
export function nothingDue(state: ProfileState, now: number): boolean {
  const at = nextWake(state);
  return (at === null || at > now) && (state.pausedUntil === null || state.pausedUntil > now);
}

/** Nothing to do now: the timer waits for the next wake (none: no timer). */
function waiting(state: ProfileState): Step {
  const at = nextWake(state);
  return { state, effects: at === null ? [] : [{ kind: 'arm', at }] };
}

/**
 * The timer fired (or the engine woke after sleep, a clock jump or a restart): does whatever
 * is due now, once. A send time that passed while the machine was off gives one delivery;
 * a deadline that passed gives one timeout over the window as it was.
 * `held` (the engine's delivery gate: the user is away): nothing is sent and no timer armed;
 * a deadline still times out on time, and the next mantra waits as due (`next: now`).
 */
export function due(state: ProfileState, ctx: EncounterContext, now: number, rng: Rng, held = false): Step {
  // The null check only narrows the type: nothingDue holds for every state without a next delivery.
  if (nothingDue(state, now) || state.nextDelivery === null) return waiting(state);
  // A pause that is still on was nothingDue: this one has ended.
  if (state.pausedUntil !== null) return commit(state, ctx, [{ type: 'resumed', at: now, next: Math.max(state.nextDelivery, now + 1) }]);
  if (now < state.nextDelivery) {
    if (state.sent !== null && state.current !== null && state.snoozedUntil !== null && state.snoozedUntil <= now) return held ? { state, effects: [] } : resurface(state, ctx, state.current, now);
    return waiting(state);
  }
  const quiet = quietHoursOf(ctx);
  if (state.sent !== null) {
    // A deadline inside quiet hours (they were set after it was planned): quiet time does not count, so it moves to their end.
    if (isQuiet(quiet, now)) return commit(state, ctx, [{ type: 'rescheduled', at: now, next: nextAllowed(quiet, now), reason: 'quiet hours' }]);
    return timeout(state, ctx, now, rng, held);
  }
  const sendAt = sendTimeAt(ctx.mode, planContext(state, ctx), now);
  if (sendAt > now) return commit(state, ctx, [{ type: 'rescheduled', at: now, next: sendAt, reason: 'quiet hours' }]);
  return held ? { state, effects: [] } : deliver(state, ctx, now, rng);
}

/** A snoozed mantra comes back: the same one, with the deadline its snooze moved. */
function resurface(state: ProfileState, ctx: EncounterContext, mantra: DeliveredMantra, now: number): Step {
  return commit(state, ctx, [{ type: 'resurfaced', at: now }], [{ kind: 'deliver', mantra, sentAt: state.sent ?? now, deadline: state.nextDelivery ?? now }]);
}

/**
 * Hides the out mantra for `minutes` (ending no earlier than quiet hours do) and moves its
 * deadline by as much. Not a miss: neither the curve nor the frequency changes.
 */
export function snooze(state: ProfileState, ctx: EncounterContext, minutes: number, now: number): Step {
  if (state.sent === null || state.current === null || state.nextDelivery === null) return refuse(state, 'nothingToSnooze');
  if (now >= state.nextDelivery) return refuse(state, 'expired');
  if (!Number.isInteger(minutes) || minutes < 1) return refuse(state, 'snoozeMinutes');
  const until = nextAllowed(quietHoursOf(ctx), now + minutes * 60_000);
  const deadline = state.nextDelivery + (until - now);
  return commit(state, ctx, [{ type: 'snoozed', at: now, minutes, until, deadline }], [{ kind: 'settle', mantra: state.current, sentAt: state.sent, outcome: 'snoozed' }]);
}

/** Sends a mantra now, whatever the schedule says. */
export function deliverNow(state: ProfileState, ctx: EncounterContext, now: number, rng: Rng): Step {
  if (!state.enrolled) return refuse(state, 'enrollFirst');
  if (state.sent !== null) return refuse(state, 'alreadyWaiting');
  return deliver(state, ctx, now, rng);
}

export function answer(state: ProfileState, ctx: EncounterContext, input: { text: string; channel: Channel }, now: number): Step {
  const mantra = state.current;
  if (state.sent === null || mantra === null) return refuse(state, 'nothingWaiting');
  if (state.nextDelivery !== null && now >= state.nextDelivery) return refuse(state, 'expired');
  const match = matchAnswer(mantra.text, input.text, paramsOf(ctx).match);
  const responseMs = Math.max(0, now - state.sent);
  if (!match.matches) {
    const verdict: AnswerVerdict = { accepted: false, similarity: match.similarity, expected: mantra.text, points: 0, streak: state.streak, responseMs, bonuses: { speed: 0, streak: 0 } };
    return { state, effects: [{ kind: 'answerResult', verdict, channel: input.channel }] };
  }
  // The clock went back since the send: how fast the answer was is unknown, so it earns no speed bonus.
  const timedMs = now >= state.sent ? responseMs : Number.POSITIVE_INFINITY;
  const score = scoreAnswer({ basePoints: mantra.basePoints, responseMs: timedMs, streakBefore: state.streak }, { points: paramsOf(ctx).points, fastAnswerMs: paramsOf(ctx).frequency.fastAnswerMs });
  const hour = hourOf(now, ctx.timeZone);
  const quietHours = quietHoursOf(ctx);
  const quiet = isQuiet(quietHours, now);
  const missedHours = activeHoursIn(quietHours, state.shownAt ?? state.sent, now).filter((h) => h !== hour);
  const frequency = nextFrequency(state, ctx, { kind: 'answered', responseMs: timedMs });
  const provisional: LogEntryOf<'answered'> = {
    type: 'answered',
    at: now,
    sentAt: state.sent,
    responseMs,
    channel: input.channel,
    theme: mantra.theme,
    template: mantra.template,
    similarity: match.similarity,
    points: score.points,
    streak: score.streak,
    hour,
    missedHours,
    frequency,
    next: now,
    ...(quiet ? { quiet: true } : {}),
    timeZone: ctx.timeZone,
  };
  // Plan the next mantra with what this answer taught; the old deadline stays for modes that keep their rhythm.
  const learnedState = { ...applyEntry(state, provisional, ctx.algorithm.learner), nextDelivery: state.nextDelivery };
  const entry: LogEntry = { ...provisional, next: nextAfterClose(learnedState, ctx, now) };
  const verdict: AnswerVerdict = { accepted: true, similarity: match.similarity, expected: mantra.text, points: score.points, streak: score.streak, responseMs, bonuses: score.bonuses };
  return commit(
    state,
    ctx,
    [entry],
    [
      { kind: 'settle', mantra, sentAt: state.sent, outcome: 'answered', channel: input.channel },
      { kind: 'answerResult', verdict, channel: input.channel },
    ],
  );
}

/** Out mantra: closes it without learning. Waiting: skips the coming delivery. */
export function skip(state: ProfileState, ctx: EncounterContext, now: number): Step {
  if (!state.enrolled || state.nextDelivery === null) return refuse(state, 'nothingToSkip');
  if (state.sent !== null && state.current) {
    return commit(
      state,
      ctx,
      [{ type: 'skipped', at: now, sentAt: state.sent, next: nextAfterClose(state, ctx, now) }],
      [{ kind: 'settle', mantra: state.current, sentAt: state.sent, outcome: 'skipped' }],
    );
  }
  return commit(state, ctx, [{ type: 'skipped', at: now, sentAt: null, next: schedule(state, ctx, Math.max(now, state.nextDelivery)) }]);
}

/** Holds deliveries until `until` (null: until resumed). An out mantra is closed without learning. */
export function pause(state: ProfileState, ctx: EncounterContext, until: number | null, now: number): Step {
  if (!state.enrolled) return refuse(state, 'nothingToPause');
  if (until !== null && until <= now) return refuse(state, 'pauseInPast');
  const entries: LogEntry[] = [];
  const after: Effect[] = [];
  if (state.sent !== null && state.current) {
    entries.push({ type: 'skipped', at: now, sentAt: state.sent, next: schedule(state, ctx, until ?? now) });
    after.push({ kind: 'settle', mantra: state.current, sentAt: state.sent, outcome: 'skipped' });
  }
  entries.push({ type: 'paused', at: now, until });
  return commit(state, ctx, entries, after);
}

export function resume(state: ProfileState, ctx: EncounterContext, now: number): Step {
  if (!isPaused(state, now)) return refuse(state, 'notPaused');
  const next = state.nextDelivery !== null && state.nextDelivery > now ? state.nextDelivery : schedule(state, ctx, now);
  return commit(state, ctx, [{ type: 'resumed', at: now, next }]);
}

/** The mode or time zone changed: the waiting send time is recomputed (an out mantra keeps its deadline). */
export function reschedule(state: ProfileState, ctx: EncounterContext, now: number, reason: string): Step {
  if (!state.enrolled || state.sent !== null || state.nextDelivery === null) return { state, effects: [] };
  return commit(state, ctx, [{ type: 'rescheduled', at: now, next: schedule(state, ctx, now), reason }]);
}
