/**
 * The headless host: store + engine + desktop notifications + the HTTP server, in one
 * process without Electron. Prints the URL to open (token included) as its first line.
 */
import { z } from 'zod';
import { createNotifyChannel, type NotifyChannel } from '../../channels/notify.js';
import { notificationChannel } from '../../channels/notification-channel.js';
import { DndGate, readLinuxDnd, type DndState } from '../../channels/dnd.js';
import { mirrorIsOn } from '../electron/presence.js';
import { sleepAwareClock, type Clock } from '../../engine/clock.js';
import type { Engine } from '../../engine/engine.js';
import type { DiscordControl } from '../../engine/ports.js';
import { consoleLogger, errorText, terminalLogger, type Logger } from '../../logger.js';
import { startLogger } from '../log-file.js';
import { appFiles } from '../../package-root.js';
import { DESKTOP_PROFILE, dataFiles, resolveDataDir } from '../../store/data-dir.js';
import { openFileStore, type FileStore } from '../../store/file-store.js';
import { createApi } from '../../engine/api.js';
import { performCommands, type CommandOutcome, type CommandTarget, type ShellCommand } from '../electron/commands.js';
import { composeHost } from '../compose.js';
import { DataDirBusyError, replyLineWords, STOP_SIGNALS, type ReplyLine } from '../single-instance.js';
import { loadAccessToken } from './access-token.js';
import { startHostServer, type HostServer } from './server.js';
import { translator, type TFunction } from '../../../shared/i18n/i18n.js';

export const portSchema = z.coerce
  .number({ message: 'MANTRA_PORT must be a number' })
  .int({ message: 'MANTRA_PORT must be a whole number' })
  .min(0, { message: 'MANTRA_PORT must be 0-65535' })
  .max(65535, { message: 'MANTRA_PORT must be 0-65535' });

/** Something that joins the engine before it starts (the Discord mirror, for one). */
export type HostAttachment = (engine: Engine, host: { readonly dataDir: string; readonly logger: Logger }) => Promise<{ readonly discord?: DiscordControl; close?(): Promise<void> } | void>;

export interface HeadlessOptions {
  readonly dataDir?: string;
  /** 0 = any free port. Default: MANTRA_PORT, else 0. */
  readonly port?: number;
  readonly profileId?: string;
  readonly logger?: Logger;
  readonly clock?: Clock;
  /** The notification backend; default node-notifier with the app's name and icon. */
  readonly notify?: NotifyChannel;
  /** Reads do-not-disturb; null: never held; default on Linux: dunst, then GNOME. */
  readonly readDnd?: (() => Promise<DndState>) | null;
  readonly rendererDir?: string;
  readonly writeDelayMs?: number;
  /** Where the URL line goes; default stdout. */
  readonly print?: (line: string) => void;
  /** The language of the lines it prints (the CLI's); default English. */
  readonly t?: TFunction;
  readonly attach?: readonly HostAttachment[];
  /** Launch flags to carry out once running (`--deliver-now`, `--pause 1h`, ...). */
  readonly commands?: readonly ShellCommand[];
}

export interface HeadlessHost {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  readonly dataDir: string;
  readonly engine: Engine;
  readonly store: FileStore;
  /** Stops serving, cancels timers and writes the store; safe to call twice. */
  close(): Promise<void>;
  /** Settles once the host has closed (by close(), or a `--quit` handed over by a second launch). */
  readonly closed: Promise<void>;
}

export function portFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.MANTRA_PORT;
  if (raw === undefined || raw === '') return 0;
  const r = portSchema.safeParse(raw);
  if (!r.success) throw new Error(r.error.issues[0]?.message ?? 'MANTRA_PORT is invalid');
  return r.data;
}

