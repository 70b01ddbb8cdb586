/**
 * Archetype files for the availability simulator (../shared/sim/README.md): the zod
 * schema, its defaults, and errors that name the archetype and the field.
 * A file with any error is refused whole: nothing runs on a malformed file.
 */
import { z } from 'zod';
import { HOURS_PER_DAY } from '../constants.js';
import { deliveryModeOf, profileSettingsPatchSchema, profileSettingsSchema, timeZoneSchema, type DeliveryMode, type ProfileSettingsPatch, type QuietWindow } from '../settings.js';
import { pathLabel } from '../refusals.js';

const hourlyCurve = z
  .array(
    z
      .number({ error: (iss) => (iss.input === undefined ? 'is required' : `must be a number in 0..1, got ${JSON.stringify(iss.input)}`) })
      .min(0, { error: (iss) => `must be a number in 0..1, got ${String(iss.input)}` })
      .max(1, { error: (iss) => `must be a number in 0..1, got ${String(iss.input)}` }),
    { error: (iss) => (iss.input === undefined ? 'is required' : `must be a list of exactly ${HOURS_PER_DAY} numbers`) },
  )
  .length(HOURS_PER_DAY, { error: (iss) => `must have exactly ${HOURS_PER_DAY} numbers, got ${(iss.input as unknown[]).length}` });

