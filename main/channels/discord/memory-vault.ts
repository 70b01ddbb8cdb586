/** The token vault of last resort, apart from the mirror so a host can hold one without loading discord.js. */
import type { TokenVault } from './mirror.js';

/** A vault for hosts without OS encryption: the token lives in memory only and must be set again after a restart. */
export function memoryVault(initial: string | null = null): TokenVault {
  let token = initial;
  return { storage: 'memory', load: async () => token, save: async (t) => void (token = t) };
}
