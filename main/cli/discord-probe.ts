/**
 * What `doctor` can tell about Discord when no host runs the mirror: the saved settings
 * (discord.json) and, when MANTRA_DISCORD_TOKEN is given, whether Discord accepts the token
 * (one read-only REST call). The tray app's encrypted token is not readable from here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { DiscordStatus } from '../../shared/api.js';
import { DISCORD_API } from '../channels/discord/mirror.js';
import { LEDGER_FILE, mirrorConfigSchema, type MirrorConfig } from '../channels/discord/ledger.js';
import { readPublishedStatus } from '../channels/discord/status-file.js';
import { errorText } from '../logger.js';

const botSchema = z.object({ username: z.string() });

function savedConfig(dataDir: string): MirrorConfig | string {
  const path = join(dataDir, LEDGER_FILE);
  if (!existsSync(path)) return mirrorConfigSchema.parse({});
  try {
    const r = z.object({ config: mirrorConfigSchema.default(mirrorConfigSchema.parse({})) }).safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return r.success ? r.data.config : `${path} is invalid`;
  } catch (e) {
    return `${path} is unreadable: ${errorText(e)}`;
  }
}

export async function probeDiscord(dataDir: string, env: NodeJS.ProcessEnv, fetchImpl: typeof fetch = fetch, timeoutMs = 5000): Promise<DiscordStatus> {
  const config = savedConfig(dataDir);
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
  if (!config.enabled) return { ...base, connection: 'off', detail: 'The Discord mirror is turned off in the settings.' };
  if (!token) {
    const who = config.userId ? `DMs go to user ${config.userId}` : 'no Discord user ID is set';
    return { ...base, connection: 'off', detail: `${who}; the token is kept by the tray app (or set MANTRA_DISCORD_TOKEN to check it here).` };
  }
  try {
    const res = await fetchImpl(`${apiBase}/v10/users/@me`, { headers: { Authorization: `Bot ${token}` }, signal: AbortSignal.timeout(timeoutMs) });
    if (res.status === 401)
      return { ...base, connection: 'bad-token', detail: 'Discord refused the token in MANTRA_DISCORD_TOKEN (401): copy it again from the Developer Portal (Bot > Reset Token).' };
    if (!res.ok) return { ...base, connection: 'error', detail: `${apiBase} answered ${res.status}` };
    const bot = botSchema.safeParse(await res.json());
    const name = bot.success ? bot.data.username : 'the bot';
    const userNote = config.userId ? `; DMs go to user ${config.userId}` : '; no Discord user ID is set yet';
    return { ...base, connection: 'connected', detail: `the token is valid for ${name}${userNote}.` };
  } catch (e) {
    return { ...base, connection: 'error', detail: `cannot reach ${apiBase}: ${errorText(e)}` };
  }
}

/**
 * What doctor reports about Discord: the status a running host published (what its Discord
 * page shows), else what can be found out from here (probeDiscord).
 */
export async function doctorDiscordStatus(dataDir: string, env: NodeJS.ProcessEnv, fetchImpl: typeof fetch = fetch): Promise<DiscordStatus> {
  const published = readPublishedStatus(dataDir);
  if (published === null) return probeDiscord(dataDir, env, fetchImpl);
  const host = published.role === 'electron' ? 'tray app' : `${published.role} host`;
  const detail = published.status.detail.replace(/\.?$/, '');
  return {
    ...published.status,
    detail: `${detail} (as the running ${host}, pid ${published.pid}, reports; token ${published.status.tokenStorage === 'none' ? 'not set' : `kept: ${published.status.tokenStorage}`})`,
  };
}
