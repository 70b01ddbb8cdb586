/**
 * Pure rules about where a profile stands, shared by the engine, the window and the tests:
 * its delivery status at an instant, and when a pause ends.
 */
import type { DeliveryStatus, PauseInput } from './api.js';
import { isPaused, type EncounterContext } from './encounter.js';
import { nextQuietSpan } from './quiet-hours.js';
import { nextFixed } from './schedule.js';
import type { ProfileState } from './settings.js';

export function deliveryStatus(state: ProfileState, now: number): DeliveryStatus {
  if (!state.enrolled) return state.disabledReason ? { kind: 'disabled', reason: state.disabledReason } : { kind: 'not-enrolled' };
  if (isPaused(state, now)) return { kind: 'paused', until: state.pausedIndefinitely ? null : state.pausedUntil };
  if (state.sent !== null && state.current !== null)
    return { kind: 'pending', mantra: state.current, sentAt: state.sent, deadline: state.nextDelivery ?? state.sent, snoozedUntil: state.snoozedUntil };
  return state.nextDelivery === null ? { kind: 'not-enrolled' } : { kind: 'waiting', nextAt: state.nextDelivery };
}

/** Pausing "until tomorrow" lasts until this local time. */
export const TOMORROW_MORNING = '07:00';

/** When a pause ends: after some minutes, tomorrow morning, when the coming quiet hours end, at a chosen time, or never (null). */
export function pauseEnd(input: PauseInput, ctx: Pick<EncounterContext, 'timeZone' | 'quietHours'>, now: number): number | null {
  if ('minutes' in input) return now + input.minutes * 60_000;
  if (!('until' in input)) return null;
  if (typeof input.until === 'number') return input.until;
  const morning = nextFixed([TOMORROW_MORNING], ctx.timeZone, now);
  if (input.until === 'tomorrow') return morning;
  // "Quiet until morning": to the end of the quiet hours now in force or next to come within a day.
  const span = nextQuietSpan({ windows: ctx.quietHours ?? [], timeZone: ctx.timeZone }, now, 86_400_000);
  return span && span.end > now ? span.end : morning;
}
