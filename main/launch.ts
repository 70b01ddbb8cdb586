/**
 * `npm start` / `mantra start`: the Electron tray app where the Electron runtime is present
 * (fetched once on demand), otherwise one line saying so and the headless host.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { isEntryModule } from './entry.js';
import { errorText } from './logger.js';
import { appFiles, PACKAGE_ROOT } from './package-root.js';
import { discordMirrorAttachment } from './hosts/headless/discord-attachment.js';
import { runHeadless, type HeadlessOptions } from './hosts/headless/headless.js';
import { parseArgv } from './hosts/electron/argv.js';
import { translator, type TFunction } from '../shared/i18n/i18n.js';

const require = createRequire(import.meta.url);

/** Why the runtime is missing, as data: doctor words it in the CLI's language (`terminal.electron`). */
export type ElectronProblem = { readonly kind: 'notInstalled' | 'neverDownloaded' | 'noBinary' } | { readonly kind: 'missingAt' | 'notBuilt'; readonly path: string };

/** How the one download attempt went: now (the installer's own error, as it came), or remembered from an earlier start. */
export type ElectronDownload = { readonly kind: 'failed'; readonly error: string } | { readonly kind: 'remembered'; readonly at: string | null; readonly detail: string | null };

/** `reason` is English, for logs; `problem` and `download`, where known, are what the terminal words. */
export type ElectronRuntime =
  { readonly ok: true; readonly binary: string } | { readonly ok: false; readonly reason: string; readonly problem?: ElectronProblem; readonly download?: ElectronDownload };

/** Why the runtime is missing, in the CLI's language (the English `reason` where nothing is known as data). */
export function electronWords(runtime: Extract<ElectronRuntime, { ok: false }>, t: TFunction): string {
  const p = runtime.problem;
  if (!p) return runtime.reason;
  const what = p.kind === 'missingAt' || p.kind === 'notBuilt' ? t(`terminal.electron.${p.kind}`, { path: p.path }) : t(`terminal.electron.${p.kind}`);
  const d = runtime.download;
  if (!d) return what;
  if (d.kind === 'failed') return `${what}; ${t('terminal.electron.downloadFailed', { error: d.error })}`;
  const again = `"mantra start ${RETRY_ELECTRON_FLAG}" (npm start -- ${RETRY_ELECTRON_FLAG})`;
  return `${what}; ${d.at ? t('terminal.electron.failedOn', { at: d.at, detail: d.detail ?? '', again }) : t('terminal.electron.failedEarlier', { again })}`;
}

/** `require('electron')` from Node gives the binary's path, or throws when the download never happened. */
export function findElectron(): ElectronRuntime {
  let binary: unknown;
  try {
    binary = require('electron');
  } catch (e) {
    const message = errorText(e);
    if (/Cannot find module 'electron'/.test(message)) return { ok: false, reason: 'the electron package is not installed', problem: { kind: 'notInstalled' } };
    return { ok: false, reason: 'the Electron binary was never downloaded', problem: { kind: 'neverDownloaded' } };
  }
  if (typeof binary !== 'string') return { ok: false, reason: 'the electron package did not name a binary', problem: { kind: 'noBinary' } };
  if (!existsSync(binary)) return { ok: false, reason: `the Electron binary is missing at ${binary}`, problem: { kind: 'missingAt', path: binary } };
  return { ok: true, binary };
}

