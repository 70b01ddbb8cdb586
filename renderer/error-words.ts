/** Every failure a page shows, in words a user understands, in the window's language (the English message is only a last resort). */
import type { z } from 'zod';
import { fieldWords, issueWords, problemWords, refusalOf, refusalWords } from '../shared/i18n/refusal-words.js';
import { fieldIssuesOf } from '../shared/refusals.js';
import type { Notice, SettingsResetItem } from '../shared/api.js';
import { dayAndTime } from './time-words';
import { i18n } from './i18n';

const PREFIX = /^invalid input for \w+: /;

function sentence(text: string): string {
  const trimmed = text.trim().replace(PREFIX, '');
  if (!trimmed) return i18n.t('errors.generic');
  const first = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

export function errorWords(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  const t = i18n.t;
  // A refusal that says why (a reason key, zod issues) is told in the user's language.
  const translated = code === 'unauthorized' ? null : refusalWords(refusalOf(error), t);
  if (translated !== null) return translated;
  const detail = () => sentence(message).replace(/^./, (c) => c.toLowerCase());
  switch (code) {
    case 'unauthorized':
      return t('errors.unauthorized');
    case 'invalid-input':
      return t('errors.invalid', { detail: detail() });
    case 'not-found':
      return t('errors.notFound', { detail: detail() });
    case 'internal':
      if (/^cannot reach/i.test(message)) return sentence(message);
      return message ? t('errors.internal', { detail: detail() }) : t('errors.internalBare');
    default:
      if (error instanceof TypeError && /fetch|network/i.test(message)) return t('errors.unreachable');
      return message ? sentence(message) : t('errors.genericRetry');
  }
}

/** A value a form refused before sending (by the schema the engine uses), naming the field: "Hours between mantras: at most 24." */
export function fieldProblem(issues: readonly z.core.$ZodIssue[], path: readonly (string | number)[]): string {
  const [first] = fieldIssuesOf(issues.slice(0, 1));
  if (!first) return i18n.t('refusals.invalidBare');
  return issueWords({ ...first, path: [...path, ...first.path] }, i18n.t);
}

/** Just what is wrong, for a message beside its own field (`path` names it, for the right wording): "at most 24". */
function problemText(issues: readonly z.core.$ZodIssue[], path: readonly (string | number)[] = []): string {
  const [first] = fieldIssuesOf(issues.slice(0, 1));
  return first ? problemWords({ ...first, path: [...path, ...first.path] }, i18n.t) : i18n.t('validation.problems.invalid');
}

/** `problemText` as a sentence: "Must be a time of day such as 07:30." */
export function problemSentence(issues: readonly z.core.$ZodIssue[], path: readonly (string | number)[] = []): string {
  const text = problemText(issues, path);
  return `${text.charAt(0).toLocaleUpperCase(i18n.language)}${text.slice(1)}${/[.!?]$/.test(text) ? '' : '.'}`;
}

/** A lost setting, named as the settings pages name it. */
function resetWords(r: SettingsResetItem): string {
  const t = i18n.t;
  switch (r.what) {
    case 'setting':
      return t('banners.resetSetting', { setting: fieldWords([r.key], t) ?? r.key, profile: r.profile });
    case 'badProfile':
      return t('banners.resetBadProfile', { profile: r.profile });
    case 'noProfiles':
      return t('banners.resetNoProfiles');
    case 'unreadable':
      return t('banners.resetAll');
  }
}

/** A banner in the window's language where the engine or host gave its parts; else the host's own (English) text. */
export function noticeWords(notice: Notice, timeZone: string, now: number): string {
  const t = i18n.t;
  const w = notice.writeFailed;
  if (notice.kind === 'write-failed' && w) return t('notices.writeFailed', { count: w.failures, detail: w.detail, since: dayAndTime(w.since, timeZone, now) });
  const reset = notice.settingsReset;
  if (notice.kind === 'settings-reset' && reset) {
    const parts = { file: reset.file, aside: reset.aside, error: reset.error };
    if (reset.resets.length === 0) return t('banners.settingsResetNothingLost', parts);
    const lost = new Intl.ListFormat(i18n.language, { type: 'conjunction' }).format(reset.resets.map(resetWords));
    return t('banners.settingsReset', { ...parts, lost });
  }
  const shortcut = notice.shortcut;
  if (shortcut)
    return shortcut.taken ? t('banners.shortcutTaken', { accelerator: shortcut.accelerator }) : t('banners.shortcutRefused', { accelerator: shortcut.accelerator, error: shortcut.error ?? '' });
  return notice.text;
}
