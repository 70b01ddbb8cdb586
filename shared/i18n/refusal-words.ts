/**
 * A refusal (shared/refusals.ts) in the reader's language: the window, Discord and the CLI
 * say it with their own t(). zod's own locale maps (z.locales.de()) are not used: they name
 * types in English ("number", "string") and write bounds as "<=24", which reads like code.
 */
import type { TFunction } from 'i18next';
import { fieldIssueSchema, REFUSAL_REASONS, refusalParamsSchema, type FieldIssue, type RefusalDetail, type RefusalParams, type RefusalReason } from '../refusals.js';
// The English catalog decides which fields and parts have labels (the Catalog type gives all three the same keys).
import { en } from './en.js';

type FieldKey = keyof typeof en.validation.fields;
type PartKey = keyof typeof en.validation.parts;
/** A problem's key, plural forms named by their base ("tooLong" for tooLong_one / tooLong_other). */
type Problem = keyof typeof en.validation.problems extends infer K ? (K extends `${infer Base}_${'one' | 'other'}` ? Base : K) : never;

const has = <T extends object>(table: T, key: string | number | undefined): key is keyof T & string => typeof key === 'string' && Object.hasOwn(table, key);

/** Fields whose pattern is a clock time. */
const TIME_FIELDS = new Set(['fixedTimes', 'hybridTimes', 'quietHours']);

/** "Quiet hours, no. 1, start": the field a path names, from the catalog. */
export function fieldWords(path: readonly (string | number)[], t: TFunction): string | null {
  const [head, ...rest] = path;
  if (!has(en.validation.fields, head)) return null;
  let label: string = t(`validation.fields.${head as FieldKey}`);
  for (const part of rest) {
    if (typeof part === 'number') label = t('validation.nth', { label, n: part + 1 });
    else if (has(en.validation.parts, part)) label = t('validation.withPart', { label, part: t(`validation.parts.${part as PartKey}`) });
  }
  return label;
}

function problemOf(issue: FieldIssue): { key: Problem; count?: number; n?: number; values?: string } {
  const n = issue.bound;
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string') return n !== undefined && n > 1 ? { key: 'tooShort', count: n } : { key: 'empty' };
      if (issue.origin === 'array' || issue.origin === 'set') return n !== undefined && n > 1 ? { key: 'tooFew', count: n } : { key: 'needOne' };
      return n !== undefined ? { key: 'tooLow', n } : { key: 'invalid' };
    case 'too_big':
      if (issue.origin === 'string') return n !== undefined ? { key: 'tooLong', count: n } : { key: 'invalid' };
      if (issue.origin === 'array' || issue.origin === 'set') return n !== undefined ? { key: 'tooMany', count: n } : { key: 'invalid' };
      return n !== undefined ? { key: 'tooHigh', n } : { key: 'invalid' };
    case 'invalid_type':
      // zod says a missing key is of the wrong type ("received undefined"): a reader needs "is required".
      if (issue.message.endsWith('received undefined')) return { key: 'required' };
      if (issue.expected === 'int') return { key: 'notWhole' };
      if (issue.expected === 'number') return { key: 'notNumber' };
      return { key: 'wrongType' };
    case 'invalid_format': {
      if (issue.format === 'url') return { key: 'notUrl' };
      const head = issue.path[0];
      if (typeof head === 'string' && TIME_FIELDS.has(head)) return { key: 'notTime' };
      if (head === 'userId') return { key: 'notUserId' };
      return { key: 'badFormat' };
    }
    case 'invalid_value':
      return { key: 'notOneOf', values: (issue.values ?? []).map(String).join(', ') };
    case 'unrecognized_keys':
      return { key: 'unknownKeys', values: (issue.values ?? []).map(String).join(', ') };
    default:
      return { key: 'invalid' };
  }
}

/** What is wrong, without the field: "at most 24" (for a message beside the field itself). */
export function problemWords(issue: FieldIssue, t: TFunction): string {
  if (issue.code === 'custom' && issue.check !== undefined) return t(`validation.checks.${issue.check}`, { name: issue.name ?? '' });
  const p = problemOf(issue);
  return t(`validation.problems.${p.key}`, { count: p.count ?? 0, n: p.n ?? 0, values: p.values ?? '' });
}

/** One issue as one sentence: "Hours between mantras: at most 24." */
export function issueWords(issue: FieldIssue, t: TFunction): string {
  const problem = problemWords(issue, t);
  const field = fieldWords(issue.path, t);
  return field === null ? t('validation.bare', { problem }) : t('validation.issue', { field, problem });
}

/** The sentence for a refusal, or null when it carries no reason (then the caller shows what it has). */
export function refusalWords(detail: RefusalDetail, t: TFunction): string | null {
  if (detail.reason === undefined) return null;
  if (detail.reason === 'invalidInput' || (detail.issues !== undefined && detail.issues.length > 0)) {
    const issues = (detail.issues ?? []).map((i) => issueWords(i, t)).join(' ');
    return issues ? t('refusals.invalidInput', { issues }) : t('refusals.invalidBare');
  }
  const params: RefusalParams = detail.params ?? {};
  return t(`refusals.${detail.reason}`, { ...params, count: typeof params.count === 'number' ? params.count : 1 });
}

/** What anything thrown carries, checked: an unknown reason or a malformed issue is dropped, not shown. */
export function refusalOf(e: unknown): RefusalDetail {
  if (typeof e !== 'object' || e === null) return {};
  const r = e as { reason?: unknown; params?: unknown; issues?: unknown };
  const reason = REFUSAL_REASONS.find((k) => k === r.reason);
  const params = refusalParamsSchema.safeParse(r.params);
  const issues = fieldIssueSchema.array().safeParse(r.issues);
  return {
    ...(reason !== undefined ? { reason: reason satisfies RefusalReason } : {}),
    ...(params.success ? { params: params.data } : {}),
    ...(issues.success ? { issues: issues.data } : {}),
  };
}
