/** The Discord DM mirror for the headless host: one profile, the token kept in memory only (no OS encryption here). */
import type { HostAttachment } from './headless.js';

export function discordMirrorAttachment(env: NodeJS.ProcessEnv = process.env): HostAttachment {
  return async (engine, host) => {
    // discord.js takes a while to load; commands that never mirror should not pay for it.
    const { attachDesktopMirror, memoryVault } = await import('../../channels/discord/desktop.js');
    return attachDesktopMirror(engine, { dataDir: host.dataDir, vault: memoryVault(), env, logger: host.logger });
  };
}
