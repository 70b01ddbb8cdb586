/**
 * The Discord bot token's vault for the headless host: the desktop keyring over D-Bus (the
 * Secret Service API: GNOME Keyring, KWallet, KeePassXC), through libsecret's `secret-tool`.
 * The token goes to `secret-tool store` on stdin, never on the command line, and comes back
 * on stdout from `secret-tool lookup`; nothing is written to disk by Mantra. Where no keyring
 * answers (no session bus, no daemon, a locked keyring, no secret-tool), the token lives in
 * memory only and the vault says so ('memory'), so the Discord page can tell the user.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { TokenVault } from '../../channels/discord/mirror.js';
import { memoryVault } from '../../channels/discord/memory-vault.js';
import type { Logger } from '../../logger.js';

/** What `secret-tool` said: its exit code (null: it did not run or was stopped) and output. */
export interface ToolResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs secret-tool with `args`, `input` on its stdin; tests and other platforms inject their own. */
export type SecretTool = (args: readonly string[], input?: string) => Promise<ToolResult>;

export interface KeyringVaultOptions {
  readonly dataDir: string;
  readonly logger: Logger;
  readonly tool?: SecretTool;
  readonly env?: NodeJS.ProcessEnv;
}

const TOOL_TIMEOUT_MS = 15_000;

export function runSecretTool(env: NodeJS.ProcessEnv = process.env): SecretTool {
  return (args, input) =>
    new Promise((done) => {
      let stdout = '';
      let stderr = '';
      const child = spawn('secret-tool', [...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
      // A keyring that waits for an unlock prompt nobody can answer must not hold the host up.
      const timer = setTimeout(() => child.kill('SIGKILL'), TOOL_TIMEOUT_MS);
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        done({ code: null, stdout: '', stderr: e.code === 'ENOENT' ? 'secret-tool not found (install libsecret-tools)' : e.message });
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        done({ code, stdout, stderr: signal === 'SIGKILL' ? `secret-tool gave no answer within ${TOOL_TIMEOUT_MS / 1000} s (a locked keyring?)` : stderr });
      });
      child.stdin.on('error', () => undefined);
      child.stdin.end(input ?? '');
    });
}

/** The item's attributes: one token per data directory. */
export function keyringAttributes(dataDir: string): string[] {
  return ['application', 'mantra', 'kind', 'discord-bot-token', 'data-dir', resolve(dataDir)];
}

const lastLine = (text: string): string =>
  text
    .trim()
    .split('\n')
    .pop()
    ?.replace(/^secret-tool:\s*/, '') ?? '';

/**
 * Opens the keyring vault if a Secret Service answers (one lookup), else a memory vault.
 * MANTRA_KEYRING=off skips the keyring (tests, or a user who wants memory only).
 */
export async function openKeyringVault(options: KeyringVaultOptions): Promise<TokenVault & { readonly why: string }> {
  const env = options.env ?? process.env;
  const memory = (why: string) => ({ ...memoryVault(), why });
  if (env.MANTRA_KEYRING === 'off') return memory('MANTRA_KEYRING=off');
  const tool = options.tool ?? runSecretTool(env);
  const attributes = keyringAttributes(options.dataDir);
  const probe = await tool(['lookup', ...attributes]);
  // Found (0), or not found with nothing said (1): the keyring answers. Anything else: it does not.
  const answers = probe.code === 0 || (probe.code === 1 && probe.stderr.trim() === '');
  if (!answers) {
    const why = lastLine(probe.stderr) || `secret-tool exited with ${probe.code}`;
    options.logger.info(`Discord token: no desktop keyring (${why}); a token set now is kept in memory only`, { kind: 'tokenInMemory', why });
    return memory(why);
  }
  // The probe was a lookup: the first load takes its answer instead of asking the keyring again (a save drops it).
  let probed: typeof probe | null = probe;
  return {
    storage: 'keyring',
    why: 'the desktop keyring (Secret Service) answers',
    async load() {
      const r = probed ?? (await tool(['lookup', ...attributes]));
      probed = null;
      if (r.code === 0) return r.stdout.trim() || null;
      if (r.code !== 1 || r.stderr.trim()) options.logger.warn(`Discord token: the keyring could not be read (${lastLine(r.stderr)}); set the token again`);
      return null;
    },
    async save(token) {
      probed = null;
      const r = token === null ? await tool(['clear', ...attributes]) : await tool(['store', `--label=Mantra Discord bot token (${resolve(options.dataDir)})`, ...attributes], token);
      // clear exits 1 when there was nothing to clear.
      if (r.code === 0 || (token === null && r.code === 1 && !r.stderr.trim())) return;
      throw new Error(`the desktop keyring did not take the change: ${lastLine(r.stderr) || `secret-tool exited with ${r.code}`}`);
    },
  };
}
