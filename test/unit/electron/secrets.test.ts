import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fake, resetFake, safeStorage } from './electron-fake.js';

vi.mock('electron', () => import('./electron-fake.js'));
const { openTokenVault, encryptionAvailable, TOKEN_FILE } = await import('../../../main/hosts/electron/secrets.js');
const { createRecordingLogger } = await import('../../../main/logger.js');

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB';

let dir: string;
beforeEach(() => {
  resetFake();
  dir = mkdtempSync(join(tmpdir(), 'mantra-secrets-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Every byte under the data directory, as text. */
const everythingOnDisk = (): string =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');

describe('with OS encryption', () => {
  it('round trip: saved encrypted, read back after a restart', async () => {
    const logger = createRecordingLogger();
    const vault = openTokenVault({ dataDir: dir, logger, platform: 'linux' });
    expect(vault.storage).toBe('encrypted');
    await vault.save(TOKEN);
    const again = openTokenVault({ dataDir: dir, logger, platform: 'linux' });
    expect(await again.load()).toBe(TOKEN);
    expect(logger.lines.join('\n')).not.toContain(TOKEN);
  });

  it('never in plain text on disk: base64 of the ciphertext, readable by the user only', async () => {
    const vault = openTokenVault({ dataDir: dir, logger: createRecordingLogger(), platform: 'darwin' });
    await vault.save(TOKEN);
    const file = join(dir, TOKEN_FILE);
    const stored = readFileSync(file, 'utf8');
    expect(everythingOnDisk()).not.toContain(TOKEN);
    expect(Buffer.from(stored, 'base64').toString('latin1')).not.toContain(TOKEN);
    expect(safeStorage.decryptString(Buffer.from(stored, 'base64'))).toBe(TOKEN);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual([TOKEN_FILE]);
  });

  it('forgetting the token removes the file', async () => {
    const vault = openTokenVault({ dataDir: dir, logger: createRecordingLogger(), platform: 'win32' });
    await vault.save(TOKEN);
    await vault.save(null);
    expect(existsSync(join(dir, TOKEN_FILE))).toBe(false);
    expect(await vault.load()).toBeNull();
  });

  it('a file that does not decrypt (another machine, a new keyring) reads as no token, with a warning that names no secret', async () => {
    writeFileSync(join(dir, TOKEN_FILE), Buffer.from('garbage').toString('base64'));
    const logger = createRecordingLogger();
    expect(await openTokenVault({ dataDir: dir, logger, platform: 'linux' }).load()).toBeNull();
    expect(logger.lines).toEqual(['warn: the saved Discord token could not be decrypted; set it again']);
  });
});

describe('without OS encryption: memory only, and said so', () => {
  it('isEncryptionAvailable false: nothing written, storage "memory", gone after a restart', async () => {
    fake.encryption = false;
    const vault = openTokenVault({ dataDir: dir, logger: createRecordingLogger(), platform: 'linux' });
    expect(vault.storage).toBe('memory');
    await vault.save(TOKEN);
    expect(await vault.load()).toBe(TOKEN);
    expect(readdirSync(dir)).toEqual([]);
    expect(await openTokenVault({ dataDir: dir, logger: createRecordingLogger(), platform: 'linux' }).load()).toBeNull();
  });

  it('Linux with the basic_text backend (a fixed key) counts as no encryption', async () => {
    fake.backend = 'basic_text';
    expect(encryptionAvailable(safeStorage as never, 'linux')).toBe(false);
    expect(encryptionAvailable(safeStorage as never, 'darwin')).toBe(true);
    const vault = openTokenVault({ dataDir: dir, logger: createRecordingLogger(), platform: 'linux' });
    expect(vault.storage).toBe('memory');
    await vault.save(TOKEN);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('an older encrypted token is removed when a new one is set in memory, so it cannot come back', async () => {
    await openTokenVault({ dataDir: dir, logger: createRecordingLogger(), platform: 'linux' }).save('old-token-value');
    fake.encryption = false;
    const logger = createRecordingLogger();
    const vault = openTokenVault({ dataDir: dir, logger, platform: 'linux' });
    expect(await vault.load()).toBeNull();
    expect(logger.lines[0]).toMatch(/cannot be read without OS encryption/);
    await vault.save(TOKEN);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a safeStorage that throws is no encryption', () => {
    expect(
      encryptionAvailable(
        {
          ...safeStorage,
          isEncryptionAvailable: () => {
            throw new Error('not ready');
          },
        } as never,
        'linux',
      ),
    ).toBe(false);
  });
});
