/**
 * zod schemas and defaults for every persisted or user-given value.
 * Inside the app, values that passed these schemas are trusted.
 */
import { z } from 'zod';
import { DEFAULT_FIXED_TIMES, FREQUENCY, HOURS_PER_DAY, HYBRID, INTERVAL, LEARNER, LIMITS } from './constants.js';
import { hourCycleSchema, localeSchema, type HourCycle, type Locale } from './i18n/locales.js';
import { isKnownTimeZone } from './zone.js';
import retiredTemplates from './library/retired-templates.json' with { type: 'json' };
import { exposureModelSchema } from './learner.js';
import { checkParams, type ValidationCheck } from './refusals.js';
import { overlappedWindow } from './quiet-hours.js';

/** "HH:MM", 24-hour clock. */
export const clockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a time of day as HH:MM, from 00:00 to 23:59' });

export const intervalHoursSchema = z
  .number({ message: 'interval must be a number of hours' })
  .int({ message: 'interval must be a whole number of hours' })
  .min(INTERVAL.minHours, { message: `interval must be at least ${INTERVAL.minHours} hour` })
  .max(INTERVAL.maxHours, { message: `interval must be at most ${INTERVAL.maxHours} hours` });

export const fixedTimesSchema = z
  .array(clockTimeSchema)
  .min(1, { message: 'fixed times need at least one time of day' })
  .max(LIMITS.fixedTimes, { message: `at most ${LIMITS.fixedTimes} fixed times a day` })
  .refine((times) => new Set(times).size === times.length, checkParams('timesRepeat', 'fixed times must not repeat'));

export const deliveryModeSchema = z.enum(['adaptive', 'interval', 'fixed', 'hybrid']);
export type DeliveryModeName = z.infer<typeof deliveryModeSchema>;

/** Hybrid mode: how far either side of an anchor time a delivery may move, minutes. */
export const hybridWindowMinutesSchema = z
  .number({ message: 'the hybrid window must be a number of minutes' })
  .int({ message: 'the hybrid window must be a whole number of minutes' })
  .min(HYBRID.minWindowMinutes, { message: `the hybrid window must be at least ${HYBRID.minWindowMinutes} minutes` })
  .max(HYBRID.maxWindowMinutes, { message: `the hybrid window must be at most ${HYBRID.maxWindowMinutes} minutes` });

/** A delivery mode with what it needs; the form a scheduler takes. */
export type DeliveryMode =
  | { readonly kind: 'adaptive' }
  | { readonly kind: 'interval'; readonly hours: number }
  | { readonly kind: 'fixed'; readonly times: readonly string[] }
  /** Anchor times; each delivery goes to the learned best moment within +-windowMinutes of its anchor. */
  | { readonly kind: 'hybrid'; readonly times: readonly string[]; readonly windowMinutes: number };

/** Which days a quiet window starts on; a window crossing midnight belongs to the day it starts. */
export const quietDaysSchema = z.enum(['all', 'weekdays', 'weekends']);
export type QuietDays = z.infer<typeof quietDaysSchema>;

/** A daily span in which no delivery starts, e.g. 22:30-07:00 (crosses midnight). */
export const quietWindowSchema = z
  .object({ from: clockTimeSchema, to: clockTimeSchema, days: quietDaysSchema.default('all') })
  .strict()
  .refine((w) => w.from !== w.to, checkParams('quietSameTime', 'a quiet window must not start and end at the same time'));
export type QuietWindow = z.infer<typeof quietWindowSchema>;

export const quietHoursSchema = z.array(quietWindowSchema).max(LIMITS.quietWindows, { message: `at most ${LIMITS.quietWindows} quiet windows` });

/** A change to the quiet hours: also refuses a window that overlaps an earlier one (a saved profile that has one still loads). */
export const quietHoursChangeSchema = quietHoursSchema.superRefine((windows, ctx) => {
  for (const [i] of windows.entries()) {
    const j = overlappedWindow(windows, i);
    if (j >= 0) ctx.addIssue({ code: 'custom', path: [i], ...checkParams('quietOverlap', `overlaps quiet window ${j + 1}`, String(j + 1)) });
  }
});

