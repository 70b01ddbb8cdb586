/** What a page sees of a profile: the one-object snapshot (the status rule itself is shared/status.ts). */
import type { DiscordStatus, Snapshot } from '../../shared/api.js';
import { ENCOUNTER } from '../../shared/constants.js';
import { learningView } from '../../shared/learning-view.js';
import { dayPlan } from '../../shared/plan.js';
import { quietSpanAt } from '../../shared/quiet-hours.js';
import { deliveryModeOf, type ProfileSettings, type ProfileState } from '../../shared/settings.js';
import { deliveryStatus } from '../../shared/status.js';

export interface SnapshotParts {
  readonly profileId: string;
  readonly now: number;
  readonly timeZone: string;
  readonly settings: ProfileSettings;
  readonly state: ProfileState;
  readonly discord: DiscordStatus;
  readonly host: Snapshot['host'];
  readonly notices?: Snapshot['notices'];
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
    today: dayPlan(
      deliveryModeOf(p.settings),
      { curve: p.state.curve, frequency: p.state.frequency, timeZone: p.timeZone, quietHours: p.settings.quietHours, frequencyRange: p.settings.frequencyRange },
      p.now,
    ),
    quietUntil: quietSpanAt({ windows: p.settings.quietHours, timeZone: p.timeZone }, p.now)?.end ?? null,
    discord: p.discord,
    host: p.host,
    ...(p.notices && p.notices.length > 0 ? { notices: p.notices } : {}),
    learning: learningView(p.state, p.settings, p.timeZone),
  };
}
