/**
 * The Discord connection's sentence as data: a key with its params, made where the state is
 * known (link, faults, mirror) and worded where it is shown (the Discord page, doctor) through
 * the catalog's `discordStatus` group (shared/i18n/discord-status-words.ts). The English
 * sentence (`detail`) travels alongside for logs and for a reader without a catalog.
 */
import { z } from 'zod';
import { en } from './i18n/en.js';

/**
 * English for logs: the English catalog's own sentences, so a log line and an English window
 * say the same; the user reads the catalog of their language instead.
 */
const { theBot: THE_BOT, reasons: DISCORD_REASON_ENGLISH, ...DISCORD_STATUS_ENGLISH } = en.discordStatus;

export type DiscordStatusKey = keyof typeof DISCORD_STATUS_ENGLISH;
export type DiscordReasonKey = keyof typeof DISCORD_REASON_ENGLISH;
const STATUS_KEYS = Object.keys(DISCORD_STATUS_ENGLISH) as [DiscordStatusKey, ...DiscordStatusKey[]];

export const discordStatusSaidSchema = z.object({
  key: z.enum(STATUS_KEYS),
  params: z.record(z.string().max(40), z.union([z.string().max(1000), z.number()])),
});
export type DiscordStatusSaid = z.infer<typeof discordStatusSaidSchema>;

const fill = (template: string, params: DiscordStatusSaid['params']): string => template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name] ?? ''));

/** The English sentence of a said status (bot unnamed: "the bot"; a reason key in English). */
function discordStatusEnglish(said: DiscordStatusSaid): string {
  const p = said.params;
  const reasonKey = typeof p.reasonKey === 'string' && Object.hasOwn(DISCORD_REASON_ENGLISH, p.reasonKey) ? (p.reasonKey as DiscordReasonKey) : null;
  const reason = reasonKey ? fill(DISCORD_REASON_ENGLISH[reasonKey], p) : (p.reason ?? '');
  return fill(DISCORD_STATUS_ENGLISH[said.key], { ...p, reason, bot: p.bot || THE_BOT });
}

/** A status sentence as data, with its English for logs. */
export function said(key: DiscordStatusKey, params: DiscordStatusSaid['params'] = {}): { readonly detail: string; readonly said: DiscordStatusSaid } {
  // Clipped to what the status file's schema takes, so an odd, long system error cannot make it unreadable.
  const clipped = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? v.slice(0, 1000) : v]));
  const s = { key, params: clipped };
  return { detail: discordStatusEnglish(s).slice(0, 2000), said: s };
}
