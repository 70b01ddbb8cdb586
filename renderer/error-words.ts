/** Every failure a page shows, in words a user understands, in the window's language (the English message is only a last resort). */
import { refusalOf, refusalWords } from '../shared/i18n/refusal-words.js';
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
