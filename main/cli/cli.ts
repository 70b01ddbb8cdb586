/**
 * `mantra start | serve | sim | doctor | export | import | rebuild`
 * (through `npm run mantra -- ...` or the `mantra` bin).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs as parseArgsOf } from 'node:util';
import { createNotifyChannel } from '../channels/notify.js';
import { systemLocales } from '../channels/notification-channel.js';
import { translator, type TFunction } from '../../shared/i18n/i18n.js';
import { pickLocale } from '../../shared/i18n/locales.js';
import { runDoctor, formatCheck } from './doctor.js';
import { isEntryModule } from '../entry.js';
import { discordMirrorAttachment } from '../hosts/headless/discord-attachment.js';
import { portSchema, runHeadless } from '../hosts/headless/headless.js';
import { findElectron, launch } from '../launch.js';
import { LAUNCH_FLAGS, parseArgv } from '../hosts/electron/argv.js';
import { consoleLogger, errorText } from '../logger.js';
import { appFiles } from '../package-root.js';
import { runSimCli } from './sim.js';
import { exportData, importData, readDiscordSettings, readExportFile } from '../store/archive.js';
import { writeFileAtomically } from '../store/atomic-file.js';
import { resolveDataDir } from '../store/data-dir.js';
import { rebuildProfile } from '../store/rebuild.js';
import { DataDirBusyError, howToStop, lockDataDir, type InstanceLock } from '../hosts/single-instance.js';
import { openDataStore } from '../store/open.js';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  now(): number;
}

/** The user's messages in the system language (LC_ALL, LC_MESSAGES, LANG), as the notification reads it; English otherwise. */
export function say(io: Pick<CliIo, 'env'>): TFunction {
  // The first one set wins, as in POSIX: LC_ALL=C means English even under a German LANG.
  const first = [io.env.LC_ALL, io.env.LC_MESSAGES, io.env.LANG].find((v) => v !== undefined && v !== '');
  return translator(pickLocale(null, first !== undefined ? [first] : systemLocales(io.env)));
}

export const defaultIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  cwd: process.cwd(),
  now: () => Date.now(),
};

const USAGE = `Usage: mantra <command> [options]      (npm run mantra -- <command> [options])

Commands:
  start              the tray app; without the Electron runtime, the headless host
  serve              the headless host: engine, notifications, the window on http://127.0.0.1;
                     when Mantra already runs on the data directory, hands it the flags below,
                     prints its address and exits 0
  serve --discord    the engine as a Discord bot for many users (MANTRA_DISCORD_TOKEN; docs/discord.md)
  sim [options]      the simulator (mantra sim --help)
  doctor             checks the data directory, notifications, Discord, Electron
  export [FILE]      writes settings, state and every log to one JSON file
                     (default: mantra-export-<date>.json in the current directory)
  import FILE        replaces all data with an export; a bad file changes nothing
  rebuild            replays the logs into the stored state and prints what changed

Options:
  --data-dir DIR     data directory (default: $MANTRA_DATA_DIR, else $XDG_CONFIG_HOME/mantra, else ~/.config/mantra)
  --port N           port for serve/start (default: $MANTRA_PORT, else a free one)
  --force            export: overwrite FILE
  --discord          serve: run as a multi-user Discord bot instead of the desktop host
  -h, --help         this text
  --deliver-now, --pause 30m|1h|tomorrow|morning|2026-12-24T18:00|indefinitely, --resume,
  --snooze 10m|30m|1h, --quiet-hours "22:00-07:00[ weekdays|weekends][, ...]"|off, --answer, --quit
                     start/serve: carried out by the running Mantra (or this one once started);
                     a pause date is read in this computer's time zone

import and rebuild refuse while Mantra runs on the data directory (its engine would write
its own state over the result); the message says which process it is and how to stop it.`;

interface Parsed {
  readonly command: string | null;
  readonly positional: string[];
  readonly dataDir: string | null;
  readonly port: number | null;
  readonly force: boolean;
  readonly discord: boolean;
  readonly help: boolean;
  /** Options this CLI does not know: for start, the tray app's own (--answer, --pause 1h). */
  readonly unknown: string[];
  /** Everything after the command that is not an option of this CLI, in order. */
  readonly rest: string[];
}

