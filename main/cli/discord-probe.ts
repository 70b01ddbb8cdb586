/**
 * What `doctor` can tell about Discord when no host runs the mirror: the saved settings
 * (discord.json) and, when MANTRA_DISCORD_TOKEN is given, whether Discord accepts the token
 * (one read-only REST call). The tray app's encrypted token is not readable from here.
 */
import { discordStatusWords } from '../../shared/i18n/discord-status-words.js';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { DiscordStatus } from '../../shared/api.js';
import { DISCORD_API } from '../channels/discord/mirror.js';
import { LEDGER_FILE, mirrorConfigSchema, type MirrorConfig } from '../channels/discord/ledger.js';
import { readPublishedStatus } from '../channels/discord/status-file.js';
import { errorText } from '../logger.js';
import { translator, type TFunction } from '../../shared/i18n/i18n.js';

const botSchema = z.object({ username: z.string() });

function savedConfig(dataDir: string, t: TFunction): MirrorConfig | string {
  const path = join(dataDir, LEDGER_FILE);
  if (!existsSync(path)) return mirrorConfigSchema.parse({});
  try {
    const r = z.object({ config: mirrorConfigSchema.default(mirrorConfigSchema.parse({})) }).safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return r.success ? r.data.config : t('doctor.fileInvalid', { path });
  } catch (e) {
    return t('doctor.fileUnreadable', { path, error: errorText(e) });
  }
}

export async function probeDiscord(dataDir: string, env: NodeJS.ProcessEnv, fetchImpl: typeof fetch = fetch, timeoutMs = 5000, t: TFunction = translator('en')): Promise<DiscordStatus> {
  const config = savedConfig(dataDir, t);
  const token = env.MANTRA_DISCORD_TOKEN?.replace(/^(Bot|Bearer)\s+/i, '').trim() || null;
  const apiBase = (env.MANTRA_DISCORD_API?.trim() || (typeof config === 'string' ? null : config.apiBase) || DISCORD_API).replace(/\/+$/, '');
  const base = {
    userId: typeof config === 'string' ? null : config.userId,
    hasToken: token !== null,
    tokenStorage: token ? ('memory' as const) : ('none' as const),
    apiBase,
    enabled: typeof config === 'string' ? false : config.enabled,
  };
  if (typeof config === 'string') return { ...base, connection: 'error', detail: config };
  if (!config.enabled) return { ...base, connection: 'off', detail: t('doctor.mirrorOff') };
  const who = config.userId ? t('doctor.dmsTo', { user: config.userId }) : t('doctor.noUser');
  if (!token) return { ...base, connection: 'off', detail: t('doctor.tokenElsewhere', { who }) };
  try {
    const res = await fetchImpl(`${apiBase}/v10/users/@me`, { headers: { Authorization: `Bot ${token}` }, signal: AbortSignal.timeout(timeoutMs) });
    if (res.status === 401) return { ...base, connection: 'bad-token', detail: t('doctor.badToken') };
    if (!res.ok) return { ...base, connection: 'error', detail: t('doctor.answered', { api: apiBase, status: res.status }) };
    const bot = botSchema.safeParse(await res.json());
    return { ...base, connection: 'connected', detail: t('doctor.tokenValid', { name: bot.success ? bot.data.username : t('doctor.theBot'), who }) };
  } catch (e) {
    return { ...base, connection: 'error', detail: t('doctor.unreachable', { api: apiBase, error: errorText(e) }) };
  }
}

/**
 * What doctor reports about Discord: the status a running host published (what its Discord
 * page shows), else what can be found out from here (probeDiscord).
 */
export async function doctorDiscordStatus(dataDir: string, env: NodeJS.ProcessEnv, fetchImpl: typeof fetch = fetch, t: TFunction = translator('en')): Promise<DiscordStatus> {
  const published = readPublishedStatus(dataDir);
  if (published === null) return probeDiscord(dataDir, env, fetchImpl, undefined, t);
  const host = published.role === 'electron' ? t('doctor.trayApp') : t('doctor.roleHost', { role: published.role });
  // The host's sentence as data, worded in the CLI's language (an older host's file has only its English).
  const { said: _worded, ...status } = published.status;
  const detail = discordStatusWords(published.status, t).replace(/\.?$/, '');
  const storage = status.tokenStorage;
  const token = storage === 'none' ? t('doctor.tokenNotSet') : t(`doctor.tokenKept.${storage}`);
  return { ...status, detail: t('doctor.reported', { detail, host, pid: published.pid, token }) };
}
