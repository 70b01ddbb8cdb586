/**
 * The part of the engine the Discord mirror drives: the same calls the window's API makes,
 * so a Discord reply or slash command takes the same path as the window. `Engine` fits as is.
 */
import type { PauseInput, Snapshot, ThemeSummary } from '../../../shared/api.js';
import type { AnswerVerdict } from '../../../shared/encounter.js';
import type { Channel, ProfileSettingsPatch } from '../../../shared/settings.js';
import type { Stats } from '../../../shared/stats.js';

export interface MirrorEngine {
  /** Throws ApiError('refused') when nothing is waiting; a wrong answer is a verdict, not a throw. */
  answer(profileId: string, text: string, channel: Channel): AnswerVerdict;
  enroll(profileId: string): Snapshot;
  unenroll(profileId: string): Snapshot;
  pause(profileId: string, input: PauseInput): Snapshot;
  /** Hides the out mantra for `minutes`; throws ApiError('refused') when none is out. */
  snooze(profileId: string, minutes: number): Snapshot;
  resume(profileId: string): Snapshot;
  updateSettings(profileId: string, patch: ProfileSettingsPatch): Snapshot;
  toggleFavorite(profileId: string, template: string): Snapshot;
  snapshot(profileId: string): Snapshot;
  stats(profileId: string): Stats;
  listThemes(profileId: string): readonly ThemeSummary[];
  /** The profile, created with defaults when new (server mode: first /mantra enroll). */
  ensureProfile(profileId: string): Snapshot;
  hasProfile(profileId: string): boolean;
  /** Every live profile (server mode catches up the DMs of all of them). */
  profileIds?(): string[];
}
