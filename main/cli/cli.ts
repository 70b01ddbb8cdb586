/**
 * `mantra start | serve | sim | doctor | export | import | rebuild`
 * (through `npm run mantra -- ...` or the `mantra` bin).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs as parseArgsOf } from 'node:util';
import { systemLocales } from '../channels/notification-channel.js';
import { translator, type TFunction } from '../../shared/i18n/i18n.js';
import { localeOf, pickLocale } from '../../shared/i18n/locales.js';
import type { en } from '../../shared/i18n/en.js';
import { isEntryModule } from '../entry.js';
import { installZoneRules } from '../zoneinfo.js';
import { discordMirrorAttachment } from '../hosts/headless/discord-attachment.js';
import { portSchema, runHeadless } from '../hosts/headless/headless.js';
import { LAUNCH_FLAGS, parseArgv } from '../hosts/electron/argv.js';
import { consoleLogger, errorText } from '../logger.js';
import { appFiles } from '../package-root.js';
import type { ParsedExport } from '../store/archive.js';
import { resolveDataDir } from '../store/data-dir.js';
import { DataDirBusyError, howToStop, lockDataDir, type InstanceLock } from '../hosts/single-instance.js';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  now(): number;
}

/**
 * The user's messages in MANTRA_LANG (what --lang sets), else the system language (LC_ALL,
 * LC_MESSAGES, LANG), as the notification reads it; English otherwise.
 */
export function say(io: Pick<CliIo, 'env'>): TFunction {
  // The first one set wins, as in POSIX: LC_ALL=C means English even under a German LANG.
  const first = [io.env.LC_ALL, io.env.LC_MESSAGES, io.env.LANG].find((v) => v !== undefined && v !== '');
  return translator(pickLocale(io.env.MANTRA_LANG || null, first !== undefined ? [first] : systemLocales(io.env)));
}

export const defaultIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  env: process.env,
  cwd: process.cwd(),
  now: () => Date.now(),
};

type HelpKey = keyof typeof en.cliHelp;
/** One row of the help table: what to type (a literal or a catalog key), what it does. */
type Row = readonly [left: string | { readonly key: HelpKey }, about: HelpKey];

// Flag spellings are identifiers: the same in every language.
const LAUNCH_FLAG_TEXT = `--deliver-now, --pause 30m|1h|tomorrow|morning|2026-12-24T18:00|indefinitely, --resume,
  --snooze 10m|30m|1h, --quiet-hours "22:00-07:00[ weekdays|weekends][, ...]"|off, --answer, --quit`;

const COMMAND_ROWS: Readonly<Record<string, readonly Row[]>> = {
  start: [['start', 'start']],
  serve: [
    ['serve', 'serve'],
    ['serve --discord', 'serveDiscord'],
  ],
  sim: [[{ key: 'simArgs' }, 'sim']],
  doctor: [['doctor', 'doctor']],
  export: [[{ key: 'exportArgs' }, 'export']],
  import: [[{ key: 'importArgs' }, 'import']],
  rebuild: [['rebuild', 'rebuild']],
};

const OPTION_ROWS = {
  dataDir: [{ key: 'dataDirArg' }, 'dataDir'],
  port: ['--port N', 'port'],
  force: ['--force', 'force'],
  discord: ['--discord', 'discord'],
  lang: [{ key: 'langArg' }, 'lang'],
  help: ['-h, --help', 'help'],
  launch: [LAUNCH_FLAG_TEXT, 'launchFlags'],
} as const satisfies Record<string, Row>;

/** The options each command reads, in the order its help lists them. */
const COMMAND_OPTIONS: Readonly<Record<string, readonly (keyof typeof OPTION_ROWS)[]>> = {
  start: ['dataDir', 'port', 'lang', 'help', 'launch'],
  serve: ['dataDir', 'port', 'discord', 'lang', 'help', 'launch'],
  doctor: ['dataDir', 'lang', 'help'],
  export: ['dataDir', 'force', 'lang', 'help'],
  import: ['dataDir', 'lang', 'help'],
  rebuild: ['dataDir', 'lang', 'help'],
};

/** The closing paragraph of a command's help, where it has one. */
const COMMAND_NOTES: Readonly<Record<string, HelpKey>> = { import: 'holding', rebuild: 'holding', doctor: 'doctorExit' };

const LEFT = 19;

/** Two columns; a description that does not fit beside its left side goes on the lines below it. */
function table(t: TFunction, rows: readonly Row[]): string {
  const lines: string[] = [];
  for (const [left, about] of rows) {
    const head = (typeof left === 'string' ? left : t(`cliHelp.${left.key}`)).split('\n');
    const body = t(`cliHelp.${about}`).split('\n');
    const beside = head.length === 1 && (head[0] ?? '').length < LEFT;
    if (beside) lines.push(`  ${(head[0] ?? '').padEnd(LEFT)}${body.shift() ?? ''}`);
    else lines.push(...head.map((h) => `  ${h.trimStart()}`));
    lines.push(...body.map((b) => `  ${''.padEnd(LEFT)}${b}`));
  }
  return lines.join('\n');
}

