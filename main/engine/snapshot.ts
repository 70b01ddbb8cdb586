/** What a page sees of a profile: its delivery status and the one-object snapshot. */
import type { DeliveryStatus, DiscordStatus, Snapshot } from '../../shared/api.js';
import { ENCOUNTER } from '../../shared/constants.js';
import { isPaused } from '../../shared/encounter.js';
import { dayPlan } from '../../shared/plan.js';
import { quietSpanAt } from '../../shared/quiet-hours.js';
import { deliveryModeOf, type ProfileSettings, type ProfileState } from '../../shared/settings.js';

export function deliveryStatus(state: ProfileState, now: number): DeliveryStatus {
  if (!state.enrolled) return state.disabledReason ? { kind: 'disabled', reason: state.disabledReason } : { kind: 'not-enrolled' };
  if (isPaused(state, now)) return { kind: 'paused', until: state.pausedIndefinitely ? null : state.pausedUntil };
  if (state.sent !== null && state.current !== null) return { kind: 'pending', mantra: state.current, sentAt: state.sent, deadline: state.nextDelivery ?? state.sent, snoozedUntil: state.snoozedUntil };
  return state.nextDelivery === null ? { kind: 'not-enrolled' } : { kind: 'waiting', nextAt: state.nextDelivery };
}

export interface SnapshotParts {
  readonly profileId: string;
  readonly now: number;
  readonly timeZone: string;
  readonly settings: ProfileSettings;
  readonly state: ProfileState;
  readonly discord: DiscordStatus;
  readonly host: Snapshot['host'];
}

export function buildSnapshot(p: SnapshotParts): Snapshot {
  return {
    profileId: p.profileId,
    now: p.now,
    timeZone: p.timeZone,
    settings: p.settings,
    state: p.state,
    status: deliveryStatus(p.state, p.now),
    offerDisable: p.state.enrolled && p.state.consecutiveFailures >= ENCOUNTER.offerDisableAfter,
    today: dayPlan(deliveryModeOf(p.settings), { curve: p.state.curve, frequency: p.state.frequency, timeZone: p.timeZone, quietHours: p.settings.quietHours, frequencyRange: p.settings.frequencyRange }, p.now),
    quietUntil: quietSpanAt({ windows: p.settings.quietHours, timeZone: p.timeZone }, p.now)?.end ?? null,
    discord: p.discord,
    host: p.host,
  };
}