/** "2 to 4 a day": the band the frequency control moves in (adaptive and hybrid modes). */
export const frequencyRangeSchema = z
  .object({
    min: z
      .number({ message: 'must be a number of mantras a day' })
      .min(FREQUENCY.min, { message: `must be at least ${FREQUENCY.min} a day` })
      .max(FREQUENCY.max, { message: `must be at most ${FREQUENCY.max} a day` }),
    max: z
      .number({ message: 'must be a number of mantras a day' })
      .min(FREQUENCY.min, { message: `must be at least ${FREQUENCY.min} a day` })
      .max(FREQUENCY.max, { message: `must be at most ${FREQUENCY.max} a day` }),
  })
  .strict()
  .refine((r) => r.min <= r.max, checkParams('rangeOrder', 'the lower end must not be above the upper end'));
export type FrequencyRange = z.infer<typeof frequencyRangeSchema>;

/** IANA time-zone name, checked against the runtime's Intl data. */
export const timeZoneSchema = z.string().refine(isKnownTimeZone, checkParams('unknownZone', 'unknown time zone (expected an IANA name such as Europe/Berlin)'));

const nameSchema = z
  .string()
  .trim()
  .min(1, { message: 'must not be empty' })
  .max(LIMITS.nameLength, { message: `at most ${LIMITS.nameLength} characters` });

const MODIFIERS = ['command', 'cmd', 'control', 'ctrl', 'commandorcontrol', 'cmdorctrl', 'alt', 'option', 'altgr', 'shift', 'super', 'meta'];
const NAMED_KEYS = [
  'plus',
  'space',
  'tab',
  'capslock',
  'numlock',
  'scrolllock',
  'backspace',
  'delete',
  'insert',
  'return',
  'enter',
  'up',
  'down',
  'left',
  'right',
  'home',
  'end',
  'pageup',
  'pagedown',
  'escape',
  'esc',
  'printscreen',
  'numdec',
  'numadd',
  'numsub',
  'nummult',
  'numdiv',
];
/** Why an Electron accelerator cannot be a global shortcut, as a named check (translated where shown) and English. */
export interface ShortcutFault {
  readonly check: Extract<ValidationCheck, 'shortcutNoModifier' | 'shortcutNotModifier' | 'shortcutTwice' | 'shortcutKey'>;
  /** The part at fault, for the sentence. */
  readonly name?: string;
  readonly message: string;
}

/** What is wrong with an Electron accelerator ("CommandOrControl+Shift+M") as a global shortcut; null when nothing is. */
export function shortcutFault(accelerator: string): ShortcutFault | null {
  const parts = accelerator.split('+').map((p) => p.trim());
  // "Ctrl++" names the plus key: an empty part after a "+" is that key.
  const key = accelerator.endsWith('++') ? '+' : (parts.pop() ?? '');
  const mods = accelerator.endsWith('++') ? parts.slice(0, -2) : parts;
  if (mods.length === 0) return { check: 'shortcutNoModifier', message: 'needs a modifier such as CommandOrControl, Alt or Shift, or it would catch ordinary typing' };
  const unknown = mods.find((m) => !MODIFIERS.includes(m.toLowerCase()));
  if (unknown !== undefined) return { check: 'shortcutNotModifier', name: unknown, message: `"${unknown}" is not a modifier (use CommandOrControl, Control, Alt, Shift, Super or Meta)` };
  if (new Set(mods.map((m) => m.toLowerCase())).size !== mods.length) return { check: 'shortcutTwice', message: 'names a modifier twice' };
  const k = key.toLowerCase();
  const known = /^[a-z0-9]$/.test(k) || /^f([1-9]|1[0-9]|2[0-4])$/.test(k) || /^num[0-9]$/.test(k) || NAMED_KEYS.includes(k) || /^[)!@#$%^&*(:;+=<,_\-.>?/~`{\][|\\}"']$/.test(key);
  return known ? null : { check: 'shortcutKey', name: key, message: `"${key}" is not a key Electron knows (a letter, a digit, F1-F24, Space, Up...)` };
}

/** A global shortcut as an Electron accelerator; "" = none. */
export const shortcutSchema = z
  .string()
  .trim()
  .max(60, { message: 'at most 60 characters' })
  .superRefine((value, ctx) => {
    const fault = value === '' ? null : shortcutFault(value);
    if (fault !== null) ctx.addIssue({ code: 'custom', ...checkParams(fault.check, fault.message, fault.name) });
  });

/** The answer window's global shortcut in a new profile (tray app only). */
export const DEFAULT_ANSWER_SHORTCUT = 'CommandOrControl+Shift+M';
export const learnerChoiceSchema = z.enum(['default', 'classic'], { message: 'learner must be "default" or "classic"' });
export type LearnerChoice = z.infer<typeof learnerChoiceSchema>;

