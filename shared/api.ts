/**
 * The one contract between a window and the engine. Electron's preload and the headless
 * host's HTTP client both implement `MantraApi`, so pages never know which they run in.
 * Every input crosses a border and is checked once, by the method's schema in `apiTable`.
 */
import type { LearningView } from './learning-view.js';
import { z } from 'zod';
import { LIMITS, SNOOZE } from './constants.js';
import type { AnswerVerdict } from './encounter.js';
import type { LogEntry } from './encounter-log.js';
import type { DiscordStatusSaid } from './discord-status.js';
import { fieldIssueSchema, fieldIssuesOf, REFUSAL_REASONS, refusalParamsSchema, type FieldIssue, type RefusalDetail, type RefusalParams, type RefusalReason } from './refusals.js';
import { profileSettingsPatchSchema, type DeliveredMantra, type ProfileSettings, type ProfileState } from './settings.js';
import type { Stats } from './stats.js';

export type DeliveryStatus =
  | { readonly kind: 'not-enrolled' }
  | { readonly kind: 'disabled'; readonly reason: 'user' | 'failures' }
  | { readonly kind: 'waiting'; readonly nextAt: number }
  /** snoozedUntil: hidden by a snooze until then (absent or null: showing). */
  | { readonly kind: 'pending'; readonly mantra: DeliveredMantra; readonly sentAt: number; readonly deadline: number; readonly snoozedUntil?: number | null }
  | { readonly kind: 'paused'; readonly until: number | null };

/** One listed time of today (fixed times, hybrid anchors) and where it goes; skipped when quiet hours cover it. */
export interface PlannedTime {
  readonly time: string;
  readonly at: number | null;
  readonly skipped: 'quiet-hours' | null;
}

export type DiscordConnection = 'off' | 'connecting' | 'connected' | 'reconnecting' | 'bad-token' | 'cannot-dm' | 'error';

export interface DiscordStatus {
  readonly connection: DiscordConnection;
  /** One sentence, in English (logs; the window's last resort). */
  readonly detail: string;
  /** The same sentence as data, worded in the reader's language (shared/discord-status.ts); absent: `detail` is all there is. */
  readonly said?: DiscordStatusSaid;
  readonly userId: string | null;
  readonly hasToken: boolean;
  /** Where the token lives: encrypted on disk (tray app), in the desktop keyring (headless host), only in memory, or nowhere. */
  readonly tokenStorage: 'encrypted' | 'keyring' | 'memory' | 'none';
  readonly apiBase: string | null;
  /** The mirror's on/off switch (`setDiscord({ enabled })`); off keeps token and user but sends nothing. */
  readonly enabled: boolean;
}

export interface ThemeSummary {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly mantraCount: number;
  /** The language its mantras are written in (BCP 47; the shipped library is "en"). */
  readonly language: string;
  /** "first-person": its mantras say "I" whatever the names (docs/theme-packs.md); "named": they use {subject}. */
  readonly voice: 'named' | 'first-person';
  /** Shipped with the app (cannot be removed) or imported from a pack. */
  readonly builtIn: boolean;
  readonly enabled: boolean;
}

export interface MantraPreview {
  readonly id: string;
  readonly theme: string;
  readonly template: string;
  readonly text: string;
  readonly difficulty: 'easy' | 'moderate' | 'hard';
  readonly basePoints: number;
  readonly favorite: boolean;
}

/** Something the user must know about, shown by the window as a banner. */
export interface Notice {
  readonly id: string;
  /** write-failed: the data directory cannot be written (retrying); settings-reset: a damaged settings file was partly reset; host: what the host itself must tell (e.g. a taken shortcut). */
  readonly kind: 'write-failed' | 'settings-reset' | 'host';
  /** English (logs, and the window's last resort). */
  readonly text: string;
  /** write-failed: what the window words in its language; `detail` is the system's own text. */
  readonly writeFailed?: { readonly detail: string; readonly failures: number; readonly since: number };
  /** settings-reset: what the window words in its language. */
  readonly settingsReset?: SettingsReset;
  /** host, the shortcut's banner: what the window words in its language. */
  readonly shortcut?: ShortcutTrouble;
}

/** One thing a damaged settings file lost, as data: the window names the setting in its language. */
export type SettingsResetItem =
  | { readonly what: 'setting'; readonly profile: string; readonly key: string }
  | { readonly what: 'badProfile'; readonly profile: string }
  | { readonly what: 'noProfiles' }
  | { readonly what: 'unreadable' };

/** What opening a damaged settings file did; `error` is the parser's or system's own text. */
export interface SettingsReset {
  readonly file: string;
  readonly aside: string;
  readonly error: string;
  readonly resets: readonly SettingsResetItem[];
}

/** Why the answer shortcut is not in force: another application holds it, or the system refused it (`error`, its own text). */
export interface ShortcutTrouble {
  readonly accelerator: string;
  readonly taken: boolean;
  readonly error?: string;
}