const CLI_OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  'data-dir': { type: 'string' },
  port: { type: 'string' },
  force: { type: 'boolean' },
  discord: { type: 'boolean' },
} as const;

function parseArgs(argv: readonly string[]): Parsed {
  // Not strict: options of the tray app (--pause 1h, --answer) pass through to it, in order.
  const { tokens } = parseArgsOf({ args: [...argv], options: CLI_OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const positional: string[] = [];
  let dataDir: string | null = null;
  let port: number | null = null;
  let force = false;
  let discord = false;
  let help = false;
  const unknown: string[] = [];
  const rest: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') {
      positional.push(token.value);
      if (positional.length > 1) rest.push(token.value);
      continue;
    }
    const value = (): string => {
      if (token.value === undefined || (!token.inlineValue && token.value.startsWith('--'))) throw new Error(`${token.rawName} needs a value`);
      return token.value;
    };
    if (token.name === 'help') help = true;
    else if (token.name === 'data-dir') dataDir = value();
    else if (token.name === 'port') {
      const r = portSchema.safeParse(value());
      if (!r.success) throw new Error(`--port: ${r.error.issues[0]?.message.replace('MANTRA_PORT', 'the port') ?? 'invalid'}`);
      port = r.data;
    } else if (token.name === 'force') force = true;
    else if (token.name === 'discord') discord = true;
    else {
      const raw = argv[token.index] ?? token.rawName;
      unknown.push(raw);
      rest.push(raw);
    }
  }
  return { command: positional.shift() ?? null, positional, dataDir, port, force, discord, help, unknown, rest };
}

async function exportCommand(p: Parsed, io: CliIo, dataDir: string): Promise<number> {
  const stamp = new Date(io.now()).toISOString().slice(0, 10);
  const file = resolve(io.cwd, p.positional[0] ?? `mantra-export-${stamp}.json`);
  if (existsSync(file) && !p.force) {
    io.err(say(io)('cli.exists', { file }));
    return 1;
  }
  const opened = await openDataStore(dataDir, consoleLogger);
  const data = exportData(opened.store, io.now(), readDiscordSettings(dataDir));
  await opened.close();
  writeFileAtomically(file, `${JSON.stringify(data, null, 2)}\n`);
  const entries = data.profiles.reduce((n, pr) => n + pr.log.length, 0);
  const t = say(io);
  io.out(t('cli.exported', { profiles: data.profiles.length, entries, packs: data.themePacks?.length ?? 0, discord: data.discord ? t('cli.exportedDiscord') : '', dir: dataDir, file }));
  return 0;
}

/**
 * Runs a command that writes the data directory while holding it; refuses, saying how to stop
 * it, when a running Mantra holds it (its engine would write its own state over the result).
 */
async function whileHolding(dataDir: string, role: string, io: CliIo, work: () => Promise<number> | number): Promise<number> {
  let lock: InstanceLock;
  try {
    lock = await lockDataDir(dataDir, role);
  } catch (e) {
    if (!(e instanceof DataDirBusyError)) throw e;
    const hello = await e.ask({ kind: 'hello' });
    io.err(say(io)('cli.refused', { role, how: howToStop(hello.ok ? hello.info : null) }));
    return 1;
  }
  try {
    return await work();
  } finally {
    await lock.release();
  }
}

async function importCommand(p: Parsed, io: CliIo, dataDir: string): Promise<number> {
  const file = p.positional[0];
  if (!file) {
    io.err(say(io)('cli.importNeedsFile'));
    return 2;
  }
  const path = resolve(io.cwd, file);
  let parsed: ReturnType<typeof readExportFile>;
  try {
    parsed = readExportFile(path);
  } catch (e) {
    io.err(say(io)('cli.cannotRead', { path, error: errorText(e) }));
    return 1;
  }
  if (!parsed.ok) {
    io.err(say(io)('cli.notValid', { path }));
    for (const e of parsed.errors) io.err(`  ${e}`);
    return 1;
  }
  const data = parsed.data;
  return whileHolding(dataDir, 'import', io, () => {
    const outcome = importData(dataDir, data, io.now());
    const t = say(io);
    io.out(t('cli.imported', { count: outcome.profiles.length, list: outcome.profiles.join(', ') || t('cli.none'), dir: dataDir }));
    if (outcome.backup) io.out(t('cli.backupKept', { path: outcome.backup }));
    return 0;
  });
}