/** What a user chooses, field by field, without defaults: the shape of a settings change. */
const settingsFields = {
  /** Theme ids mantras are drawn from. */
  themes: z.array(z.string().min(1)).min(1, { message: 'enable at least one theme' }),
  /** Replaces {subject} in templates. */
  subject: nameSchema,
  /** Replaces {controller} in templates. */
  controller: nameSchema,
  mode: deliveryModeSchema,
  intervalHours: intervalHoursSchema,
  fixedTimes: fixedTimesSchema,
  /** Hybrid mode's anchor times. */
  hybridTimes: fixedTimesSchema,
  hybridWindowMinutes: hybridWindowMinutesSchema,
  /** Windows in which no delivery starts and time does not count against a pending mantra. */
  quietHours: quietHoursChangeSchema,
  /** Band for the frequency control in adaptive and hybrid modes; null = the seed's 0.33-6. */
  frequencyRange: frequencyRangeSchema.nullable(),
  /** Time zone used for the curve's hours and fixed times; null = the system's. */
  timeZone: timeZoneSchema.nullable(),
  /** Raw template texts the user marked as favorite (weighted x2 in selection). */
  favorites: z.array(z.string()),
  /** Desktop channels. */
  notifications: z.boolean(),
  openAnswerWindow: z.boolean(),
  /** Hold a due delivery while the computer is idle (Electron only). */
  onlyWhenPresent: z.boolean(),
  idleThresholdMinutes: z.number().int().min(1).max(240),
  startAtLogin: z.boolean(),
  /** Play the system's notification sound with each mantra's notification, where the platform can. */
  notificationSound: z.boolean(),
  /** Global shortcut that opens the answer window (tray app only); "" = none. */
  answerShortcut: shortcutSchema,
  /** Language of the window, notifications, tray and Discord; null = the system's or browser's. */
  locale: localeSchema.nullable(),
  /** 12- or 24-hour clock; null = the locale's custom. */
  hourCycle: hourCycleSchema.nullable(),
  /** The first-run walk-through was finished or skipped. */
  onboarded: z.boolean(),
  /** Advanced: how Mantra learns when you answer. 'default' counts exposure (shared/learner.ts); 'classic' is the seed's V2. */
  learner: learnerChoiceSchema,
};

/** A change to settings: only the named fields, each checked; unknown fields are refused. */
export const profileSettingsPatchSchema = z.object(settingsFields).partial().strict();
export type ProfileSettingsPatch = z.infer<typeof profileSettingsPatchSchema>;

const RETIRED: ReadonlyMap<string, string> = new Map(Object.entries(retiredTemplates));
/** The current wording of a shipped template that was reworded; any other text unchanged. */
export const renamedTemplate = (template: string): string => RETIRED.get(template) ?? template;

/** What a user chooses; everything has a default. */
export const profileSettingsSchema = z.object({
  themes: settingsFields.themes.default(['focus', 'calm']),
  subject: settingsFields.subject.default('I'),
  controller: settingsFields.controller.default('my future self'),
  mode: settingsFields.mode.default('adaptive'),
  intervalHours: settingsFields.intervalHours.default(INTERVAL.defaultHours),
  fixedTimes: settingsFields.fixedTimes.default([...DEFAULT_FIXED_TIMES]),
  hybridTimes: settingsFields.hybridTimes.default([...DEFAULT_FIXED_TIMES]),
  hybridWindowMinutes: settingsFields.hybridWindowMinutes.default(HYBRID.defaultWindowMinutes),
  quietHours: quietHoursSchema.default([]),
  frequencyRange: settingsFields.frequencyRange.default(null),
  timeZone: settingsFields.timeZone.default(null),
  // A favorite of a shipped mantra that was reworded (so it reads right with any name) follows the new wording.
  favorites: settingsFields.favorites.default([]).transform((favorites) => [...new Set(favorites.map(renamedTemplate))]),
  notifications: settingsFields.notifications.default(true),
  openAnswerWindow: settingsFields.openAnswerWindow.default(true),
  onlyWhenPresent: settingsFields.onlyWhenPresent.default(false),
  idleThresholdMinutes: settingsFields.idleThresholdMinutes.default(5),
  startAtLogin: settingsFields.startAtLogin.default(false),
  notificationSound: settingsFields.notificationSound.default(false),
  answerShortcut: settingsFields.answerShortcut.default(DEFAULT_ANSWER_SHORTCUT),
  locale: settingsFields.locale.default(null),
  hourCycle: settingsFields.hourCycle.default(null),
  onboarded: settingsFields.onboarded.default(false),
  learner: settingsFields.learner.default('default'),
});
export type ProfileSettings = z.infer<typeof profileSettingsSchema>;
export const defaultProfileSettings = (): ProfileSettings => profileSettingsSchema.parse({});