/** `mantra --help` in the CLI's language. */
export function usage(t: TFunction): string {
  const options = (['dataDir', 'port', 'force', 'discord', 'lang', 'help', 'launch'] as const).map((k) => OPTION_ROWS[k]);
  return [t('cliHelp.usage'), '', t('cliHelp.commandsTitle'), table(t, Object.values(COMMAND_ROWS).flat()), '', t('cliHelp.optionsTitle'), table(t, options), '', t('cliHelp.holding')].join('\n');
}

/** `mantra <command> --help`: that command's line, its options and its note; the general help for an unknown one. */
export function commandUsage(t: TFunction, command: string): string {
  const rows = COMMAND_ROWS[command];
  const options = COMMAND_OPTIONS[command];
  if (!rows || !options) return usage(t);
  const first = rows[0]?.[0] ?? command;
  const note = COMMAND_NOTES[command];
  return [
    t('cliHelp.usageOf', { command: typeof first === 'string' ? first : t(`cliHelp.${first.key}`) }),
    '',
    table(t, rows),
    '',
    t('cliHelp.optionsTitle'),
    table(
      t,
      options.map((k) => OPTION_ROWS[k]),
    ),
    ...(note ? ['', t(`cliHelp.${note}`)] : []),
  ].join('\n');
}

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
  lang: { type: 'string' },
} as const;

const tokensOf = (argv: readonly string[]) =>
  // Not strict: options of the tray app (--pause 1h, --answer) pass through to it, in order.
  parseArgsOf({ args: [...argv], options: CLI_OPTIONS, strict: false, allowPositionals: true, tokens: true }).tokens;

/** The --lang value, read before anything else so that every other problem is told in that language. */
function langWish(argv: readonly string[]): string | undefined {
  const found = tokensOf(argv).findLast((t) => t.kind === 'option' && t.name === 'lang');
  return found?.kind === 'option' ? found.value : undefined;
}

/** Throws an Error whose message is already in the user's language (`t`). */
function parseArgs(argv: readonly string[], t: TFunction): Parsed {
  const tokens = tokensOf(argv);
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
      if (token.value === undefined || (!token.inlineValue && token.value.startsWith('--'))) throw new Error(t('cliHelp.needsValue', { option: token.rawName }));
      return token.value;
    };
    if (token.name === 'help') help = true;
    else if (token.name === 'data-dir') dataDir = value();
    else if (token.name === 'port') {
      const r = portSchema.safeParse(value());
      if (!r.success) throw new Error(t('cliHelp.badPort'));
      port = r.data;
    } else if (token.name === 'lang') {
      // Read by langWish already; here only refused when it names no language Mantra speaks ("de_DE" is German, as in LANG).
      const given = value();
      if (localeOf(given) === null) throw new Error(t('cliHelp.badLang', { lang: given }));
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
  // Loaded per command: a long-running `serve` keeps none of what export, import, rebuild, doctor or sim need.
  const [{ openDataStore }, { exportData, readDiscordSettings }, { writeFileAtomically }] = await Promise.all([
    import('../store/open.js'),
    import('../store/archive.js'),
    import('../store/atomic-file.js'),
  ]);
  const opened = await openDataStore(dataDir, consoleLogger);
  const data = exportData(opened.store, io.now(), readDiscordSettings(dataDir));
  await opened.close();
  writeFileAtomically(file, `${JSON.stringify(data, null, 2)}\n`);
  const entries = data.profiles.reduce((n, pr) => n + pr.log.length, 0);
  const t = say(io);
  io.out(
    t('terminal.exported', {
      profiles: t('terminal.profiles', { count: data.profiles.length }),
      entries: t('terminal.entries', { count: entries }),
      packs: t('terminal.packs', { count: data.themePacks?.length ?? 0 }),
      discord: data.discord ? t('terminal.exportedDiscord') : '',
      dir: dataDir,
      file,
    }),
  );
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
    const t = say(io);
    io.err(t('cli.refused', { role, how: howToStop(hello.ok ? hello.info : null, t) }));
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
  const { importData, readExportFile } = await import('../store/archive.js');
  let parsed: ParsedExport;
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
    io.out(t('terminal.imported', { count: outcome.profiles.length, list: outcome.profiles.join(', ') || t('cli.none'), dir: dataDir }));
    if (outcome.backup) io.out(t('cli.backupKept', { path: outcome.backup }));
    return 0;
  });
}

