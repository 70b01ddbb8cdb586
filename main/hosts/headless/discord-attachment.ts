/** The Discord DM mirror for the headless host: one profile, the token in the desktop keyring where one answers, else in memory. */
import { join } from 'node:path';
import type { DiscordConfigInput, DiscordStatus } from '../../../shared/api.js';
import { DmLedger, LEDGER_FILE } from '../../channels/discord/ledger.js';
import { tokenlessStatus } from '../../channels/discord/offline-status.js';
import type { DiscordControl } from '../../engine/ports.js';
import type { HostAttachment } from './headless.js';
import { openKeyringVault, type SecretTool } from './keyring-vault.js';

/** `tool`: how the keyring is asked (default: the secret-tool command); tests count its lookups. */
export function discordMirrorAttachment(env: NodeJS.ProcessEnv = process.env, tool?: SecretTool): HostAttachment {
  return async (engine, host) => {
    const vault = await openKeyringVault({ dataDir: host.dataDir, logger: host.logger, env, ...(tool ? { tool } : {}) });
    // Read once here (to decide whether to load the mirror) and handed to it: its start does not ask the keyring again.
    const token = env.MANTRA_DISCORD_TOKEN ? undefined : await vault.load();
    // discord.js takes half a second and about 25 MB to load: only once Discord is configured.
    const load = async () => {
      const { attachDesktopMirror } = await import('../../channels/discord/desktop.js');
      return attachDesktopMirror(engine, { dataDir: host.dataDir, vault, env, logger: host.logger, ...(token !== undefined ? { vaultToken: token } : {}) });
    };
    if (env.MANTRA_DISCORD_TOKEN || token) return load();
    // No token anywhere: the mirror could not connect. Show its tokenless status (from the
    // saved settings) and load it when the page first sends Discord settings.
    let real: Promise<Awaited<ReturnType<typeof load>>> | null = null;
    const mirror = (): Promise<Awaited<ReturnType<typeof load>>> => (real ??= load());
    const saved = (): DiscordStatus => {
      const config = new DmLedger(join(host.dataDir, LEDGER_FILE), (m) => host.logger.warn(m)).config;
      const apiBase = env.MANTRA_DISCORD_API?.replace(/\/+$/, '');
      return tokenlessStatus(apiBase ? { ...config, apiBase } : config);
    };
    const status = saved();
    const waiting: DiscordControl = {
      status: () => status,
      configure: async (input: DiscordConfigInput) => (await mirror()).discord.configure(input),
      sendTestDm: async () => status,
    };
    return {
      discord: waiting,
      close: async () => {
        if (real) await (await real).close();
      },
    };
  };
}
