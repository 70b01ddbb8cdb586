/**
 * Plugging the mirror into a desktop host (Electron or `mantra serve`): one profile, DMed to
 * the user ID set on the Discord page, the token kept by the host's vault.
 */
import type { Engine } from '../../engine/engine.js';
import type { Logger } from '../../logger.js';
import { DESKTOP_PROFILE } from '../../store/data-dir.js';
import { DiscordMirror, type DiscordMirrorOptions, type TokenVault } from './mirror.js';
import { publishDiscordStatus } from './status-file.js';

export { memoryVault } from './memory-vault.js';

export interface DesktopMirrorOptions {
  readonly dataDir: string;
  /** Electron: safeStorage; else memoryVault(). */
  readonly vault: TokenVault;
  /** The vault's answer when the host already read it (null: none saved): the mirror does not read it again. */
  readonly vaultToken?: string | null;
  readonly profileId?: string;
  /** Who runs the mirror, as `mantra doctor` names it (discord-status.json); default 'headless'. */
  readonly role?: string;
  readonly logger?: Logger;
  /** MANTRA_DISCORD_TOKEN / MANTRA_DISCORD_API, when the host was given them; not saved. */
  readonly env?: NodeJS.ProcessEnv;
  readonly tuning?: Partial<Pick<DiscordMirrorOptions, 'backoff' | 'readyTimeoutMs' | 'callTimeoutMs' | 'rest'>>;
}

/**
 * Creates the mirror, adds it to the engine as a channel and as its Discord control, keeps
 * snapshots in step with its status, and starts it. Start it before `engine.start()` so a
 * delivery due at start reaches Discord too; call `stop()` before `engine.stop()`.
 */
export async function attachDesktopMirror(engine: Engine, options: DesktopMirrorOptions): Promise<{ readonly discord: DiscordMirror; close(): Promise<void> }> {
  const env = options.env ?? {};
  const mirror = new DiscordMirror({
    ...options.tuning,
    engine,
    audience: 'owner',
    profileId: options.profileId ?? DESKTOP_PROFILE,
    dataDir: options.dataDir,
    vault: options.vault,
    ...(options.vaultToken !== undefined ? { vaultToken: options.vaultToken } : {}),
    ...(env.MANTRA_DISCORD_TOKEN ? { token: env.MANTRA_DISCORD_TOKEN } : {}),
    ...(env.MANTRA_DISCORD_API ? { apiBase: env.MANTRA_DISCORD_API.replace(/\/+$/, '') } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    now: () => engine.clock.now(),
  });
  const removeChannel = engine.addChannel(mirror);
  engine.useDiscord(mirror);
  // useDiscord re-emits every profile's snapshot: the windows see the new status at once.
  const unsubscribe = mirror.onStatus(() => engine.useDiscord(mirror));
  const unpublish = publishDiscordStatus(mirror, { dataDir: options.dataDir, role: options.role ?? 'headless', now: () => engine.clock.now(), ...(options.logger ? { logger: options.logger } : {}) });
  await mirror.start();
  return {
    discord: mirror,
    close: async () => {
      unpublish();
      unsubscribe();
      removeChannel();
      await mirror.stop();
    },
  };
}