/** How times are written for a person: their language and clock; null parts follow the system. */
export interface LocalePreferences {
  readonly locale: Locale | null;
  readonly hourCycle: HourCycle | null;
}

export const localePreferencesOf = (s: Pick<ProfileSettings, 'locale' | 'hourCycle'>): LocalePreferences => ({ locale: s.locale, hourCycle: s.hourCycle });

export function deliveryModeOf(s: Pick<ProfileSettings, 'mode' | 'intervalHours' | 'fixedTimes' | 'hybridTimes' | 'hybridWindowMinutes'>): DeliveryMode {
  switch (s.mode) {
    case 'adaptive':
      return { kind: 'adaptive' };
    case 'interval':
      return { kind: 'interval', hours: s.intervalHours };
    case 'fixed':
      return { kind: 'fixed', times: s.fixedTimes };
    case 'hybrid':
      return { kind: 'hybrid', times: s.hybridTimes, windowMinutes: s.hybridWindowMinutes };
  }
}

export const difficultySchema = z.enum(['easy', 'moderate', 'hard']);
export type Difficulty = z.infer<typeof difficultySchema>;

/** A mantra as the library holds it: a template, not yet formatted. */
export const mantraSchema = z.object({
  /** Stable id: `${themeId}/${n}` for library mantras. */
  id: z.string().min(1),
  theme: z.string().min(1),
  /** Template text with optional {subject} and {controller} placeholders. */
  template: z.string().min(1),
  difficulty: difficultySchema,
  basePoints: z.number().int().min(0),
});
export type Mantra = z.infer<typeof mantraSchema>;

/** The mantra of one delivery, with the text the user must type back. */
export const deliveredMantraSchema = mantraSchema.extend({ text: z.string().min(1) });
export type DeliveredMantra = z.infer<typeof deliveredMantraSchema>;

export const curveSchema = z.array(z.number().min(0).max(1)).length(HOURS_PER_DAY, { message: `the curve has exactly ${HOURS_PER_DAY} hours` });
export type Curve = readonly number[];

export const isoTimeSchema = z.iso.datetime({ offset: true });

export const channelSchema = z.enum(['window', 'notification', 'discord', 'cli', 'api']);
export type Channel = z.infer<typeof channelSchema>;

/**
 * The engine's state of one profile: a cache, rebuildable from the encounter log.
 * Times are epoch milliseconds.
 */
export const profileStateSchema = z.object({
  enrolled: z.boolean().default(false),
  /** Why delivery is off while enrolled=false after having been on. */
  disabledReason: z.enum(['user', 'failures']).nullable().default(null),
  curve: curveSchema.default(() => Array.from({ length: HOURS_PER_DAY }, () => LEARNER.initial)),
  /** The default learner's exposure model (shared/learner.ts); null until it has seen a window, and for the classic learner. */
  model: exposureModelSchema.nullable().default(null),
  frequency: z.number().min(FREQUENCY.min).max(FREQUENCY.max).default(FREQUENCY.initial),
  consecutiveFailures: z.number().int().min(0).default(0),
  /** Send time while waiting, deadline while a mantra is out; null when not enrolled. */
  nextDelivery: z.number().nullable().default(null),
  /** When the current mantra was sent; null = waiting to send. */
  sent: z.number().nullable().default(null),
  current: deliveredMantraSchema.nullable().default(null),
  /** Deliveries are held until this time; Infinity is not JSON, so "indefinitely" is its own flag. */
  pausedUntil: z.number().nullable().default(null),
  pausedIndefinitely: z.boolean().default(false),
  /** The out mantra is snoozed: hidden until this time, then shown again (its deadline already moved). */
  snoozedUntil: z.number().nullable().default(null),
  /** When the out mantra was last shown (sent or back from a snooze): missed hours count from here. */
  shownAt: z.number().nullable().default(null),
  streak: z.number().int().min(0).default(0),
  bestStreak: z.number().int().min(0).default(0),
  points: z.number().int().min(0).default(0),
  delivered: z.number().int().min(0).default(0),
  answered: z.number().int().min(0).default(0),
  /** Template of the last delivered mantra, to avoid repeating it. */
  lastTemplate: z.string().nullable().default(null),
});
export type ProfileState = z.infer<typeof profileStateSchema>;
export const initialProfileState = (): ProfileState => profileStateSchema.parse({});