async function rebuildCommand(io: CliIo, dataDir: string): Promise<number> {
  const [{ openDataStore }, { rebuildProfile }] = await Promise.all([import('../store/open.js'), import('../store/rebuild.js')]);
  const opened = await openDataStore(dataDir, consoleLogger);
  const { store } = opened;
  const ids = store.profileIds();
  const t = say(io);
  if (ids.length === 0) io.out(t('cli.noProfiles', { dir: dataDir }));
  for (const id of ids) {
    const report = rebuildProfile(store, id);
    io.out(t('cli.rebuilt', { id, entries: report.entries, result: report.changes.length === 0 ? t('cli.unchanged') : t('terminal.changed', { count: report.changes.length }) }));
    for (const change of report.changes) io.out(`  ${change}`);
  }
  await opened.close();
  return 0;
}

async function doctorCommand(io: CliIo, dataDir: string): Promise<number> {
  const t = say(io);
  const [{ createNotifyChannel }, { runDoctor, formatCheck }, { findElectron }] = await Promise.all([import('../channels/notify.js'), import('./doctor.js'), import('../launch.js')]);
  const notify = createNotifyChannel({ appName: 'Mantra', iconPath: appFiles.icon });
  const checks = await runDoctor({
    dataDir,
    notify,
    discordStatus: async () => (await import('./discord-probe.js')).doctorDiscordStatus(dataDir, io.env, fetch, t),
    electron: findElectron,
    rendererIndex: join(appFiles.renderer, 'index.html'),
    t,
  });
  for (const c of checks) io.out(formatCheck(c));
  return checks.some((c) => c.ok === false) ? 1 : 0;
}

/** Runs one command; resolves with the process exit code. */
export async function runCli(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  // The simulator has options of its own: hand it everything after "sim".
  if (argv[0] === 'sim') return (await import('./sim.js')).runSimCli(argv.slice(1));
  // --lang wins over MANTRA_LANG and the system's language, for every line this run prints.
  const wish = langWish(argv);
  if (wish) io = { ...io, env: { ...io.env, MANTRA_LANG: wish } };
  const t = say(io);
  let p: Parsed;
  try {
    p = parseArgs(argv, t);
  } catch (e) {
    io.err(`${errorText(e)}\n\n${usage(t)}`);
    return 2;
  }
  if (p.command === null && !p.help && p.unknown.length > 0) {
    // `mantra --bogus`: say which option was wrong before the help, as `mantra doctor --bogus` does.
    io.err(`${t('cli.unknownOption', { option: p.unknown.join(' ') })}\n\n${usage(t)}`);
    return 2;
  }
  if (p.help || p.command === null || p.command === 'help') {
    // `mantra export --help` and `mantra help export` show that command alone.
    const about = p.command === 'help' ? p.positional[0] : (p.command ?? undefined);
    (p.command === null && !p.help ? io.err : io.out)(about ? commandUsage(t, about) : usage(t));
    return p.command === null && !p.help ? 2 : 0;
  }
  const launchFlags = p.command === 'serve' && !p.discord;
  const unknown = launchFlags ? p.unknown.filter((u) => !LAUNCH_FLAGS.has(u.split('=')[0] ?? u)) : p.command === 'start' ? [] : p.unknown;
  if (unknown.length > 0) {
    io.err(`${t('cli.unknownOption', { option: unknown.join(' ') })}\n\n${p.command in COMMAND_OPTIONS ? commandUsage(t, p.command) : usage(t)}`);
    return 2;
  }
  const flagProblems = launchFlags ? parseArgv(p.rest, t).problems : [];
  if (flagProblems.length > 0) {
    // One line each: the translated reasons are whole sentences.
    for (const problem of flagProblems) io.err(`mantra: ${problem}`);
    return 2;
  }
  const dataDir = p.dataDir ? resolve(io.cwd, p.dataDir) : resolveDataDir(io.env);
  const host = { dataDir, ...(p.port !== null ? { port: p.port } : {}), attach: [discordMirrorAttachment(io.env)], t };
  try {
    switch (p.command) {
      case 'start':
        // The tray app's own arguments pass through (a running tray app gets them forwarded).
        return await (await import('../launch.js')).launch({ ...host, appArgs: p.rest });
      case 'serve':
        if (p.discord) await (await import('../hosts/discord-bot/serve.js')).runDiscordServer({ dataDir, env: io.env, t });
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
        io.err(`${t('cli.unknownCommand', { command: p.command })}\n\n${usage(t)}`);
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
  // rebuild, import and export read zones as the hosts do (composeHost installs them too): the tz database, not ICU.
  installZoneRules();
  runCli(argv).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(`mantra: ${errorText(e)}`);
      process.exit(1);
    },
  );
}

if (isEntryModule(import.meta.url)) main();
