/**
 * The Discord status while the mirror cannot connect for want of configuration, computed
 * without discord.js: the headless host shows it until a token is pasted, and only then
 * loads the mirror (discord.js takes about half a second and 25 MB to load).
 */
import type { DiscordStatus } from '../../../shared/api.js';
import type { MirrorConfig } from './ledger.js';

export const MIRROR_OFF_DETAIL = 'The Discord mirror is turned off.';
export const NO_TOKEN_DETAIL = 'No bot token: create a bot in the Discord Developer Portal and paste its token.';
export const NO_USER_DETAIL = 'No Discord user ID: set whose DMs the mantras go to.';

/** Why the mirror cannot run, or null when it has all it needs. */
export function missingConfig(config: MirrorConfig, hasToken: boolean, needsUser: boolean): string | null {
  if (!config.enabled) return MIRROR_OFF_DETAIL;
  if (!hasToken) return NO_TOKEN_DETAIL;
  if (needsUser && config.userId === null) return NO_USER_DETAIL;
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
    detail: missingConfig(config, false, true) ?? NO_TOKEN_DETAIL,
  };
}
