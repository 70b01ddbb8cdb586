/**
 * The log file of the tray app and the hosts: one JSON line per message (pino), in
 * `<dataDir>/log/mantra.N.log`, rolled at 1 MB with the 5 newest files kept (pino-roll), so
 * what happened at login, when no terminal was watching, can be read afterwards.
 * Every line is scrubbed first: a Discord token (its shape, or the value itself) never
 * reaches the file or stderr, whoever wrote the message.
 */
import { join } from 'node:path';
import { pino } from 'pino';
import roll from 'pino-roll';
import { scrub } from '../channels/discord/faults.js';
import type { Logger } from '../logger.js';

export const LOG_DIR = 'log';
export const LOG_FILE_SIZE = '1m';
/** Files kept besides the one being written. */
export const LOG_FILES_KEPT = 4;

export interface FileLoggerOptions {
  readonly dataDir: string;
  /** Where each line also goes (stderr by default, via consoleLogger). */
  readonly also?: Logger;
  /** Secret values to blank out besides anything shaped like a bot token (the host's token). */
  readonly secrets?: () => readonly (string | null | undefined)[];
  readonly size?: string;
}

export interface FileLogger extends Logger {
  /** The folder the log files are in. */
  readonly dir: string;
  /** Writes to the file only (lines `also` has had already). */
  readonly fileOnly: Logger;
  /** Writes what is buffered and closes the file. */
  close(): Promise<void>;
}

/** The host-given token (server mode, or set for testing): blanked out of the log whatever its shape. */
export const envSecrets =
  (env: NodeJS.ProcessEnv = process.env) =>
  (): readonly (string | undefined)[] => [env.MANTRA_DISCORD_TOKEN];

/** Opens (creating) the rolling log file of a data directory. */
export async function openFileLogger(options: FileLoggerOptions): Promise<FileLogger> {
  const dir = join(options.dataDir, LOG_DIR);
  const stream = await roll({ file: join(dir, 'mantra'), extension: '.log', size: options.size ?? LOG_FILE_SIZE, limit: { count: LOG_FILES_KEPT }, mkdir: true, sync: true });
  const file = pino({ base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime }, stream);
  const clean = (m: string): string => scrub(m, options.secrets?.() ?? []);
  const also = options.also;
  return {
    dir,
    fileOnly: {
      info: (m) => file.info(clean(m)),
      warn: (m) => file.warn(clean(m)),
      error: (m) => file.error(clean(m)),
    },
    info: (m) => {
      const line = clean(m);
      file.info(line);
      also?.info(line);
    },
    warn: (m) => {
      const line = clean(m);
      file.warn(line);
      also?.warn(line);
    },
    error: (m) => {
      const line = clean(m);
      file.error(line);
      also?.error(line);
    },
    close: () =>
      new Promise<void>((resolve) => {
        file.flush(() => {
          stream.once('close', () => resolve());
          stream.end();
        });
      }),
  };
}

/**
 * A logger for a host's start: it writes to `also` (stderr) at once and keeps the lines,
 * so that once the host holds its data directory (`toFile`), the file gets them too. A host
 * that finds the directory held by another Mantra never opens the file that one writes.
 */
export interface StartLogger extends Logger {
  /** Opens the data directory's log file, writes the lines kept so far into it, and goes on there. */
  toFile(options: Omit<FileLoggerOptions, 'also'>): Promise<FileLogger>;
}

const EARLY_LINES_KEPT = 500;

export function startLogger(also: Logger): StartLogger {
  const early: [keyof Logger, string][] = [];
  let file: FileLogger | null = null;
  const line = (level: keyof Logger) => (raw: string) => {
    if (file) return file[level](raw);
    const m = scrub(raw);
    also[level](m);
    if (early.length < EARLY_LINES_KEPT) early.push([level, m]);
  };
  return {
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
    async toFile(options) {
      const opened = await openFileLogger({ ...options, also });
      // Already on stderr: only the file gets the early lines.
      for (const [level, m] of early.splice(0)) opened.fileOnly[level](m);
      file = opened;
      return opened;
    },
  };
}
