/** The headless host loads the Discord mirror (and discord.js) only once Discord is configured. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DiscordStatus } from '../../../shared/api.js';
import type { Engine } from '../../../main/engine/engine.js';
import { createRecordingLogger } from '../../../main/logger.js';
import { removeDir, tempDataDir } from './engine-harness.js';

const loaded = vi.hoisted(() => ({ attaches: 0, configured: [] as unknown[] }));
vi.mock('../../../main/channels/discord/desktop.js', () => ({
  memoryVault: () => ({ storage: 'memory', load: async () => null, save: async () => undefined }),
  attachDesktopMirror: async () => {
    loaded.attaches++;
    return {
      discord: { status: () => ({ connection: 'connecting' }), configure: async (input: unknown) => (loaded.configured.push(input), { connection: 'connecting' }), sendTestDm: async () => ({}) },
      close: async () => undefined,
    };
  },
}));
const { discordMirrorAttachment } = await import('../../../main/hosts/headless/discord-attachment.js');

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
  loaded.attaches = 0;
  loaded.configured = [];
});

const engine = {} as Engine;

describe('discordMirrorAttachment', () => {
  it('without a token shows the saved settings and loads nothing until the page sends settings', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    writeFileSync(join(dataDir, 'discord.json'), JSON.stringify({ version: 1, config: { userId: '123456789012345678', apiBase: null, enabled: true } }));
    const joined = await discordMirrorAttachment({ MANTRA_KEYRING: 'off' })(engine, { dataDir, logger: createRecordingLogger() });
    expect(loaded.attaches).toBe(0);
    const control = joined && joined.discord;
    expect(control?.status()).toEqual<DiscordStatus>({
      connection: 'off',
      detail: 'No bot token: create a bot in the Discord Developer Portal and paste its token.',
      said: { key: 'noToken', params: {} },
      userId: '123456789012345678',
      hasToken: false,
      tokenStorage: 'none',
      apiBase: null,
      enabled: true,
    });
    await control?.configure({ token: 'abc' });
    await control?.configure({ enabled: false });
    expect(loaded.attaches).toBe(1);
    expect(loaded.configured).toEqual([{ token: 'abc' }, { enabled: false }]);
  });

  it('with MANTRA_DISCORD_TOKEN loads the mirror at once', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    await discordMirrorAttachment({ MANTRA_KEYRING: 'off', MANTRA_DISCORD_TOKEN: 'abc' })(engine, { dataDir, logger: createRecordingLogger() });
    expect(loaded.attaches).toBe(1);
  });
});
