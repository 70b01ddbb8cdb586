/** The Discord DM mirror for the headless host: one profile, the token in the desktop keyring where one answers, else in memory. */
import type { HostAttachment } from './headless.js';

export function discordMirrorAttachment(env: NodeJS.ProcessEnv = process.env): HostAttachment {
  return async (engine, host) => {
    // discord.js takes a while to load; commands that never mirror should not pay for it.
    const { attachDesktopMirror } = await import('../../channels/discord/desktop.js');
    const { openKeyringVault } = await import('./keyring-vault.js');
    const vault = await openKeyringVault({ dataDir: host.dataDir, logger: host.logger, env });
    return attachDesktopMirror(engine, { dataDir: host.dataDir, vault, env, logger: host.logger });
  };
}
