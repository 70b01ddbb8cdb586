/** The lowdb document: settings and state of every profile. A cache of the log, zod-checked on load. */
import { z } from 'zod';
import { defaultAlgorithm } from '../../shared/algorithms.js';
import type { SettingsResetItem } from '../../shared/api.js';
import type { Learner } from '../../shared/availability.js';
import { replay } from '../../shared/encounter.js';
import type { LogEntry } from '../../shared/encounter-log.js';
import { defaultProfileSettings, initialProfileState, learnerChoiceSchema, profileSettingsSchema, profileStateSchema, type ProfileSettings, type ProfileState } from '../../shared/settings.js';
import { profileIdSchema } from './profile-id.js';

export const DOCUMENT_VERSION = 1;

/**
 * The last log entry a saved state reflects: its position (entry slots before it, torn
 * lines included) and its stored text, so a start replays only what came after and notices
 * a log that is not the one the state was saved from. Absent: rebuild from the whole log.
 * `bytes`, the log file's length at the mark, lets a start see from one stat() that nothing
 * came after it (a log only grows); a mark without it (older records, a store that keeps
 * no files) takes the reading path.
 */
export const logMarkSchema = z.object({ position: z.number().int().min(0), last: z.string().nullable(), bytes: z.number().int().min(0).optional() });
export type LogMark = z.infer<typeof logMarkSchema>;

/**
 * What a mark keeps of the last line: "#" and a 53-bit hash of it (cyrb53), not the line (a
 * delivered entry is 300 bytes of every stored row). It only has to tell one log from
 * another; marks from before it hold the line itself, and still compare by text.
 */
export function lineMark(line: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return `#${(4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36)}`;
}

/** The mark of a log `position` lines long whose last line is `last`; `bytes`, its length, where a read or an append knew it (no stat() for the mark). */
export function logMark(position: number, last: string | null, bytes: number | undefined): LogMark {
  return { position, last: last === null ? null : lineMark(last), ...(bytes === undefined ? {} : { bytes }) };
}

/** Whether a mark's `last` names this line (null: no line). */
export function markNames(last: string | null, line: string | null): boolean {
  if (last === null || line === null) return last === line;
  return last.startsWith('#') ? lineMark(line) === last : line === last;
}

export const profileRecordSchema = z.object({
  settings: profileSettingsSchema,
  state: profileStateSchema,
  /** Seed of the profile's random draws: from crypto at creation, kept so draws stay reproducible. */
  seed: z.number().int().min(0).max(0xffff_ffff),
  log: logMarkSchema.optional(),
  /**
   * The learner whose replay of the log the state is (an exposure model: 'default', a curve
   * moved by hours: 'classic'). The engine rebuilds a state another learner made, once;
   * absent in records saved before it was kept: the engine then judges by the state once.
   */
  learnedBy: learnerChoiceSchema.optional(),
});
export type ProfileRecord = z.infer<typeof profileRecordSchema>;

/** An object keyed by ids with no prototype: "__proto__" or "constructor" are ids like any other. */
export function idMap<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** Like z.record, but keeps every key (zod drops "__proto__") in an idMap. */
export function idRecordSchema<T extends z.ZodType>(key: z.ZodType<string>, value: T) {
  return z.unknown().transform((input, ctx) => {
    const out = idMap<z.output<T>>();
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      ctx.addIssue({ code: 'custom', message: 'must be an object keyed by profile id' });
      return z.NEVER;
    }
    // JSON.parse keeps a "__proto__" key as an own property; Object.keys sees it.
    const source = input as Record<string, unknown>;
    for (const id of Object.keys(source)) {
      const k = key.safeParse(id);
      const v = value.safeParse(source[id]);
      if (!k.success) ctx.addIssue({ code: 'custom', path: [id], message: k.error.issues[0]?.message ?? 'not an id' });
      else if (!v.success) for (const issue of v.error.issues) ctx.addIssue({ code: 'custom', path: [id, ...issue.path], message: issue.message });
      else out[id] = v.data;
    }
    return out;
  });
}

export const documentSchema = z.object({
  version: z.literal(DOCUMENT_VERSION),
  profiles: idRecordSchema(profileIdSchema, profileRecordSchema),
});
export type MantraDocument = z.infer<typeof documentSchema>;

export const emptyDocument = (): MantraDocument => ({ version: DOCUMENT_VERSION, profiles: idMap() });

/** Web Crypto (global in Node and browsers), so the engine's import graph needs no node: module. */
export const newSeed = (): number => crypto.getRandomValues(new Uint32Array(1))[0] ?? 0;

/** The state the log says a profile is in, as the given learner (the default's unless told) learns it. */
export function stateFromLog(entries: Iterable<LogEntry>, learner: Learner = defaultAlgorithm.learner): ProfileState {
  return replay(initialProfileState(), entries, learner);
}

export function newProfileRecord(settings: ProfileSettings = defaultProfileSettings(), state: ProfileState = initialProfileState()): ProfileRecord {
  return { settings, state, seed: newSeed() };
}

export interface Salvaged {
  readonly document: MantraDocument;
  /** One per setting that did not parse and is back to its default (as data: the window words it). */
  readonly resets: SettingsResetItem[];
}

/**
 * What can still be used of a document that does not parse as a whole: every profile whose
 * id is valid, every setting that parses on its own (the rest back to defaults), the seed.
 * The state is left to a rebuild from the log (no log mark), which is where it comes from.
 */
export function salvageDocument(json: unknown): Salvaged {
  const document = emptyDocument();
  const resets: SettingsResetItem[] = [];
  const profiles = typeof json === 'object' && json !== null && 'profiles' in json ? (json as { profiles: unknown }).profiles : null;
  if (typeof profiles !== 'object' || profiles === null || Array.isArray(profiles)) return { document, resets: [{ what: 'noProfiles' }] };
  const defaults = defaultProfileSettings();
  for (const id of Object.keys(profiles)) {
    if (!profileIdSchema.safeParse(id).success) {
      resets.push({ what: 'badProfile', profile: id.slice(0, 64) });
      continue;
    }
    const raw: unknown = (profiles as Record<string, unknown>)[id];
    const record = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
    const rawSettings = typeof record.settings === 'object' && record.settings !== null ? (record.settings as Record<string, unknown>) : {};
    const settings: Record<string, unknown> = { ...defaults };
    for (const [key, schema] of Object.entries(profileSettingsSchema.shape)) {
      if (!(key in rawSettings)) continue;
      const r = (schema as z.ZodType).safeParse(rawSettings[key]);
      if (r.success) settings[key] = r.data;
      else resets.push({ what: 'setting', profile: id, key });
    }
    const checked = profileSettingsSchema.safeParse(settings);
    const seed = profileRecordSchema.shape.seed.safeParse(record.seed);
    document.profiles[id] = { settings: checked.success ? checked.data : defaults, state: initialProfileState(), seed: seed.success ? seed.data : newSeed() };
  }
  return { document, resets };
}
