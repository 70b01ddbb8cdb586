/** The headless host's token vault against a real gnome-keyring on a private D-Bus session bus. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { NotifyChannel } from '../../main/channels/notify.js';
import { discordMirrorAttachment } from '../../main/hosts/headless/discord-attachment.js';
import { startHeadless } from '../../main/hosts/headless/headless.js';
import { createRecordingLogger } from '../../main/logger.js';
import { startFakeDiscord } from '../fakes/discord-server.js';
import { keyringAttributes, openKeyringVault, runSecretTool, type SecretTool } from '../../main/hosts/headless/keyring-vault.js';
import { startKeyringSession, type KeyringSession } from '../fakes/keyring-session.js';

const run = promisify(execFile);
const TOKEN = 'MTIzNDU2Nzg5.secret-test-token.abc_DEF-123';

describe.runIf(process.platform === 'linux')('the Discord token in the desktop keyring (Secret Service)', () => {
  let session: KeyringSession;
  let dataDir: string;
  beforeAll(async () => {
    session = await startKeyringSession();
    dataDir = mkdtempSync(join(tmpdir(), 'mantra-vault-'));
  });
  afterAll(async () => {
    await session?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const env = (): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, ...session.env });

  it('stores the token in the keyring, never on a command line or in a file, and finds it again after a restart', async () => {
    const calls: (readonly string[])[] = [];
    const recorded: SecretTool = (args, input) => (calls.push(args), runSecretTool(env())(args, input));
    const logger = createRecordingLogger();
    const vault = await openKeyringVault({ dataDir, logger, env: env(), tool: recorded });
    expect(vault.storage).toBe('keyring');
    expect(await vault.load()).toBeNull();
    // The first load takes the probe's answer: one lookup at start, not two.
    const lookups = () => calls.filter((a) => a[0] === 'lookup').length;
    expect(lookups()).toBe(1);
    await vault.save(TOKEN);
    // After a save the keyring is asked again.
    expect(await vault.load()).toBe(TOKEN);
    expect(lookups()).toBe(2);

    // The keyring has it, under Mantra's attributes for this data directory.
    const { stdout } = await run('secret-tool', ['lookup', ...keyringAttributes(dataDir)], { env: env() });
    expect(stdout.trim()).toBe(TOKEN);
    expect(calls.flat().join(' ')).not.toContain(TOKEN);
    for (const file of readdirSync(dataDir)) expect(readFileSync(join(dataDir, file), 'utf8')).not.toContain(TOKEN);
    expect(logger.lines.join('\n')).not.toContain(TOKEN);

    // A new host process: a new vault, the same keyring.
    const again = await openKeyringVault({ dataDir, logger, env: env() });
    expect(again.storage).toBe('keyring');
    expect(await again.load()).toBe(TOKEN);

    await again.save(null);
    expect(await again.load()).toBeNull();
    await again.save(null); // nothing to clear: fine
  });

  it('keeps one token per data directory', async () => {
    const other = mkdtempSync(join(tmpdir(), 'mantra-vault-other-'));
    try {
      const a = await openKeyringVault({ dataDir, logger: createRecordingLogger(), env: env() });
      const b = await openKeyringVault({ dataDir: other, logger: createRecordingLogger(), env: env() });
      await a.save('token-a');
      await b.save('token-b');
      expect([await a.load(), await b.load()]).toEqual(['token-a', 'token-b']);
      await a.save(null);
      await b.save(null);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('falls back to memory, saying why, where no keyring answers', async () => {
    const logger = createRecordingLogger();
    const vault = await openKeyringVault({ dataDir, logger, env: { PATH: process.env.PATH, DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dataDir, 'no-bus')}` } });
    expect(vault.storage).toBe('memory');
    expect(logger.lines.join('\n')).toMatch(/^info: Discord token: no desktop keyring \(.+\); a token set now is kept in memory only$/m);
    await vault.save(TOKEN);
    expect(await vault.load()).toBe(TOKEN);
    expect((await openKeyringVault({ dataDir, logger, env: { ...env(), MANTRA_KEYRING: 'off' } })).storage).toBe('memory');
  });

  it('says so when secret-tool is missing, and when the keyring refuses a change', async () => {
    const logger = createRecordingLogger();
    const missing = await openKeyringVault({ dataDir, logger, env: { PATH: '/nonexistent' } });
    expect(missing.storage).toBe('memory');
    expect(missing.why).toBe('secret-tool not found (install libsecret-tools)');
    const refusing: SecretTool = async (args) =>
      args[0] === 'lookup' ? { code: 1, stdout: '', stderr: '' } : { code: 1, stdout: '', stderr: 'secret-tool: Cannot create an item in a locked collection\n' };
    const locked = await openKeyringVault({ dataDir, logger, tool: refusing });
    await expect(locked.save(TOKEN)).rejects.toThrow('the desktop keyring did not take the change: Cannot create an item in a locked collection');
  });

  it('the headless host keeps the token across a restart and reconnects to Discord by itself', async () => {
    const fake = await startFakeDiscord({ heartbeatIntervalMs: 150 });
    const owner = fake.addUser({ username: 'owner' }).id;
    const dir = mkdtempSync(join(tmpdir(), 'mantra-headless-keyring-'));
    const quiet: NotifyChannel = { show: async () => ({ delivered: true }), onClick: () => () => {}, check: async () => ({ ok: true, backend: 'fake', detail: 'fake' }) };
    const calls: (readonly string[])[] = [];
    const recorded: SecretTool = (args, input) => (calls.push(args), runSecretTool(env())(args, input));
    const lookups = () => calls.filter((a) => a[0] === 'lookup').length;
    const start = () =>
      startHeadless({ dataDir: dir, port: 0, notify: quiet, rendererDir: join(dir, 'none'), logger: createRecordingLogger(), print: () => {}, attach: [discordMirrorAttachment(env(), recorded)] });
    try {
      const first = await start();
      expect(lookups()).toBe(1);
      await first.engine.discord.configure({ token: fake.token, userId: owner, apiBase: fake.apiUrl });
      // The mirror loaded by the page's settings takes the answer read at start: no lookup for it.
      expect(lookups()).toBe(1);
      expect(first.engine.snapshot('desktop').discord).toMatchObject({ connection: 'connected', tokenStorage: 'keyring' });
      await first.close();
      for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) expect(readFileSync(join(dir, file), 'utf8')).not.toContain(fake.token);

      calls.length = 0;
      const second = await start();
      // Discord configured: one lookup at start, shared by the vault's probe, the attachment and the mirror's start.
      expect(lookups()).toBe(1);
      expect(calls.flat().join(' ')).not.toContain(fake.token);
      try {
        // The token came back from the keyring at start; the mirror logs in with it on its own.
        expect(second.engine.snapshot('desktop').discord).toMatchObject({ hasToken: true, tokenStorage: 'keyring', userId: owner });
        await vi.waitFor(() => expect(second.engine.snapshot('desktop').discord.connection).toBe('connected'), { timeout: 10_000 });
        await second.engine.discord.configure({ token: '' });
        expect(await (await openKeyringVault({ dataDir: dir, logger: createRecordingLogger(), env: env() })).load()).toBeNull();
      } finally {
        await second.close();
      }
    } finally {
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
