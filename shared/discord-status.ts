/**
 * The Discord connection's sentence as data: a key with its params, made where the state is
 * known (link, faults, mirror) and worded where it is shown (the Discord page, doctor) through
 * the catalog's `discordStatus` group (shared/i18n/discord-status-words.ts). The English
 * sentence (`detail`) travels alongside for logs and for a reader without a catalog.
 */
import { z } from 'zod';

/** English for logs, one per key; the user reads the catalog's `discordStatus` group instead. */
export const DISCORD_STATUS_ENGLISH = {
  notConnected: 'Not connected.',
  notStarted: 'Not started.',
  unavailable: 'Discord mirror not available in this build.',
  mirrorOff: 'The Discord mirror is turned off.',
  noToken: 'No bot token: create a bot in the Discord Developer Portal and paste its token.',
  noUser: 'No Discord user ID: set whose DMs the mantras go to.',
  connecting: 'Connecting to Discord…',
  dropped: 'The connection to Discord dropped; reconnecting…',
  connected: 'Connected to Discord as {{bot}}.',
  connectedDm: 'Connected to Discord as {{bot}}. Mantras are DMed to user {{userId}}.',
  retrying: 'Could not reach Discord ({{reason}}); trying again in {{seconds}} s (attempt {{attempt}}).',
  badToken: 'Discord refused the bot token (401 Unauthorized). Copy a fresh one from the Developer Portal: your application > Bot > Reset Token.',
  cannotDm:
    'Discord will not let the bot DM user {{userId}} (DMs closed or no shared server): invite the bot to a server you are in, or install the app to your account, and allow direct messages from it.',
  cannotDmAnyone:
    'Discord will not let the bot DM this user (DMs closed or no shared server): invite the bot to a server you are in, or install the app to your account, and allow direct messages from it.',
  timeout: 'Discord did not answer in time ({{reason}}); will try again with the next mantra.',
  failed: 'Discord request failed: {{reason}}',
} as const;

/** Mantra's own reasons a login failed (`reasonKey`); any other reason is the library's or system's text (`reason`). */
export const DISCORD_REASON_ENGLISH = {
  gatewayClosed: 'the gateway closed the connection (code {{code}})',
  invalidated: 'the session was invalidated',
  noReady: 'waiting for READY from the gateway took longer than {{limit}} s',
} as const;

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
export function discordStatusEnglish(said: DiscordStatusSaid): string {
  const p = said.params;
  const reasonKey = typeof p.reasonKey === 'string' && Object.hasOwn(DISCORD_REASON_ENGLISH, p.reasonKey) ? (p.reasonKey as DiscordReasonKey) : null;
  const reason = reasonKey ? fill(DISCORD_REASON_ENGLISH[reasonKey], p) : (p.reason ?? '');
  return fill(DISCORD_STATUS_ENGLISH[said.key], { ...p, reason, bot: p.bot || 'the bot' });
}

/** A status sentence as data, with its English for logs. */
export function said(key: DiscordStatusKey, params: DiscordStatusSaid['params'] = {}): { readonly detail: string; readonly said: DiscordStatusSaid } {
  // Clipped to what the status file's schema takes, so an odd, long system error cannot make it unreadable.
  const clipped = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? v.slice(0, 1000) : v]));
  const s = { key, params: clipped };
  return { detail: discordStatusEnglish(s).slice(0, 2000), said: s };
}
