/**
 * The Discord bot token's vault for the desktop app. With OS encryption (Keychain, DPAPI,
 * libsecret/kwallet) it is encrypted by `safeStorage` and kept base64 in the data directory;
 * without it (or on Linux with the "basic_text" backend, a fixed key) it lives only in
 * memory, and the mirror's status says 'memory' so the UI can tell the user.
 * It is never written in plain text and never logged.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { safeStorage } from 'electron';
import type { TokenVault } from '../../channels/discord/mirror.js';
import type { Logger } from '../../logger.js';
import { writeFileAtomically } from '../../store/atomic-file.js';

export type { TokenVault } from '../../channels/discord/mirror.js';

export const TOKEN_FILE = 'discord-token.enc';

export type SafeStorageLike = Pick<Electron.SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'>;

export interface VaultOptions {
  readonly dataDir: string;
  readonly logger: Logger;
  readonly safeStorage?: SafeStorageLike;
  readonly platform?: NodeJS.Platform;
}

/** Real encryption is on offer. Call after the app is ready: before that Linux reports no backend. */
export function encryptionAvailable(storage: SafeStorageLike, platform: NodeJS.Platform): boolean {
  try {
    if (!storage.isEncryptionAvailable()) return false;
    return platform !== 'linux' || storage.getSelectedStorageBackend() !== 'basic_text';
  } catch {
    return false;
  }
}

/** Decides once, at opening, whether this run can encrypt; the answer is the vault's `storage`. */
export function openTokenVault(options: VaultOptions): TokenVault {
  const storage = options.safeStorage ?? safeStorage;
  const file = join(options.dataDir, TOKEN_FILE);
  const encrypted = encryptionAvailable(storage, options.platform ?? process.platform);
  let inMemory: string | null = null;

  return {
    storage: encrypted ? 'encrypted' : 'memory',

    async load() {
      if (!encrypted) {
        if (existsSync(file)) options.logger.warn('a saved Discord token cannot be read without OS encryption; set the token again (it will be kept in memory only)');
        return inMemory;
      }
      if (!existsSync(file)) return null;
      try {
        return storage.decryptString(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64'));
      } catch {
        options.logger.warn('the saved Discord token could not be decrypted; set it again');
        return null;
      }
    },

    async save(token) {
      if (token === null || !encrypted) {
        inMemory = token;
        // Without encryption an older encrypted token must not come back after a restart.
        rmSync(file, { force: true });
        return;
      }
      writeFileAtomically(file, storage.encryptString(token).toString('base64'));
    },
  };
}
