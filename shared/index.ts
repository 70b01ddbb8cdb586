/**
 * Mantra's pure domain: the public face. Everything here is deterministic — time (`now`, epoch
 * ms) and chance (a seeded `Rng`) come in as arguments — so the app, the simulator and the
 * browser run the same code. The modules themselves hold the detail; this file names the entry
 * points with one short example each.
 *
 * @packageDocumentation
 */

/**
 * Every tuned bound (learner, frequency, encounter thresholds, points, matching, favorite weight,
 * limits) in one deep-frozen, zod-checked object; defaults and their sources in constants.ts.
 *
 * @example
 * const p = parameters({ learner: { learningRate: 0.3 }, encounter: { autoDisableAfter: 10 } });
 * const ctx: EncounterContext = { ...ctx0, params: p };   // reducers use p
 * simulate({ archetype, algorithm: 'seed-v2', seed: 1, days: 60, params: { favoriteWeight: 3 } });
 */
export { parameters, parametersSchema, DEFAULT_PARAMETERS, type MantraParameters, type PartialParameters } from './parameters.js';
export { ENCOUNTER, FAVORITE_WEIGHT, FREQUENCY, HOURS_PER_DAY, LEARNER, LIMITS, MATCH, POINTS } from './constants.js';

/**
 * The encounter reducers: (state, context, input, now[, rng]) -> { state, effects }. Effects are
 * data (log, save, deliver, arm a timer...); the engine in main/ carries them out.
 *
 * @example
 * const ctx: EncounterContext = { algorithm: defaultAlgorithm, mode: { kind: 'adaptive' }, timeZone: 'Europe/Berlin',
 *   library: DEFAULT_LIBRARY.mantras, themes: ['calm'], favorites: [], names: { subject: 'I', controller: 'my future self' } };
 * let { state } = enroll(initialProfileState(), ctx, now);
 * ({ state } = due(state, ctx, state.nextDelivery!, createRng(1)));      // delivers a mantra
 * const step = answer(state, ctx, { text: state.current!.text, channel: 'window' }, now + 60_000);
 * step.effects.find((e) => e.kind === 'answerResult');                    // { verdict: { accepted: true, points, streak: 1, ... } }
 */
export {
  enroll,
  unenroll,
  due,
  answer,
  deliverNow,
  skip,
  snooze,
  pause,
  resume,
  reschedule,
  replay,
  nextWake,
  type Algorithm,
  type AnswerVerdict,
  type EncounterContext,
  type Effect,
  type Step,
} from './encounter.js';

/**
 * Named algorithms (the app's `default`, `seed-v2`, and the references the simulator compares).
 *
 * @example
 * const table = algorithmsWith(parameters({ learner: { learningRate: 0.3 } }));
 * const curve = table['seed-v2']!.algorithm.learner.onAnswer(flatCurve(), 9, [7, 8]);
 */
export { ALGORITHMS, algorithmsWith, defaultAlgorithm, seedV2, type NamedAlgorithm } from './algorithms.js';
export { flatCurve, learnHour, penalizeMissedHours, type Learner } from './availability.js';
export { adjustFrequency, type FrequencyPolicy } from './frequency.js';

/**
 * Mantras: selection, the forgiving match of a typed answer, and its points.
 *
 * @example
 * matchAnswer('I finish what I start', 'i finish what i strat').matches;     // true: a typo
 * matchAnswer('I can rest now', 'I cannot rest now').matches;                // false: a negation
 * scoreAnswer({ basePoints: 50, responseMs: 60_000, streakBefore: 2 }).points; // 50 x (1 + 0.5 + 0.2) = 85
 */
export { matchAnswer, scoreAnswer, selectMantra, formatMantra, type MatchResult, type AnswerScore } from './mantras.js';
export { DEFAULT_LIBRARY, loadThemePack, themeLibrary } from './themes.js';

/**
 * Settings and state: zod schemas that parse every stored or incoming value once.
 *
 * @example
 * const settings = profileSettingsSchema.parse({});          // every default filled in
 * profileSettingsPatchSchema.safeParse({ intervalHours: 30 }); // { success: false, ... "at most 24 hours" }
 */
export { profileSettingsSchema, profileSettingsPatchSchema, profileStateSchema, initialProfileState, type ProfileSettings, type ProfileState, type Mantra } from './settings.js';

/**
 * The window/engine contract: every method's input schema, and the typed API object.
 *
 * @example
 * const input = parseApiInput('answer', { text: 'I finish what I start' }); // throws ApiError on bad input
 * const verdict = await api.answer(input);
 */
export { API_METHODS, apiInputSchemas, parseApiInput, ApiError, type MantraApi, type Snapshot, type ApiEvent } from './api.js';

/**
 * Time in a profile's zone, without the system zone or the clock.
 *
 * @example
 * hourOf(Date.parse('2026-03-02T12:30:00Z'), 'America/New_York'); // 7
 */
export { hourOf, localTime, resolveTimeZone } from './zone.js';

/**
 * Seeded randomness: the only source of chance in shared/.
 *
 * @example
 * const rng = createRng(42);
 * rng.next(); // the same number for the same seed, every run
 */
export { createRng, deriveSeed, type Rng } from './random.js';

/**
 * What the Stats page shows, computed from the encounter log.
 *
 * @example
 * const stats = computeStats(entries, now, 'Europe/Berlin'); // stats.totals, per hour, per day, per theme
 */
export { computeStats, type Stats } from './stats.js';

/**
 * The simulator: the app's reducers against simulated users, deterministic per seed.
 *
 * @example
 * const file = parseArchetypeFile(JSON.parse(text));
 * if (file.ok) runMatrix({ archetypes: file.archetypes, algorithms: ['seed-v2'], seeds: 5, days: 60 });
 */
export { simulate, runMatrix, type SimulateOptions, type RunResult } from './sim/run.js';
export { parseArchetypeFile, type Archetype } from './sim/archetype.js';
