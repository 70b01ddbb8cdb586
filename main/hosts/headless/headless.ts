/**
 * The headless host: store + engine + desktop notifications + the HTTP server, in one
 * process without Electron. Prints the URL to open (token included) as its first line.
 */
import { z } from 'zod';
import { createNotifyChannel, type NotifyChannel } from '../../channels/notify.js';
import { notificationChannel } from '../../channels/notification-channel.js';
import { sleepAwareClock, type Clock } from '../../engine/clock.js';
import { Engine } from '../../engine/engine.js';
import type { DiscordControl } from '../../engine/ports.js';
import { consoleLogger, errorText, type Logger } from '../../logger.js';
import { appFiles } from '../../package-root.js';
import { DESKTOP_PROFILE, resolveDataDir } from '../../store/data-dir.js';
import { openFileStore, type FileStore } from '../../store/file-store.js';
import { loadAccessToken } from './access-token.js';
import { startHostServer, type HostServer } from './server.js';

export const portSchema = z.coerce
  .number({ message: 'MANTRA_PORT must be a number' })
  .int({ message: 'MANTRA_PORT must be a whole number' })
  .min(0, { message: 'MANTRA_PORT must be 0-65535' })
  .max(65535, { message: 'MANTRA_PORT must be 0-65535' });

/** Something that joins the engine before it starts (the Discord mirror, for one). */
export type HostAttachment = (
  engine: Engine,
  host: { readonly dataDir: string; readonly logger: Logger },
) => Promise<{ readonly discord?: DiscordControl; close?(): Promise<void> } | void>;

export interface HeadlessOptions {
  readonly dataDir?: string;
  /** 0 = any free port. Default: MANTRA_PORT, else 0. */
  readonly port?: number;
  readonly profileId?: string;
  readonly logger?: Logger;
  readonly clock?: Clock;
  /** The notification backend; default node-notifier with the app's name and icon. */
  readonly notify?: NotifyChannel;
  readonly rendererDir?: string;
  readonly writeDelayMs?: number;
  /** Where the URL line goes; default stdout. */
  readonly print?: (line: string) => void;
  readonly attach?: readonly HostAttachment[];
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
  const store = await openFileStore({ dataDir, logger, ...(options.writeDelayMs !== undefined ? { writeDelayMs: options.writeDelayMs } : {}) });
  const engine = new Engine({ store, logger, host: 'headless', clock: options.clock ?? sleepAwareClock });
  const notify = options.notify ?? createNotifyChannel({ appName: 'Mantra', iconPath: appFiles.icon, log: (m) => logger.warn(m) });
  engine.addChannel(notificationChannel(notify, { onOpen: (id) => engine.requestAnswer(id) }));
  engine.ensureProfile(profileId);
  // Attached channels join before the first timer, so a delivery due at start reaches them too.
  const closers: Array<() => Promise<void>> = [];
  for (const attach of options.attach ?? []) {
    const joined = await attach(engine, { dataDir, logger });
    if (joined?.discord) engine.useDiscord(joined.discord);
    if (joined) closers.push(async () => void (await joined.close?.()));
  }
  engine.start();

  const token = loadAccessToken(store.files.accessToken);
  let server: HostServer;
  try {
    server = await startHostServer({ engine, profileId, token, rendererDir: options.rendererDir ?? appFiles.renderer, logger, extras: { answerChannel: 'window' } }, options.port ?? portFromEnv());
  } catch (e) {
    await engine.stop();
    throw new Error(`cannot listen on 127.0.0.1:${options.port ?? portFromEnv()}: ${errorText(e)}`);
  }
  (options.print ?? ((line: string) => process.stdout.write(`${line}\n`)))(`Mantra is running at ${server.url}`);

  let closing: Promise<void> | null = null;
  return {
    url: server.url,
    port: server.port,
    token,
    dataDir,
    engine,
    store,
    close: () =>
      (closing ??= (async () => {
        await server.close();
        for (const close of closers) await close().catch((e: unknown) => logger.warn(errorText(e)));
        await engine.stop();
      })()),
  };
}

/** Runs the host until SIGINT or SIGTERM, then shuts down cleanly (the store is flushed). */
export async function runHeadless(options: HeadlessOptions = {}): Promise<void> {
  const host = await startHeadless(options);
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      (options.logger ?? consoleLogger).info(`${signal}: stopping`);
      host.close().then(resolve, (e: unknown) => {
        (options.logger ?? consoleLogger).error(`stopping failed: ${errorText(e)}`);
        resolve();
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