/** Everything a page needs to draw itself, in one object. */
export interface Snapshot {
  readonly profileId: string;
  readonly now: number;
  /** Resolved IANA zone all hours are shown in. */
  readonly timeZone: string;
  readonly settings: ProfileSettings;
  readonly state: ProfileState;
  readonly status: DeliveryStatus;
  /** Three or more misses in a row: offer to pause or disable. */
  readonly offerDisable: boolean;
  /** Today's listed times (fixed, hybrid) with where each actually goes; empty in other modes. */
  readonly today: readonly PlannedTime[];
  /** Quiet hours now in force until this time; null when it is not quiet now. */
  readonly quietUntil: number | null;
  readonly discord: DiscordStatus;
  /** "electron" or "headless": for wording only, pages behave the same. */
  readonly host: 'electron' | 'headless';
  /** Banners for the window; absent or empty: nothing to tell. */
  readonly notices?: readonly Notice[];
  /** The learner's curves, evidence and why the next delivery is when it is (shared/learning-view.ts). */
  readonly learning: LearningView;
}

export interface ImportResult {
  readonly ok: boolean;
  /** English, for logs and the CLI. */
  readonly errors: readonly string[];
  /** The pack's problems as data (path + code + bound), worded by each window in its language. */
  readonly issues?: readonly FieldIssue[];
  /** The file is not JSON: the parser's own message, shown only as a quoted detail. */
  readonly notJson?: string;
  readonly themes: readonly string[];
}

/** A live event pushed to windows. */
export type ApiEvent =
  | { readonly type: 'snapshot'; readonly snapshot: Snapshot }
  | { readonly type: 'delivered'; readonly mantra: DeliveredMantra; readonly deadline: number }
  | { readonly type: 'answer'; readonly verdict: AnswerVerdict }
  | { readonly type: 'openAnswer' };

export const pauseInputSchema = z.union([
  z.object({
    minutes: z
      .number()
      .int()
      .min(1)
      .max(60 * 24 * 365),
  }),
  /** 'tomorrow': 07:00 next; 'morning': the end of the coming quiet hours (07:00 without any); a number: that instant (vacation). */
  z.object({ until: z.union([z.literal('tomorrow'), z.literal('morning'), z.number().int({ message: 'a pause ends at a time (epoch milliseconds)' })]) }),
  z.object({ indefinitely: z.literal(true) }),
]);
export type PauseInput = z.infer<typeof pauseInputSchema>;

export const discordConfigInputSchema = z.object({
  /** Omitted: keep the stored token; empty string: forget it. */
  token: z.string().max(200).optional(),
  userId: z
    .string()
    .regex(/^\d{17,20}$/, { message: 'a Discord user ID is a number of 17 to 20 digits (Settings > Advanced > Developer Mode, then right-click your name > Copy User ID)' })
    .or(z.literal(''))
    .optional(),
  apiBase: z.url({ message: 'must be an http(s) URL' }).or(z.literal('')).optional(),
  enabled: z.boolean().optional(),
});
export type DiscordConfigInput = z.infer<typeof discordConfigInputSchema>;

/** One method of the contract: its input schema, and (as a type only) what it returns. */
export interface ApiMethodSpec<I extends z.ZodType, O> {
  readonly input: I;
  /** Never set: carries the output type. */
  readonly output?: O;
}

/** `takes(schema).returns<Output>()`: a method's row in the table. */
const takes = <I extends z.ZodType>(input: I) => ({ returns: <O>(): ApiMethodSpec<I, O> => ({ input }) });
const none = z.undefined();

/**
 * The API table: every method the window can call, with its input schema and output type.
 * Everything else is derived from it: the method list, `MantraApi`, the Electron preload's
 * `window.mantra`, the HTTP client and server, the input check at the border. Adding a
 * method means a row here, its handler in main/engine/api.ts, and the UI that calls it.
 */
export const apiTable = {
  getSnapshot: takes(none).returns<Snapshot>(),
  getStats: takes(none).returns<Stats>(),
  getLog: takes(z.object({ limit: z.number().int().min(1).max(10_000) })).returns<readonly LogEntry[]>(),
  enroll: takes(none).returns<Snapshot>(),
  unenroll: takes(none).returns<Snapshot>(),
  answer: takes(z.object({ text: z.string().max(LIMITS.answerLength, { message: `an answer is at most ${LIMITS.answerLength} characters` }) })).returns<AnswerVerdict>(),
  deliverNow: takes(none).returns<Snapshot>(),
  skip: takes(none).returns<Snapshot>(),
  pause: takes(pauseInputSchema).returns<Snapshot>(),
  snooze: takes(
    z.object({
      minutes: z
        .number()
        .int({ message: 'a snooze is a whole number of minutes' })
        .min(1, { message: 'a snooze lasts at least 1 minute' })
        .max(SNOOZE.maxMinutes, { message: `a snooze lasts at most ${SNOOZE.maxMinutes} minutes` }),
    }),
  ).returns<Snapshot>(),
  resume: takes(none).returns<Snapshot>(),
  updateSettings: takes(profileSettingsPatchSchema).returns<Snapshot>(),
  toggleFavorite: takes(z.object({ template: z.string().min(1).max(500) })).returns<Snapshot>(),
  listThemes: takes(none).returns<readonly ThemeSummary[]>(),
  previewTheme: takes(z.object({ themeId: z.string().min(1).max(100) })).returns<readonly MantraPreview[]>(),
  importThemePack: takes(z.object({ json: z.string().max(2_000_000, { message: 'a theme pack file is at most 2 MB' }) })).returns<ImportResult>(),
  setDiscord: takes(discordConfigInputSchema).returns<DiscordStatus>(),
  sendTestDm: takes(none).returns<DiscordStatus>(),
};