export async function startHeadless(options: HeadlessOptions = {}): Promise<HeadlessHost> {
  const logger = options.logger ?? consoleLogger;
  const dataDir = options.dataDir ?? resolveDataDir();
  const profileId = options.profileId ?? DESKTOP_PROFILE;
  // Do-not-disturb holds a due mantra while the desktop silences notifications (Linux: dunst, GNOME).
  const readDnd = options.readDnd === undefined ? (process.platform === 'linux' ? () => readLinuxDnd() : null) : options.readDnd;
  // The lock comes first: a second engine on the same files would write over the first.
  const composed = await composeHost({
    dataDir,
    role: 'headless',
    logger,
    host: 'headless',
    profileId,
    clock: options.clock ?? sleepAwareClock,
    openStore: () => openFileStore({ dataDir, logger, ...(options.writeDelayMs !== undefined ? { writeDelayMs: options.writeDelayMs } : {}) }),
    gate: (rearm) => (readDnd ? new DndGate({ read: readDnd, rearm, logger, mirrorIsOn: (c) => mirrorIsOn(c.discord) }) : undefined),
    parts: async (engine, _store, dnd) => {
      const notify = options.notify ?? createNotifyChannel({ appName: 'Mantra', iconPath: appFiles.icon, log: (m) => logger.warn(m) });
      engine.addChannel(notificationChannel(notify, { onOpen: (id) => engine.requestAnswer(id) }));
      // Attached channels join before the first timer, so a delivery due at start reaches them too.
      const closers: Array<() => Promise<void>> = [];
      let discord: DiscordControl | undefined;
      for (const attach of options.attach ?? []) {
        const joined = await attach(engine, { dataDir, logger });
        if (joined?.discord) discord = joined.discord;
        if (joined) closers.push(async () => void (await joined.close?.()));
      }
      return {
        ...(discord ? { discord } : {}),
        start: async () => void (await dnd?.start()),
        stop: async () => {
          for (const close of closers) await close().catch((e: unknown) => logger.warn(errorText(e)));
          dnd?.stop();
        },
      };
    },
  });
  const { engine, store, lock } = composed;

  const token = loadAccessToken(store.files.accessToken);
  let server: HostServer;
  try {
    server = await startHostServer({ engine, profileId, token, rendererDir: options.rendererDir ?? appFiles.renderer, logger, extras: { answerChannel: 'window' } }, options.port ?? portFromEnv());
  } catch (e) {
    await composed.stop();
    throw new Error(`cannot listen on 127.0.0.1:${options.port ?? portFromEnv()}: ${errorText(e)}`);
  }
  (options.print ?? ((line: string) => process.stdout.write(`${line}\n`)))((options.t ?? translator('en'))('cliHost.running', { url: server.url }));

  let closing: Promise<void> | null = null;
  let markClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => (markClosed = resolve));
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      try {
        await server.close();
      } finally {
        await composed.stop();
        markClosed();
      }
    })());
  const api = createApi(engine, profileId);
  // Each outcome (a refusal such as "a mantra is already waiting" too) goes back to the asking terminal, which words it.
  const target: CommandTarget = { api, showAnswer: () => engine.requestAnswer(profileId), showSettings: () => undefined, quit: () => void close(), logger };
  const run = (commands: readonly ShellCommand[]): Promise<CommandOutcome[]> => performCommands(commands, target);
  lock.serve({ role: 'headless', url: `http://127.0.0.1:${server.port}/` }, async (request) => (request.kind === 'commands' ? run(request.commands) : problemLines(engine)));
  if (options.commands?.length) await run(options.commands);
  return { url: server.url, port: server.port, token, dataDir, engine, store, close, closed };
}

/** What a running engine tells doctor: the write that is failing, if one is (doctor words it). */
export function problemLines(engine: Engine): ReplyLine[] {
  const p = engine.writeProblem;
  return p ? [{ writeFailed: { detail: p.detail.slice(0, 1000), failures: p.failures, since: p.since } }] : [];
}

/** What a second `serve`/`start` prints after handing its flags to the running host. */
export async function handOver(busy: DataDirBusyError, commands: readonly ShellCommand[], print: (line: string) => void, token: string, t: TFunction = translator('en')): Promise<number> {
  const reply = await busy.ask({ kind: 'commands', commands: [...commands] });
  if (!reply.ok) {
    print(t('cliHost.notTaken', { dir: busy.dataDir, error: reply.error }));
    return 1;
  }
  const url = reply.info.url ? `${reply.info.url}?token=${token}` : null;
  print(url ? t('cliHost.alreadyAt', { url, pid: reply.info.pid }) : t('cliHost.alreadyOn', { role: reply.info.role, pid: reply.info.pid, dir: busy.dataDir }));
  for (const line of reply.done) print(`  ${replyLineWords(line, t)}`);
  return 0;
}

/**
 * Runs the host until SIGINT, SIGTERM or SIGHUP (or a handed-over `--quit`), then shuts down
 * cleanly (the store is flushed). When another Mantra holds the data directory, hands it
 * this launch's flags, prints its address and resolves with 0 instead. Resolves with the exit code.
 */
export async function runHeadless(options: HeadlessOptions = {}): Promise<number> {
  // Without a logger given: stderr, and the data directory's log file once this host holds it (composeHost).
  // The terminal's copy is worded in the CLI's language; the log file keeps the English.
  const logger = options.logger ?? startLogger(options.t ? terminalLogger(options.t) : consoleLogger);
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  let host: HeadlessHost;
  try {
    host = await startHeadless({ ...options, logger });
  } catch (e) {
    if (!(e instanceof DataDirBusyError)) throw e;
    return handOver(e, options.commands ?? [], print, loadAccessToken(dataFiles(e.dataDir).accessToken), options.t);
  }
  const stop = (signal: NodeJS.Signals): void => {
    logger.info(`${signal}: stopping`);
    host.close().catch((err: unknown) => logger.error(`stopping failed: ${errorText(err)}`));
  };
  for (const signal of STOP_SIGNALS) process.on(signal, stop);
  await host.closed;
  for (const signal of STOP_SIGNALS) process.off(signal, stop);
  return 0;
}