/** One attempt at Electron's own download (skipped by `ignore-scripts` at install time); offline it fails fast. */
export function fetchElectron(timeoutMs = 300_000): { ok: boolean; detail: string; error?: string } {
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
  const firstLine = (run.stderr ?? '')
    .split('\n')
    .map((l) => l.trim())
    .find(Boolean);
  const error = firstLine ?? run.error?.message ?? `exit ${run.status}`;
  return { ok: false, detail: `download failed: ${error}`, error };
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

/** Where a failed Electron download is remembered, so later starts do not wait on it again. */
export const ELECTRON_FETCH_MARKER = join(PACKAGE_ROOT, 'node_modules', '.cache', 'mantra', 'electron-download-failed.json');

/** Asks for one more download attempt after a remembered failure. */
export const RETRY_ELECTRON_FLAG = '--retry-electron';

/** A download that fails within this long gives up, so a start never hangs on a dropping network. */
const FETCH_TIMEOUT_MS = 60_000;

const markerSchema = z.object({ at: z.string(), detail: z.string() });

export interface RuntimeSources {
  readonly find: () => ElectronRuntime;
  readonly fetch: () => { ok: boolean; detail: string; error?: string };
  readonly marker: string;
  readonly retry: boolean;
  readonly now: () => number;
}

/**
 * The runtime, fetched at most once until asked again: a failed download is written to
 * `marker`, and later starts fall back at once, naming the flag that retries.
 */
export function rememberedRuntime(src: RuntimeSources): ElectronRuntime {
  const found = src.find();
  if (found.ok) return found;
  if (!src.retry && existsSync(src.marker)) {
    let past: z.infer<typeof markerSchema> | null = null;
    try {
      const r = markerSchema.safeParse(JSON.parse(readFileSync(src.marker, 'utf8')));
      past = r.success ? r.data : null;
    } catch {
      past = null;
    }
    return {
      ok: false,
      ...(found.problem ? { problem: found.problem } : {}),
      download: { kind: 'remembered', at: past?.at ?? null, detail: past?.detail ?? null },
      reason: `${found.reason}; the download failed on ${past?.at ?? 'an earlier start'}${past ? ` (${past.detail})` : ''} — run "mantra start ${RETRY_ELECTRON_FLAG}" (npm start -- ${RETRY_ELECTRON_FLAG}) to try again`,
    };
  }
  const fetched = src.fetch();
  const again = src.find();
  if (again.ok) {
    rmSync(src.marker, { force: true });
    return again;
  }
  try {
    mkdirSync(dirname(src.marker), { recursive: true });
    writeFileSync(src.marker, JSON.stringify({ at: new Date(src.now()).toISOString(), detail: fetched.detail }));
  } catch {
    // Not remembered: the next start simply tries once more.
  }
  return { ok: false, reason: `${found.reason}; ${fetched.detail}`, ...(found.problem ? { problem: found.problem } : {}), download: { kind: 'failed', error: fetched.error ?? fetched.detail } };
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
  const retry = (options.appArgs ?? []).includes(RETRY_ELECTRON_FLAG);
  const appArgs = (options.appArgs ?? []).filter((a) => a !== RETRY_ELECTRON_FLAG);
  const runtime = (options.runtime ?? (() => rememberedRuntime({ find: findElectron, fetch: () => fetchElectron(FETCH_TIMEOUT_MS), marker: ELECTRON_FETCH_MARKER, retry, now: Date.now })))();
  if (runtime.ok && existsSync(appFiles.electronMain)) return runElectron(runtime.binary, appArgs, options.dataDir);
  const t = options.t ?? translator('en');
  const missing: Extract<ElectronRuntime, { ok: false }> = runtime.ok
    ? { ok: false, reason: `the tray app is not built (${appFiles.electronMain} is missing)`, problem: { kind: 'notBuilt', path: appFiles.electronMain } }
    : runtime;
  (options.notice ?? ((line: string) => console.error(line)))(t('cliHost.noElectron', { reason: electronWords(missing, t) }));
  // The tray app's flags mean the same to the headless host (or to one already running).
  const commands = options.commands ?? parseArgv(appArgs).commands;
  return (await (options.serve ?? runHeadless)({ ...options, commands })) ?? 0;
}

/** `mantra start` / `npm start` as a process: the exit code ends it. scripts/start.mjs calls it in its own process after its build check, so `npm start` boots one Node, not two. */
export function launchMain(argv: readonly string[]): void {
  // Every file and folder this process creates is the user's alone (state, logs, themes, token).
  process.umask(0o077);
  launch({ appArgs: [...argv], attach: [discordMirrorAttachment()] }).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(`mantra: ${errorText(e)}`);
      process.exit(1);
    },
  );
}

if (isEntryModule(import.meta.url)) launchMain(process.argv.slice(2));
