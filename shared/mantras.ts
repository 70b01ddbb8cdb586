/**
 * Mantras from template to points: placeholders, formatting, selection,
 * the fuzzy match of a typed answer and the points it earns.
 */
import { FAVORITE_WEIGHT, FREQUENCY, MATCH, POINTS } from './constants.js';
import type { DeliveredMantra, Mantra, ProfileSettings } from './settings.js';
import type { Rng } from './random.js';
import libraryData from './library/default-themes.json' with { type: 'json' };

/** The only placeholders a template may hold; everything else in braces is an authoring mistake. */
export const PLACEHOLDERS = Object.freeze(['subject', 'controller'] as const);
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** What fills the placeholders: the profile's own words. */
export type Names = Pick<ProfileSettings, 'subject' | 'controller'>;

const BRACED = /\{([^{}]*)\}/g;

/** Problems of a template as human-readable phrases; empty when it is well formed. */
export function templateProblems(template: string): string[] {
  const problems: string[] = [];
  for (const [whole, name] of template.matchAll(BRACED)) {
    if (!(PLACEHOLDERS as readonly string[]).includes(name ?? '')) problems.push(`unknown placeholder ${whole}`);
  }
  // A lone brace would survive formatting and show up in the text the user must type.
  if (/[{}]/.test(template.replace(BRACED, ''))) problems.push('unmatched brace');
  return problems;
}

/**
 * How a theme speaks. "named" (the default, and the whole shipped library): about
 * {subject} in the third person, so any name reads right, "I" included. "first-person":
 * written as "I ...", so it never names anyone with {subject}.
 */
export const VOICES = Object.freeze(['named', 'first-person'] as const);
export type Voice = (typeof VOICES)[number];

/** Verbs after a name that read the same for "I", "Alex" and "the team lead" (modals). */
const SAME_FOR_EVERY_NAME = new Set(['can', 'could', 'will', 'would', 'may', 'might', 'must', 'shall', 'should']);
/** Simple pasts that are not "-ed" (was/were agree with the person, so they are not here). */
const IRREGULAR_PAST = new Set(
  (
    'came did got kept made took gave chose said slept went saw found felt knew left ran sat stood spoke wrote began held ' +
    'built brought thought grew won met paid told heard caught taught fought sought bought rose drove flew forgave lost ' +
    'meant read sent spent understood woke became overcame withstood'
  ).split(' '),
);
/** Words that would have to agree with the name: a named template never uses them. */
const PERSONAL_PRONOUNS = /\b(i|me|my|mine|myself|we|us|our|ours|ourselves|you|your|yours|yourself|yourselves|he|him|his|himself|she|her|hers|herself)\b/iu;

/** Whether a word after a name reads the same for every name: a modal or a simple past. */
function agreesWithAnyName(word: string): boolean {
  const w = word.toLowerCase();
  if (SAME_FOR_EVERY_NAME.has(w) || IRREGULAR_PAST.has(w)) return true;
  return w.length > 4 && w.endsWith('ed') && !w.endsWith('eed');
}

/**
 * Problems with how a template reads once names are filled in, as phrases; empty when it
 * reads right with any name. Named voice: no pronoun that must agree with the name (I, my,
 * you, her...), and each placeholder is followed by a verb that is the same for every
 * name (can, will, may, should... or a simple past such as "came" or "showed") — so
 * {subject} is always the grammatical subject; {controller} may also end a clause (".. to
 * {controller}."). First-person voice: no {subject}, and {controller} as above.
 */
