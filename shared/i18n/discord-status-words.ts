/** The Discord connection's sentence (shared/discord-status.ts) in the reader's language: the Discord page and doctor. */
import type { TFunction } from 'i18next';
import type { DiscordStatusSaid } from '../discord-status.js';
// The English catalog decides which reason keys exist (the Catalog type gives all three the same keys).
import { en } from './en.js';

type ReasonKey = keyof typeof en.discordStatus.reasons;

/** The sentence for a status; one without `said` (an older host, doctor's own probe) keeps its `detail`. */
export function discordStatusWords(status: { readonly detail: string; readonly said?: DiscordStatusSaid | undefined }, t: TFunction): string {
  const s = status.said;
  if (s === undefined) return status.detail;
  const p = s.params;
  const reasonKey = typeof p.reasonKey === 'string' && Object.hasOwn(en.discordStatus.reasons, p.reasonKey) ? (p.reasonKey as ReasonKey) : null;
  // A reason Mantra knows is worded too; the library's or system's own text is shown as it came.
  const reason = reasonKey ? t(`discordStatus.reasons.${reasonKey}`, p) : String(p.reason ?? '');
  const bot = typeof p.bot === 'string' && p.bot ? p.bot : t('discordStatus.theBot');
  return t(`discordStatus.${s.key}`, { ...p, reason, bot });
}