const completionSchema = z.strictObject(
  {
    median: z.number({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be a number of minutes') }).positive({ error: 'must be more than 0 minutes' }),
    max: z.number({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be a number of minutes') }).min(0.25, { error: 'must be at least 0.25 minutes (the shortest completion time)' }),
  },
  {
    error: (iss) => (iss.code === 'unrecognized_keys' ? `unknown field ${iss.keys.map((k) => `"${k}"`).join(', ')} (expected median, max)` : 'must be an object { "median": minutes, "max": minutes }'),
  },
);

const ARCHETYPE_FIELDS = [
  'name',
  'description',
  'availability',
  'weekendAvailability',
  'ignoreProbability',
  'completionMinutes',
  'dailyJitterHours',
  'changeAfterDays',
  'changedAvailability',
  'changedWeekendAvailability',
  'timezone',
  'settings',
] as const;

/**
 * What a user saved in the app, in the protocol's words. Only the shape is checked here;
 * the values go through the app's own settings schema (applySettings), as a save would.
 */
const settingsInputSchema = z.strictObject(
  {
    mode: z
      .looseObject(
        { kind: z.enum(['adaptive', 'interval', 'fixed', 'hybrid'], { error: 'must be "adaptive", "interval", "fixed" or "hybrid"' }) },
        { error: 'must be an object such as { "kind": "interval", "hours": 2 }' },
      )
      .optional(),
    quietHours: z.unknown().optional(),
  },
  { error: (iss) => (iss.code === 'unrecognized_keys' ? `unknown field ${iss.keys.map((k) => `"${k}"`).join(', ')} (known fields: mode, quietHours)` : 'must be an object') },
);

/** The app's settings field -> where it came from in the archetype's `settings`. */
const SETTINGS_SOURCE: Readonly<Record<string, string>> = {
  mode: 'settings.mode.kind',
  intervalHours: 'settings.mode.hours',
  fixedTimes: 'settings.mode.times',
  hybridTimes: 'settings.mode.times',
  hybridWindowMinutes: 'settings.mode.windowMinutes',
  quietHours: 'settings.quietHours',
};

/** The settings an archetype's user runs with. */
export interface ArchetypeSettings {
  /** Null: the algorithm's own mode (adaptive for the learners). */
  readonly mode: DeliveryMode | null;
  readonly quietHours: readonly QuietWindow[];
}

/** Applies an archetype's `settings` through the app's settings schema; problems name the field. */
export function applySettings(input: z.output<typeof settingsInputSchema> | undefined): { settings: ArchetypeSettings } | { errors: string[] } {
  if (!input) return { settings: { mode: null, quietHours: [] } };
  const patch: Record<string, unknown> = {};
  const mode = input.mode as Record<string, unknown> | undefined;
  if (mode) {
    patch.mode = mode.kind;
    const allowed: Record<string, readonly string[]> = { adaptive: ['kind'], interval: ['kind', 'hours'], fixed: ['kind', 'times'], hybrid: ['kind', 'times', 'windowMinutes'] };
    const extra = Object.keys(mode).filter((k) => !(allowed[String(mode.kind)] ?? []).includes(k));
    const missing = (allowed[String(mode.kind)] ?? []).filter((k) => mode[k] === undefined);
    if (extra.length > 0 || missing.length > 0) {
      return { errors: [...extra.map((k) => `settings.mode.${k}: not a field of ${String(mode.kind)} mode`), ...missing.map((k) => `settings.mode.${k}: is required in ${String(mode.kind)} mode`)] };
    }
    if (mode.kind === 'interval') patch.intervalHours = mode.hours;
    if (mode.kind === 'fixed') patch.fixedTimes = mode.times;
    if (mode.kind === 'hybrid') {
      patch.hybridTimes = mode.times;
      patch.hybridWindowMinutes = mode.windowMinutes;
    }
  }
  if (input.quietHours !== undefined) patch.quietHours = input.quietHours;
  const checked = profileSettingsPatchSchema.safeParse(patch);
  if (!checked.success) {
    return {
      errors: checked.error.issues.map((i) => {
        const [field, ...rest] = i.path;
        const where = `${SETTINGS_SOURCE[String(field)] ?? `settings.${String(field)}`}${pathLabel(rest).replace(/^(?=[^[])/, rest.length ? '.' : '')}`;
        return `${where}: ${i.message}`;
      }),
    };
  }
  const saved = profileSettingsSchema.parse(checked.data satisfies ProfileSettingsPatch);
  return { settings: { mode: mode ? deliveryModeOf(saved) : null, quietHours: saved.quietHours } };
}

export const archetypeSchema = z.strictObject(
  {
    name: z
      .string({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be a string') })
      .trim()
      .min(1, { error: 'must not be empty' }),
    description: z.string({ error: 'must be a string' }).default(''),
    availability: hourlyCurve,
    weekendAvailability: hourlyCurve.optional(),
    ignoreProbability: z.number({ error: 'must be a number in 0..1' }).min(0, { error: 'must be a number in 0..1' }).max(1, { error: 'must be a number in 0..1' }).default(0),
    completionMinutes: completionSchema.default({ median: 1.5, max: 10 }),
    dailyJitterHours: z.number({ error: 'must be a whole number of hours' }).int({ error: 'must be a whole number of hours' }).min(0, { error: 'must not be negative' }).default(0),
    changeAfterDays: z.number({ error: 'must be a whole number of days' }).int({ error: 'must be a whole number of days' }).min(0, { error: 'must not be negative' }).optional(),
    changedAvailability: hourlyCurve.optional(),
    changedWeekendAvailability: hourlyCurve.optional(),
    timezone: z
      .string({ error: 'must be an IANA time-zone name such as "Europe/Berlin"' })
      .refine((tz) => timeZoneSchema.safeParse(tz).success, { error: (iss) => `unknown time zone ${JSON.stringify(iss.input)} (expected an IANA name such as "Europe/Berlin")` })
      .default('UTC'),
    settings: settingsInputSchema.optional(),
  },
  {
    error: (iss) => (iss.code === 'unrecognized_keys' ? `unknown field ${iss.keys.map((k) => `"${k}"`).join(', ')} (known fields: ${ARCHETYPE_FIELDS.join(', ')})` : 'must be an object'),
  },
);

export type ArchetypeInput = z.input<typeof archetypeSchema>;

/** An archetype with every default filled in: what the simulator runs. */
export interface Archetype {
  readonly name: string;
  readonly description: string;
  readonly availability: readonly number[];
  readonly weekendAvailability: readonly number[];
  readonly ignoreProbability: number;
  readonly completionMinutes: { readonly median: number; readonly max: number };
  readonly dailyJitterHours: number;
  /** The pattern change, when the archetype has one. */
  readonly change: {
    readonly afterDays: number;
    readonly availability: readonly number[];
    readonly weekendAvailability: readonly number[];
  } | null;
  readonly timezone: string;
  /** What this user set in the app (mode, quiet hours). */
  readonly settings: ArchetypeSettings;
}

const fileSchema = z.looseObject(
  {
    archetypes: z.array(z.unknown(), { error: (iss) => (iss.input === undefined ? 'is required' : 'must be a list of archetypes') }).min(1, { error: 'must hold at least one archetype' }),
  },
  { error: 'the file must hold a JSON object { "archetypes": [ ... ] }' },
);

export type ArchetypeFileResult = { readonly ok: true; readonly archetypes: readonly Archetype[] } | { readonly ok: false; readonly errors: readonly string[] };

function withDefaults(a: z.output<typeof archetypeSchema>, settings: ArchetypeSettings): Archetype {
  return {
    name: a.name,
    description: a.description,
    availability: a.availability,
    weekendAvailability: a.weekendAvailability ?? a.availability,
    ignoreProbability: a.ignoreProbability,
    completionMinutes: a.completionMinutes,
    dailyJitterHours: a.dailyJitterHours,
    change:
      a.changeAfterDays !== undefined && a.changedAvailability !== undefined
        ? {
            afterDays: a.changeAfterDays,
            availability: a.changedAvailability,
            weekendAvailability: a.changedWeekendAvailability ?? a.changedAvailability,
          }
        : null,
    timezone: a.timezone,
    settings,
  };
}

/** Fields that only make sense together; checked on the raw value so they are reported alongside shape errors. */
function relationProblems(raw: unknown): string[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return [];
  const has = (key: string): boolean => (raw as Record<string, unknown>)[key] !== undefined;
  const problems: string[] = [];
  if (has('changeAfterDays') && !has('changedAvailability')) problems.push('changedAvailability: is required with changeAfterDays');
  for (const key of ['changedAvailability', 'changedWeekendAvailability']) {
    if (has(key) && !has('changeAfterDays')) problems.push(`changeAfterDays: is required with ${key} (the day the pattern changes)`);
  }
  return problems;
}

/** How an archetype is named in errors: `archetype "night-owl" (#2)`, or `archetype #2` without a usable name. */
function archetypeLabel(raw: unknown, index: number): string {
  const name = (raw as { name?: unknown } | null)?.name;
  return typeof name === 'string' && name.trim() !== '' ? `archetype "${name.trim()}" (#${index + 1})` : `archetype #${index + 1}`;
}

/**
 * Validates a parsed archetype file. Every problem is reported, one line each, as
 * `archetype "night-owl" (#2): availability: must have exactly 24 numbers, got 23`.
 */
export function parseArchetypeFile(json: unknown): ArchetypeFileResult {
  const file = fileSchema.safeParse(json);
  if (!file.success) {
    return { ok: false, errors: file.error.issues.map((i) => (i.path.length ? `${pathLabel(i.path)}: ${i.message}` : i.message)) };
  }
  const errors: string[] = [];
  const archetypes: Archetype[] = [];
  const firstIndexOf = new Map<string, number>();
  for (const [index, raw] of file.data.archetypes.entries()) {
    const label = archetypeLabel(raw, index);
    const parsed = archetypeSchema.safeParse(raw);
    const problems = relationProblems(raw);
    for (const problem of problems) errors.push(`${label}: ${problem}`);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push(issue.path.length ? `${label}: ${pathLabel(issue.path)}: ${issue.message}` : `${label}: ${issue.message}`);
      continue;
    }
    if (problems.length > 0) continue;
    const applied = applySettings(parsed.data.settings);
    if ('errors' in applied) {
      for (const problem of applied.errors) errors.push(`${label}: ${problem}`);
      continue;
    }
    const earlier = firstIndexOf.get(parsed.data.name);
    if (earlier !== undefined) errors.push(`${label}: name: repeats the name of archetype #${earlier + 1} (names must be unique)`);
    else firstIndexOf.set(parsed.data.name, index);
    archetypes.push(withDefaults(parsed.data, applied.settings));
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, archetypes };
}

/** One archetype given in code, defaults filled in; throws with the same messages as a file would. */
export function archetype(input: ArchetypeInput): Archetype {
  const result = parseArchetypeFile({ archetypes: [input] });
  if (!result.ok) throw new RangeError(result.errors.join('\n'));
  const [only] = result.archetypes;
  if (!only) throw new RangeError('no archetype');
  return only;
}