export function grammarProblems(template: string, voice: Voice): string[] {
  const problems: string[] = [];
  const plain = template.replace(BRACED, ' ');
  if (voice === 'named') {
    const pronoun = PERSONAL_PRONOUNS.exec(plain)?.[0];
    if (pronoun !== undefined) {
      problems.push(`says "${pronoun}", which does not fit every name: write about {subject} ("{subject} can ...") or without a person, or mark the theme "voice": "first-person"`);
    }
  } else if (template.includes('{subject}')) {
    problems.push('uses {subject} in a first-person theme: it says "I" already, so a name would mix the two');
  }
  for (const match of template.matchAll(/\{(subject|controller)\}([^{]*)/gu)) {
    const [, name, after = ''] = match;
    const next = /^\s+([\p{L}']+)/u.exec(after)?.[1];
    const endsClause = /^\s*([.,;:!?\u2014\u2013-]|$)/u.test(after);
    if (next !== undefined && agreesWithAnyName(next)) continue;
    if (name === 'controller' && endsClause) continue;
    const found = next !== undefined ? `"${next}"` : after.trim() === '' ? 'the end of the text' : `"${after.trim().slice(0, 12)}"`;
    problems.push(
      name === 'subject'
        ? `{subject} must be followed by a verb that is the same for every name ("can", "will", "may", or a past such as "came"), not ${found}`
        : `{controller} must be followed by a verb that is the same for every name ("can", "will", ...) or end the clause, not ${found}`,
    );
  }
  return problems;
}

/**
 * The text a user sees: placeholders replaced in a single pass (so a name that itself
 * contains "{controller}" is inserted verbatim), and the first letter capitalised when
 * a placeholder opens the sentence ("my future self is ..." -> "My future self is ...").
 */
export function formatMantra(template: string, names: Names): string {
  const text = template.replace(BRACED, (whole, name: string) => (name === 'subject' ? names.subject : name === 'controller' ? names.controller : whole));
  if (!/^\{(subject|controller)\}/.test(template)) return text;
  const first = text.codePointAt(0);
  if (first === undefined) return text;
  const head = String.fromCodePoint(first);
  return head.toUpperCase() + text.slice(head.length);
}

/** A mantra ready to send: the library entry plus the text to type back. */
export function deliverable(mantra: Mantra, names: Names): DeliveredMantra {
  return { ...mantra, text: formatMantra(mantra.template, names) };
}

export interface SelectionOptions {
  /** Enabled theme ids. */
  readonly themes: readonly string[];
  /** Raw template texts the user marked as favorite. */
  readonly favorites: readonly string[];
  /** Template of the last delivered mantra. */
  readonly avoidTemplate: string | null;
  /** Weight of a favorite against an ordinary mantra; FAVORITE_WEIGHT (2) when absent. */
  readonly favoriteWeight?: number;
}

/**
 * Draws one mantra from the enabled themes, favorites twice as likely, never the
 * avoided template while any other template is available. Uses exactly one rng.next()
 * when there is a candidate, none otherwise; null when no enabled theme has a mantra.
 */
export function selectMantra(mantras: readonly Mantra[], opts: SelectionOptions, rng: Rng): Mantra | null {
  const enabled = new Set(opts.themes);
  const inThemes = mantras.filter((m) => enabled.has(m.theme));
  const fresh = inThemes.filter((m) => m.template !== opts.avoidTemplate);
  const candidates = fresh.length > 0 ? fresh : inThemes;
  if (candidates.length === 0) return null;

  const favorites = new Set(opts.favorites);
  const weights = candidates.map((m) => (favorites.has(m.template) ? (opts.favoriteWeight ?? FAVORITE_WEIGHT) : 1));
  const total = weights.reduce((sum, w) => sum + w, 0);
  let point = rng.next() * total;
  for (const [i, candidate] of candidates.entries()) {
    point -= weights[i] ?? 0;
    if (point < 0) return candidate;
  }
  // Rounding can leave a sliver past the last weight; it belongs to the last candidate.
  return candidates[candidates.length - 1] ?? null;
}

const APOSTROPHES = /['\u2018\u2019\u201B\u02BC\u2032\u00B4`]/gu;

/**
 * The form answers are compared in: NFKC, lower case, invisible format characters and
 * apostrophes dropped ("don’t" = "dont"), other punctuation and symbols as spaces,
 * whitespace runs collapsed, ends trimmed.
 */
export function normalizeAnswer(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\p{Cf}/gu, '')
    .replace(APOSTROPHES, '')
    .replace(/[\p{P}\p{S}]/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Why an answer did not match; `null` when it matched. */
export type MatchMiss = 'empty' | 'typos' | 'negation' | 'word';

export interface MatchResult {
  readonly matches: boolean;
  /** 1 - edits / longer normalized length; 1 = identical after normalizing. */
  readonly similarity: number;
  /** Typo distance between the normalized texts: letters added, dropped, replaced or swapped with a neighbour. */
  readonly edits: number;
  /** What kept it from matching: nothing typed, too many typos, a negation added or dropped, a word changed, added or dropped. */
  readonly miss: MatchMiss | null;
}

/** Words that turn a statement around, as normalizeAnswer leaves them ("can't" -> "cant"). */
export const NEGATIONS: ReadonlySet<string> = new Set([
  'not',
  'no',
  'nor',
  'never',
  'none',
  'nobody',
  'nothing',
  'nowhere',
  'neither',
  'nope',
  'without',
  'cannot',
  'cant',
  'dont',
  'doesnt',
  'didnt',
  'wont',
  'wouldnt',
  'shouldnt',
  'couldnt',
  'mustnt',
  'neednt',
  'isnt',
  'arent',
  'wasnt',
  'werent',
  'hasnt',
  'havent',
  'hadnt',
  'aint',
  'shant',
  'mightnt',
]);

/**
 * Real words a typo must not turn into: every word of the shipped library (so "rest" typed for
 * "best" is a changed word, not a typo) and common short words that flip a meaning with one letter.
 */
export const KNOWN_WORDS: ReadonlySet<string> = new Set([
  ...NEGATIONS,
  ...libraryData.themes.flatMap((t) => t.mantras.flatMap((m) => normalizeAnswer(m.text.replace(BRACED, ' ')).split(' '))),
  ...(
    'a an the and or but if so as at by for from in into of off on onto out over up down to with within ' +
    'now then here there this that these those all any some each every more most less least much many few ' +
    'can could will would may might must shall should do does did done is are was were be been being am ' +
    'have has had get got go goes went gone come came keep kept make made take took give gave lose lost win won ' +
    'yes ever always often rarely again still yet just only even also too very far near new old good bad best worst ' +
    'better worse right wrong true false start stop begin end open close first last before after early late fast slow ' +
    'high low hard soft easy light dark love hate like live life rest test know known'
  ).split(' '),
]);

/** Optimal string alignment distance: Levenshtein plus one-step swaps of neighbours ("teh" -> "the" is 1). */
export function typoDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number): number => d[i * cols + j] ?? 0;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      d[i * cols + j] = best;
    }
  }
  return at(rows - 1, cols - 1);
}

/** The matching bounds (MATCH in constants.ts; parameters.ts `match`). */
export type MatchParams = { readonly [K in keyof typeof MATCH]: number };

/** Whether typed word `got` can be a slip of the finger for `want` rather than another word. */
function isTypoOf(want: string, got: string, expectedWords: ReadonlySet<string>, m: MatchParams): boolean {
  if (want === got) return true;
  if (want.length < m.minTypoWordLength) return false;
  if (expectedWords.has(got) || KNOWN_WORDS.has(got)) return false;
  const allowed = want.length >= m.longWordLength ? m.longWordEdits : 1;
  return typoDistance(want, got) <= allowed;
}

/**
 * Whether each typed word stands for the expected word in its place: words are paired in
 * order (a word typed twice or left out leaves one unpaired), short words must be exact and
 * longer ones may carry a typo that does not make another known word.
 */
function sameWords(want: readonly string[], got: readonly string[], m: MatchParams): boolean {
  if (want.length !== got.length) return false;
  const expectedWords = new Set(want);
  return want.every((w, i) => isTypoOf(w, got[i] ?? '', expectedWords, m));
}

/** One spelling for what means the same: "cannot", "can not" and "can't" are all "cant". */
const sameMeaning = (normalized: string): string => normalized.replace(/\bcan ?not\b/g, 'cant');

const negations = (words: readonly string[]): number => words.filter((w) => NEGATIONS.has(w)).length;

/**
 * Whether a typed answer is the expected mantra. Case, punctuation, quote style and spacing
 * never count. Small typos are forgiven (similarity >= MATCH.minSimilarity, at most
 * MATCH.maxEdits edits overall), but never ones that change the meaning: the number of
 * negations must be the same ("cant" for "can" is refused), every word must be there in its
 * place, words shorter than MATCH.minTypoWordLength letters must be exact (in/on, now/not),
 * and a typo must not make another known word (rest/best). An empty answer never matches.
 */
export function matchAnswer(expected: string, typed: string, m: MatchParams = MATCH): MatchResult {
  const want = sameMeaning(normalizeAnswer(expected));
  const got = sameMeaning(normalizeAnswer(typed));
  const edits = typoDistance(want, got);
  const longer = Math.max(want.length, got.length);
  const similarity = longer === 0 ? 1 : 1 - edits / longer;
  const result = (miss: MatchMiss | null): MatchResult => ({ matches: miss === null, similarity, edits, miss });
  if (got.length === 0) return result('empty');
  const wantWords = want.split(' ');
  const gotWords = got.split(' ');
  if (negations(wantWords) !== negations(gotWords)) return result('negation');
  if (similarity < m.minSimilarity || edits > m.maxEdits) return result('typos');
  // A slipped space bar ("startnow") is a typo, not a changed word.
  if (want.replace(/ /g, '') === got.replace(/ /g, '')) return result(null);
  return result(sameWords(wantWords, gotWords, m) ? null : 'word');
}

export interface AnswerScore {
  /** Whole points earned by this answer. */
  readonly points: number;
  /** Streak including this answer. */
  readonly streak: number;
  /** Bonus fractions of the base points that were applied. */
  readonly bonuses: { readonly speed: number; readonly streak: number };
}

/** The scoring bounds: the points table and the "fast" answer time shared with the frequency controller. */
export interface ScoreParams {
  readonly points: { readonly fastBonus: number; readonly quickBonus: number; readonly quickAnswerMs: number; readonly streakBonusPerStep: number; readonly streakBonusMax: number };
  readonly fastAnswerMs: number;
}

const SCORE_DEFAULTS: ScoreParams = Object.freeze({ points: POINTS, fastAnswerMs: FREQUENCY.fastAnswerMs });

/** Keeps bonus fractions free of float dust like 0.30000000000000004 (they travel as JSON). */
const fraction = (x: number): number => Math.round(x * 1e6) / 1e6;

/**
 * Points for a correct answer: round(basePoints x (1 + speed bonus + streak bonus)).
 * - speed bonus: POINTS.fastBonus when responseMs < FREQUENCY.fastAnswerMs (the same
 *   "fast" the frequency controller rewards), else POINTS.quickBonus when
 *   responseMs < POINTS.quickAnswerMs, else 0;
 * - streak: streakBefore + 1; streak bonus: POINTS.streakBonusPerStep for every answer
 *   in the streak beyond the first, capped at POINTS.streakBonusMax.
 */
export function scoreAnswer(input: { basePoints: number; responseMs: number; streakBefore: number }, p: ScoreParams = SCORE_DEFAULTS): AnswerScore {
  const { basePoints, responseMs } = input;
  const { points: P } = p;
  const streak = Math.max(0, input.streakBefore) + 1;
  const speed = responseMs < p.fastAnswerMs ? P.fastBonus : responseMs < P.quickAnswerMs ? P.quickBonus : 0;
  const streakBonus = fraction(Math.min(P.streakBonusMax, P.streakBonusPerStep * (streak - 1)));
  // Integer millionths, so that an exact half (77.5) is not seen as 77.4999... and rounded down.
  const factorMillionths = Math.round((1 + speed + streakBonus) * 1e6);
  const points = Math.round((basePoints * factorMillionths) / 1e6);
  return { points, streak, bonuses: { speed, streak: streakBonus } };
}
