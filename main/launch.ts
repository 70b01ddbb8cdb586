/**
 * `npm start` / `mantra start`: the Electron tray app where the Electron runtime is present
 * (fetched once on demand), otherwise one line saying so and the headless host.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isEntryModule } from './entry.js';
import { errorText } from './logger.js';
import { appFiles, PACKAGE_ROOT } from './package-root.js';
import { discordMirrorAttachment } from './hosts/headless/discord-attachment.js';
import { runHeadless, type HeadlessOptions } from './hosts/headless/headless.js';
import { parseArgv } from './hosts/electron/argv.js';

const require = createRequire(import.meta.url);

export type ElectronRuntime = { readonly ok: true; readonly binary: string } | { readonly ok: false; readonly reason: string };

/** `require('electron')` from Node gives the binary's path, or throws when the download never happened. */
export function findElectron(): ElectronRuntime {
  let binary: unknown;
  try {
    binary = require('electron');
  } catch (e) {
    const message = errorText(e);
    if (/Cannot find module 'electron'/.test(message)) return { ok: false, reason: 'the electron package is not installed' };
    return { ok: false, reason: 'the Electron binary was never downloaded' };
  }
  if (typeof binary !== 'string') return { ok: false, reason: 'the electron package did not name a binary' };
  if (!existsSync(binary)) return { ok: false, reason: `the Electron binary is missing at ${binary}` };
  return { ok: true, binary };
}

/** One attempt at Electron's own download (skipped by `ignore-scripts` at install time); offline it fails fast. */
export function fetchElectron(timeoutMs = 300_000): { ok: boolean; detail: string } {
  let installer: string;
  try {
    installer = require.resolve('electron/install.js');
  } catch {
    return { ok: false, detail: 'the electron package is not installed' };
  }
  const env = { ...process.env };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  const run = spawnSync(process.execPath, [installer], { env, encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'ignore', 'pipe'] });
  if (run.status === 0) return { ok: true, detail: 'downloaded' };
  const firstLine = (run.stderr ?? '').split('\n').map((l) => l.trim()).find(Boolean);
  return { ok: false, detail: `download failed: ${firstLine ?? run.error?.message ?? `exit ${run.status}`}` };
}

export interface LaunchOptions extends HeadlessOptions {
  /** Arguments for the tray app (--answer, --pause 1h, ...). */
  readonly appArgs?: readonly string[];
  /** Default: find, else fetch once and find again. */
  readonly runtime?: () => ElectronRuntime;
  /** Where the one fallback line goes; default stderr. */
  readonly notice?: (line: string) => void;
  /** The fallback; default: the headless host until a stop signal; resolves with the exit code. */
  readonly serve?: (options: HeadlessOptions) => Promise<number | void>;
}

function runtimeWithOneFetch(): ElectronRuntime {
  const found = findElectron();
  if (found.ok) return found;
  const fetched = fetchElectron();
  const again = findElectron();
  return again.ok ? again : { ok: false, reason: `${found.reason}; ${fetched.detail}` };
}

function runElectron(binary: string, appArgs: readonly string[], dataDir: string | undefined): Promise<number> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...(dataDir ? { MANTRA_DATA_DIR: dataDir } : {}) };
  // Left over from a parent Electron, this would make the binary act as plain Node.
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(binary, [PACKAGE_ROOT, ...appArgs], { stdio: 'inherit', env });
  const forward = (signal: NodeJS.Signals) => () => void child.kill(signal);
  const onInt = forward('SIGINT');
  const onTerm = forward('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return new Promise((resolve) => {
    const done = (code: number) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(code);
    };
    child.on('error', (e) => {
      console.error(`mantra: could not start Electron: ${e.message}`);
      done(1);
    });
    child.on('exit', (code, signal) => done(code ?? (signal ? 128 : 1)));
  });
}

/** Runs the tray app or, without Electron, the headless host; resolves with the exit code. */
export async function launch(options: LaunchOptions = {}): Promise<number> {
  const runtime = (options.runtime ?? runtimeWithOneFetch)();
  if (runtime.ok && existsSync(appFiles.electronMain)) return runElectron(runtime.binary, options.appArgs ?? [], options.dataDir);
  const reason = runtime.ok ? `the tray app is not built (${appFiles.electronMain} is missing)` : runtime.reason;
  (options.notice ?? ((line: string) => console.error(line)))(`Electron runtime not available (${reason}); starting the headless host instead — open the URL below`);
  // The tray app's flags mean the same to the headless host (or to one already running).
  const commands = options.commands ?? parseArgv(options.appArgs ?? []).commands;
  return (await (options.serve ?? runHeadless)({ ...options, commands })) ?? 0;
}

if (isEntryModule(import.meta.url)) {
  // Every file and folder this process creates is the user's alone (state, logs, themes, token).
  process.umask(0o077);
  launch({ appArgs: process.argv.slice(2), attach: [discordMirrorAttachment()] }).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(`mantra: ${errorText(e)}`);
      process.exit(1);
    },
  );
}
