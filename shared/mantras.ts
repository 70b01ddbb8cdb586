/**
 * Mantras from template to points: placeholders, formatting, selection,
 * the fuzzy match of a typed answer and the points it earns.
 */
import { distance } from 'fastest-levenshtein';
import { FREQUENCY, MATCH, POINTS } from './constants.js';
import type { DeliveredMantra, Mantra, ProfileSettings } from './settings.js';
import type { Rng } from './random.js';

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
 * The text a user sees: placeholders replaced in a single pass (so a name that itself
 * contains "{controller}" is inserted verbatim), and the first letter capitalised when
 * a placeholder opens the sentence ("my future self is ..." -> "My future self is ...").
 */
export function formatMantra(template: string, names: Names): string {
  const text = template.replace(BRACED, (whole, name: string) =>
    name === 'subject' ? names.subject : name === 'controller' ? names.controller : whole,
  );
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
}

/** Weight of a favorite against an ordinary mantra (seed: favorites weighted 2x). */
const FAVORITE_WEIGHT = 2;

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
  const weights = candidates.map((m) => (favorites.has(m.template) ? FAVORITE_WEIGHT : 1));
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

export interface MatchResult {
  readonly matches: boolean;
  /** 1 - edits / longer normalized length; 1 = identical after normalizing. */
  readonly similarity: number;
  /** Levenshtein distance between the normalized texts. */
  readonly edits: number;
}

/**
 * Whether a typed answer is the expected mantra: case, punctuation, quote style and
 * spacing never count, small typos are forgiven (similarity >= MATCH.minSimilarity and
 * at most MATCH.maxEdits edits), an empty answer never matches.
 */
export function matchAnswer(expected: string, typed: string): MatchResult {
  const want = normalizeAnswer(expected);
  const got = normalizeAnswer(typed);
  const edits = distance(want, got);
  const longer = Math.max(want.length, got.length);
  const similarity = longer === 0 ? 1 : 1 - edits / longer;
  const matches = got.length > 0 && similarity >= MATCH.minSimilarity && edits <= MATCH.maxEdits;
  return { matches, similarity, edits };
}

export interface AnswerScore {
  /** Whole points earned by this answer. */
  readonly points: number;
  /** Streak including this answer. */
  readonly streak: number;
  /** Bonus fractions of the base points that were applied. */
  readonly bonuses: { readonly speed: number; readonly streak: number };
}

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
export function scoreAnswer(input: { basePoints: number; responseMs: number; streakBefore: number }): AnswerScore {
  const { basePoints, responseMs } = input;
  const streak = Math.max(0, input.streakBefore) + 1;
  const speed =
    responseMs < FREQUENCY.fastAnswerMs ? POINTS.fastBonus : responseMs < POINTS.quickAnswerMs ? POINTS.quickBonus : 0;
  const streakBonus = fraction(Math.min(POINTS.streakBonusMax, POINTS.streakBonusPerStep * (streak - 1)));
  // Integer millionths, so that an exact half (77.5) is not seen as 77.4999... and rounded down.
  const factorMillionths = Math.round((1 + speed + streakBonus) * 1e6);
  const points = Math.round((basePoints * factorMillionths) / 1e6);
  return { points, streak, bonuses: { speed, streak: streakBonus } };
}
