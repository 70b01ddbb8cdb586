/** The lowdb document: settings and state of every profile. A cache of the log, zod-checked on load. */
import { z } from 'zod';
import { defaultAlgorithm } from '../../shared/algorithms.js';
import { replay } from '../../shared/encounter.js';
import type { LogEntry } from '../../shared/encounter-log.js';
import { defaultProfileSettings, initialProfileState, profileSettingsSchema, profileStateSchema, type ProfileSettings, type ProfileState } from '../../shared/settings.js';
import { profileIdSchema } from './profile-id.js';

export const DOCUMENT_VERSION = 1;

export const profileRecordSchema = z.object({
  settings: profileSettingsSchema,
  state: profileStateSchema,
  /** Seed of the profile's random draws: from crypto at creation, kept so draws stay reproducible. */
  seed: z.number().int().min(0).max(0xffff_ffff),
});
export type ProfileRecord = z.infer<typeof profileRecordSchema>;

export const documentSchema = z.object({
  version: z.literal(DOCUMENT_VERSION),
  profiles: z.record(profileIdSchema, profileRecordSchema),
});
export type MantraDocument = z.infer<typeof documentSchema>;

export const emptyDocument = (): MantraDocument => ({ version: DOCUMENT_VERSION, profiles: {} });

/** Web Crypto (global in Node and browsers), so the engine's import graph needs no node: module. */
export const newSeed = (): number => crypto.getRandomValues(new Uint32Array(1))[0] ?? 0;

/** The state the log says a profile is in. */
export function stateFromLog(entries: Iterable<LogEntry>): ProfileState {
  return replay(initialProfileState(), entries, defaultAlgorithm.learner);
}

export function newProfileRecord(settings: ProfileSettings = defaultProfileSettings(), state: ProfileState = initialProfileState()): ProfileRecord {
  return { settings, state, seed: newSeed() };
}
