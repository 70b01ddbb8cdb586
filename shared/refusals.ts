/**
 * Why the engine said no, as data: a stable reason key with its params, and zod issues as
 * path + code + bound. Windows, Discord and the CLI translate these (shared/i18n/refusal-words.ts);
 * the English sentence travels alongside for logs and for callers that print it as is.
 */
import { z } from 'zod';

/** English for logs, one per reason; the user reads the catalog's `refusals` group instead. */
export const REFUSAL_ENGLISH = {
  alreadyEnrolled: 'already enrolled',
  notEnrolled: 'not enrolled',
  noMantras: 'no mantra to deliver: enable at least one theme that has mantras',
  nothingToSnooze: 'no mantra is waiting for an answer: nothing to snooze',
  expired: 'this mantra has expired',
  snoozeMinutes: 'a snooze lasts a whole number of minutes, at least 1',
  enrollFirst: 'enroll first: delivery is off',
  alreadyWaiting: 'a mantra is already waiting for its answer',
  nothingWaiting: 'no mantra is waiting for an answer',
  nothingToSkip: 'nothing to skip: delivery is off',
  nothingToPause: 'nothing to pause: delivery is off',
  pauseInPast: 'a pause must end in the future',
  notPaused: 'not paused',
  unknownTheme: 'unknown theme',
  noTheme: 'no such theme',
  noProfile: 'no such profile',
  writeFailed: 'Mantra could not save this, so nothing changed',
  invalidInput: 'invalid input',
  pauseNotDate: 'not a date',
  pauseNeedsZone: 'a date needs a time zone here; use a duration such as 2d',
  pauseUnreadable: 'not a pause',
  pauseOutOfRange: 'not a pause between 1 minute and a year',
  quietUnreadable: 'not a quiet window',
} as const;

export type RefusalReason = keyof typeof REFUSAL_ENGLISH;
export const REFUSAL_REASONS = Object.keys(REFUSAL_ENGLISH) as RefusalReason[];

/**
 * Named checks that are not a bound or a type (zod `custom` issues carry one as
 * `params.check`); each has a sentence in the catalog's `validation.checks`.
 */
export const VALIDATION_CHECKS = [
  'timesRepeat',
  'quietSameTime',
  'quietOverlap',
  'rangeOrder',
  'unknownZone',
  'shortcutNoModifier',
  'shortcutNotModifier',
  'shortcutTwice',
  'shortcutKey',
  'httpUrl',
] as const;
export type ValidationCheck = (typeof VALIDATION_CHECKS)[number];
/** `.refine(fn, checkParams('timesRepeat', 'English for logs'))`: a custom issue a window can translate. */
export const checkParams = (check: ValidationCheck, message: string, name?: string) => ({ message, params: name === undefined ? { check } : { check, name } });

const paramValue = z.union([z.string().max(500), z.number()]);
export const refusalParamsSchema = z.record(z.string().max(40), paramValue);
export type RefusalParams = z.infer<typeof refusalParamsSchema>;

/** "themes[2].mantras[4].text" from ['themes', 2, 'mantras', 4, 'text'] ("" for the root): an issue's path as a file's author writes it. */
export function pathLabel(path: readonly PropertyKey[]): string {
  let label = '';
  for (const key of path) label += typeof key === 'number' ? `[${key}]` : `${label ? '.' : ''}${String(key)}`;
  return label;
}

/** One zod issue as it crosses a border: enough to say in any language what is wrong with which field. */
export const fieldIssueSchema = z.object({
  path: z.array(z.union([z.string().max(100), z.number().int()])).max(10),
  /** zod's issue code: too_small, too_big, invalid_type, invalid_format, invalid_value, custom... */
  code: z.string().max(40),
  /** What was measured: "string" (length), "number", "array" (items)... */
  origin: z.string().max(40).optional(),
  /** The minimum or maximum that was crossed. */
  bound: z.number().optional(),
  /** invalid_type: what was expected ("number", "int", "string"). */
  expected: z.string().max(40).optional(),
  /** invalid_format: "regex", "url"... */
  format: z.string().max(40).optional(),
  /** invalid_value: the allowed values. */
  values: z
    .array(z.union([z.string().max(100), z.number(), z.boolean(), z.null()]))
    .max(50)
    .optional(),
  /** custom: the named check (VALIDATION_CHECKS), and the part at fault it names ("Hyper"). */
  check: z.enum(VALIDATION_CHECKS).optional(),
  name: z.string().max(100).optional(),
  /** The English message, for logs. */
  message: z.string().max(1000),
});
export type FieldIssue = z.infer<typeof fieldIssueSchema>;

/** What a refusal carries besides its English message. */
export interface RefusalDetail {
  readonly reason?: RefusalReason;
  readonly params?: RefusalParams;
  readonly issues?: readonly FieldIssue[];
}

const primitive = (v: unknown): v is string | number | boolean | null => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/** zod's issues as data that crosses a border (the input itself is never carried). */
export function fieldIssuesOf(issues: readonly z.core.$ZodIssue[]): FieldIssue[] {
  return issues.slice(0, 20).map((raw): FieldIssue => {
    // "a user ID or empty": the first alternative says what was meant.
    const branch = raw.code === 'invalid_union' ? raw.errors[0]?.[0] : undefined;
    const i: z.core.$ZodIssue = branch ? { ...branch, path: [...raw.path, ...branch.path] } : raw;
    const out: { -readonly [K in keyof FieldIssue]: FieldIssue[K] } = {
      path: i.path.filter((p): p is string | number => typeof p !== 'symbol').map((p) => (typeof p === 'string' ? p.slice(0, 100) : p)),
      code: i.code,
      message: i.message.slice(0, 1000),
    };
    if (i.code === 'too_small' || i.code === 'too_big') {
      out.origin = i.origin;
      const bound = i.code === 'too_small' ? i.minimum : i.maximum;
      if (typeof bound === 'number') out.bound = bound;
      else if (typeof bound === 'bigint') out.bound = Number(bound);
    }
    if (i.code === 'invalid_type') out.expected = i.expected;
    if (i.code === 'invalid_format') out.format = i.format;
    if (i.code === 'invalid_value') out.values = i.values.filter(primitive).slice(0, 50) as FieldIssue['values'];
    if (i.code === 'unrecognized_keys') out.values = i.keys.slice(0, 50).map((k) => k.slice(0, 100));
    if (i.code === 'custom') {
      const check: unknown = i.params?.check;
      if (typeof check === 'string' && (VALIDATION_CHECKS as readonly string[]).includes(check)) out.check = check as ValidationCheck;
      const name: unknown = i.params?.name;
      if (typeof name === 'string') out.name = name.slice(0, 100);
    }
    return out;
  });
}
