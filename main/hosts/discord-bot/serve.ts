/**
 * `mantra serve --discord`: the engine headless as a Discord bot for many users, as the seed
 * ran. Whoever runs `/mantra enroll` in the bot's DM gets a profile `discord-<userId>` with
 * its own curve and log; DMs are routed by author. Configured from the environment:
 *   MANTRA_DISCORD_TOKEN  the bot token (required)
 *   MANTRA_DISCORD_API    REST base URL of a Discord-compatible server (optional)
 */
import { discordStatusWords } from '../../../shared/i18n/discord-status-words.js';
import { z } from 'zod';
import type { DiscordStatus } from '../../../shared/api.js';
import { DiscordMirror, DISCORD_API, type DiscordMirrorOptions } from '../../channels/discord/mirror.js';
import { sleepAwareClock, type Clock } from '../../engine/clock.js';
import type { Engine } from '../../engine/engine.js';
import { consoleLogger, errorText, type Logger } from '../../logger.js';
import { envSecrets, startLogger } from '../log-file.js';
import { resolveDataDir } from '../../store/data-dir.js';
import { composeHost } from '../compose.js';
import { DataDirBusyError, howToStop, STOP_SIGNALS } from '../single-instance.js';
import { openSqliteStore, type SqliteStore } from '../../store/sqlite-store.js';
import { translator, type TFunction } from '../../../shared/i18n/i18n.js';

export interface DiscordServerOptions {
  /** Default: MANTRA_DATA_DIR, else the XDG config dir (as every command). */
  readonly dataDir?: string;
  /** Where MANTRA_DISCORD_TOKEN / MANTRA_DISCORD_API are read; default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  readonly logger?: Logger;
  readonly clock?: Clock;
  /** Unused: the SQLite store writes each change as it comes (kept so callers need not change). */
  readonly writeDelayMs?: number;
  /** How long to wait for the first login before returning (the bot keeps retrying after). */
  readonly loginWaitMs?: number;
  /** Tuning for tests. */
  readonly mirror?: Partial<Pick<DiscordMirrorOptions, 'backoff' | 'readyTimeoutMs' | 'callTimeoutMs' | 'rest'>>;
  /** The language of the reasons it will not start (the CLI's); default English. */
  readonly t?: TFunction;
}

export interface DiscordServer {
  readonly dataDir: string;
  readonly engine: Engine;
  readonly store: SqliteStore;
  readonly mirror: DiscordMirror;
  status(): DiscordStatus;
  /** Disconnects, cancels timers and writes the store; safe to call twice. */
  stop(): Promise<void>;
}

/** A failure to start that the operator must fix; the message says how. */
export class DiscordServeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DiscordServeError';
  }
}

const apiSchema = z.url({ protocol: /^https?$/ });

/** The token and REST base from the environment, or a DiscordServeError saying what is missing (in `t`'s language). */
export function discordServerEnv(env: NodeJS.ProcessEnv = process.env, t: TFunction = translator('en')): { token: string; apiBase: string | undefined } {
  const token = env.MANTRA_DISCORD_TOKEN?.replace(/^(Bot|Bearer)\s+/i, '').trim();
  if (!token) throw new DiscordServeError(t('cliHost.noToken'));
  const raw = env.MANTRA_DISCORD_API?.trim();
  if (!raw) return { token, apiBase: undefined };
  const r = apiSchema.safeParse(raw);
  if (!r.success) throw new DiscordServeError(t('cliHost.badApi', { raw }));
  return { token, apiBase: r.data.replace(/\/+$/, '') };
}

/**
 * Starts the bot and resolves once its first login has an outcome. A refused token is
 * fatal (DiscordServeError, nothing left running); an unreachable Discord is not: the
 * bot keeps retrying with backoff and the returned server is live.
 */
export async function startDiscordServer(options: DiscordServerOptions = {}): Promise<DiscordServer> {
  const t = options.t ?? translator('en');
  const env = options.env ?? process.env;
  const { token, apiBase } = discordServerEnv(env, t);
  const logger = options.logger ?? consoleLogger;
  const clock = options.clock ?? sleepAwareClock;
  const dataDir = options.dataDir ?? resolveDataDir(env);
  // The mirror is built inside the recipe, once the engine it answers into exists, and comes back in `parts`.
  const composed = await composeHost({
    dataDir,
    role: 'discord-bot',
    logger,
    secrets: envSecrets(env),
    host: 'headless',
    clock,
    // Many profiles: one SQLite row each, durable per change (docs/scaling.md).
    openStore: () => openSqliteStore({ dataDir, logger }),
    closeStore: (store) => store.close(),
    gate: () => undefined,
    parts: (engine) => {
      const mirror = new DiscordMirror({ ...options.mirror, engine, audience: 'open', dataDir, token, ...(apiBase ? { apiBase } : {}), logger, now: () => clock.now() });
      // The mirror starts before the first timer, so deliveries that come due at start already reach Discord.
      return { channels: [mirror], discord: mirror, mirror, start: async () => void (await mirror.start()), stop: () => mirror.stop() };
    },
  }).catch(async (e: unknown): Promise<never> => {
    if (!(e instanceof DataDirBusyError)) throw e;
    const hello = await e.ask({ kind: 'hello' });
    throw new DiscordServeError(t('cliHost.notStarted', { how: howToStop(hello.ok ? hello.info : null, t) }));
  });
  composed.lock.serve({ role: 'discord-bot', url: null }, async () => []);
  const { engine, store } = composed;
  const started = composed.parts.mirror;
  const server: DiscordServer = {
    dataDir,
    engine,
    store,
    mirror: started,
    status: () => started.status(),
    stop: () => composed.stop(),
  };

  const status = await started.whenSettled(options.loginWaitMs ?? 30_000);
  if (status.connection === 'bad-token') {
    await server.stop();
    throw new DiscordServeError(`${discordStatusWords(status, t)} (MANTRA_DISCORD_TOKEN${apiBase ? `, ${apiBase}` : ''})`);
  }
  const where = apiBase && apiBase !== DISCORD_API ? ` via ${apiBase}` : '';
  logger.info(`Discord bot serving ${store.profileIds().filter((id) => id.startsWith('discord-')).length} enrolled user(s) from ${dataDir}${where}: ${status.detail}`);
  return server;
}

/**
 * `mantra serve --discord`: starts the bot and resolves once it has stopped, on SIGINT or
 * SIGTERM (as systemd sends) or when `signal` aborts. Rejects with DiscordServeError when
 * it cannot start; the store is flushed either way.
 */
export async function runDiscordServer(options: DiscordServerOptions & { readonly signal?: AbortSignal } = {}): Promise<void> {
  // Without a logger given: stderr, and the data directory's log file once this bot holds it (composeHost).
  const logger = options.logger ?? startLogger(consoleLogger);
  const server = await startDiscordServer({ ...options, logger });
  await new Promise<void>((resolve) => {
    const stop = (why: string): void => {
      for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
      options.signal?.removeEventListener('abort', onAbort);
      logger.info(`${why}: stopping the Discord bot`);
      server.stop().then(resolve, (e: unknown) => {
        logger.error(`stopping failed: ${errorText(e)}`);
        resolve();
      });
    };
    const onSignal = (signal: NodeJS.Signals): void => stop(signal);
    const onAbort = (): void => stop('aborted');
    for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
    if (options.signal?.aborted) stop('aborted');
    else options.signal?.addEventListener('abort', onAbort, { once: true });
  });
}