export type ApiMethod = keyof typeof apiTable;
export const API_METHODS = Object.keys(apiTable) as ApiMethod[];

type SchemaOf<M extends ApiMethod> = (typeof apiTable)[M]['input'];

/** Input schema of every method, by name (derived from the table). */
export const apiInputSchemas = Object.fromEntries(API_METHODS.map((m) => [m, apiTable[m].input])) as { readonly [M in ApiMethod]: SchemaOf<M> };

export type ApiOutputs = { [M in ApiMethod]: NonNullable<(typeof apiTable)[M]['output']> };

/** A method's input after the border checked it. */
export type ApiParsedInput<M extends ApiMethod> = z.output<SchemaOf<M>>;

/** The two Electron IPC channels: (method, input) calls in, ApiEvents out. */
export const IPC_CHANNELS = { invoke: 'mantra:invoke', event: 'mantra:event' } as const;

export type ApiInput<M extends ApiMethod> = z.input<SchemaOf<M>>;

/** The typed API object a window holds (`window.mantra` in Electron). Failures reject with an ApiError. */
export type MantraApi = {
  [M in ApiMethod]: (...args: ApiInput<M> extends undefined ? [] : [input: ApiInput<M>]) => Promise<ApiOutputs[M]>;
} & {
  /** Live events; returns the unsubscribe function. */
  subscribe(listener: (event: ApiEvent) => void): () => void;
};

/** How a failure crosses the border: an English message (logs), a code, and what a window needs to say it in the user's language. */
export const apiErrorSchema = z.object({
  message: z.string(),
  code: z.enum(['invalid-input', 'refused', 'not-found', 'unauthorized', 'internal']),
  reason: z.enum(REFUSAL_REASONS as [RefusalReason, ...RefusalReason[]]).optional(),
  params: refusalParamsSchema.optional(),
  issues: z.array(fieldIssueSchema).max(20).optional(),
});
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;

export class ApiError extends Error {
  readonly reason?: RefusalReason;
  readonly params?: RefusalParams;
  readonly issues?: readonly FieldIssue[];
  constructor(
    message: string,
    readonly code: ApiErrorBody['code'],
    detail: RefusalDetail = {},
  ) {
    super(message);
    this.name = 'ApiError';
    if (detail.reason !== undefined) this.reason = detail.reason;
    if (detail.params !== undefined) this.params = detail.params;
    if (detail.issues !== undefined) this.issues = detail.issues;
  }

  /** The body that crosses HTTP and IPC. */
  toBody(): ApiErrorBody {
    return {
      message: this.message,
      code: this.code,
      ...(this.reason !== undefined ? { reason: this.reason } : {}),
      ...(this.params !== undefined ? { params: this.params } : {}),
      ...(this.issues !== undefined ? { issues: [...this.issues] } : {}),
    };
  }

  static fromBody(body: ApiErrorBody): ApiError {
    return new ApiError(body.message, body.code, body);
  }
}

/** Turns zod issues into one sentence naming each bad field. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

/** ApiError('invalid-input') for zod issues: English for the log, the issues as data for the user's language. */
export function invalidInput(prefix: string, issues: readonly z.core.$ZodIssue[]): ApiError {
  return new ApiError(`${prefix}: ${describeIssues(issues)}`, 'invalid-input', { reason: 'invalidInput', issues: fieldIssuesOf(issues) });
}

/** Validates a method's input at a border; throws ApiError('invalid-input') naming the field. */
export function parseApiInput<M extends ApiMethod>(method: M, input: unknown): ApiParsedInput<M> {
  const r = apiTable[method].input.safeParse(input);
  if (!r.success) throw invalidInput(`invalid input for ${method}`, r.error.issues);
  return r.data as ApiParsedInput<M>;
}

/**
 * Electron's contextBridge rebuilds a rejected Error from its message alone, so the preload
 * appends the body to the message and the window reads it back (`fromBridge`).
 */
const BRIDGE_MARK = '\n\u2063mantra-error:';
export function bridgeMessage(body: ApiErrorBody): string {
  return `${body.message}${BRIDGE_MARK}${JSON.stringify(body)}`;
}

/** The ApiError inside a rejection that crossed the contextBridge; null when it is not one. */
export function fromBridge(e: unknown): ApiError | null {
  const message = e instanceof Error ? e.message : '';
  const at = message.indexOf(BRIDGE_MARK);
  if (at < 0) return null;
  try {
    const body = apiErrorSchema.safeParse(JSON.parse(message.slice(at + BRIDGE_MARK.length)));
    return body.success ? ApiError.fromBody(body.data) : null;
  } catch {
    return null;
  }
}

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.hasOwn(apiTable, name);
}
