/**
 * The Discord status while the mirror cannot connect for want of configuration, computed
 * without discord.js: the headless host shows it until a token is pasted, and only then
 * loads the mirror (discord.js takes about half a second and 25 MB to load).
 */
import type { DiscordStatus } from '../../../shared/api.js';
import { said, type DiscordStatusKey } from '../../../shared/discord-status.js';
import type { MirrorConfig } from './ledger.js';

/** Why the mirror cannot run (its status sentence's key), or null when it has all it needs. */
export function missingConfig(config: MirrorConfig, hasToken: boolean, needsUser: boolean): Extract<DiscordStatusKey, 'mirrorOff' | 'noToken' | 'noUser'> | null {
  if (!config.enabled) return 'mirrorOff';
  if (!hasToken) return 'noToken';
  if (needsUser && config.userId === null) return 'noUser';
  return null;
}

/** An owner's mirror (one profile) with no token: what the page shows. */
export function tokenlessStatus(config: MirrorConfig): DiscordStatus {
  return {
    userId: config.userId,
    hasToken: false,
    tokenStorage: 'none',
    apiBase: config.apiBase,
    enabled: config.enabled,
    connection: 'off',
    ...said(missingConfig(config, false, true) ?? 'noToken'),
  };
}