async function rebuildCommand(io: CliIo, dataDir: string): Promise<number> {
  const opened = await openDataStore(dataDir, consoleLogger);
  const { store } = opened;
  const ids = store.profileIds();
  const t = say(io);
  if (ids.length === 0) io.out(t('cli.noProfiles', { dir: dataDir }));
  for (const id of ids) {
    const report = rebuildProfile(store, id);
    io.out(t('cli.rebuilt', { id, entries: report.entries, result: report.changes.length === 0 ? t('cli.unchanged') : t('cli.changed', { count: report.changes.length }) }));
    for (const change of report.changes) io.out(`  ${change}`);
  }
  await opened.close();
  return 0;
}

async function doctorCommand(io: CliIo, dataDir: string): Promise<number> {
  const notify = createNotifyChannel({ appName: 'Mantra', iconPath: appFiles.icon });
  const checks = await runDoctor({
    dataDir,
    notify,
    discordStatus: async () => (await import('./discord-probe.js')).doctorDiscordStatus(dataDir, io.env),
    electron: findElectron,
    rendererIndex: join(appFiles.renderer, 'index.html'),
  });
  for (const c of checks) io.out(formatCheck(c));
  return checks.some((c) => c.ok === false) ? 1 : 0;
}

/** Runs one command; resolves with the process exit code. */
export async function runCli(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  // The simulator has options of its own: hand it everything after "sim".
  if (argv[0] === 'sim') return runSimCli(argv.slice(1));
  let p: Parsed;
  try {
    p = parseArgs(argv);
  } catch (e) {
    io.err(`mantra: ${errorText(e)}\n\n${USAGE}`);
    return 2;
  }
  if (p.help || p.command === null || p.command === 'help') {
    (p.command === null && !p.help ? io.err : io.out)(USAGE);
    return p.command === null && !p.help ? 2 : 0;
  }
  const launchFlags = p.command === 'serve' && !p.discord;
  const unknown = launchFlags ? p.unknown.filter((u) => !LAUNCH_FLAGS.has(u.split('=')[0] ?? u)) : p.command === 'start' ? [] : p.unknown;
  if (unknown.length > 0) {
    io.err(`${say(io)('cli.unknownOption', { option: unknown.join(' ') })}\n\n${USAGE}`);
    return 2;
  }
  const flagProblems = launchFlags ? parseArgv(p.rest).problems : [];
  if (flagProblems.length > 0) {
    io.err(`mantra: ${flagProblems.join('; ')}`);
    return 2;
  }
  const dataDir = p.dataDir ? resolve(io.cwd, p.dataDir) : resolveDataDir(io.env);
  const host = { dataDir, ...(p.port !== null ? { port: p.port } : {}), attach: [discordMirrorAttachment(io.env)] };
  try {
    switch (p.command) {
      case 'start':
        // The tray app's own arguments pass through (a running tray app gets them forwarded).
        return await launch({ ...host, appArgs: p.rest });
      case 'serve':
        if (p.discord) await (await import('../hosts/discord-bot/serve.js')).runDiscordServer({ dataDir, env: io.env });
        else return await runHeadless({ ...host, commands: parseArgv(p.rest).commands });
        return 0;
      case 'doctor':
        return await doctorCommand(io, dataDir);
      case 'export':
        return await exportCommand(p, io, dataDir);
      case 'import':
        return await importCommand(p, io, dataDir);
      case 'rebuild':
        return await whileHolding(dataDir, 'rebuild', io, () => rebuildCommand(io, dataDir));
      default:
        io.err(`${say(io)('cli.unknownCommand', { command: p.command })}\n\n${USAGE}`);
        return 2;
    }
  } catch (e) {
    io.err(`mantra: ${errorText(e)}`);
    return 1;
  }
}

/** The entry of `bin/mantra.js` and `node dist/main/cli/cli.js`. */
export function main(argv: readonly string[] = process.argv.slice(2)): void {
  // Every file and folder this process creates is the user's alone (state, logs, themes, token).
  process.umask(0o077);
  runCli(argv).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(`mantra: ${errorText(e)}`);
      process.exit(1);
    },
  );
}

if (isEntryModule(import.meta.url)) main();
