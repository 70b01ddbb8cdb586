/**
 * The log file of the tray app and the hosts: one JSON line per message (`level` 30/40/50,
 * `time`, `pid`, `msg`, as pino writes them), in `<dataDir>/log/mantra.N.log`, rolled at 1 MB
 * with the 5 newest files kept, so what happened at login, when no terminal was watching, can
 * be read afterwards. Every line is scrubbed first: a Discord token (its shape, or the value
 * itself) never reaches the file or stderr, whoever wrote the message.
 *
 * Written here rather than with pino + pino-roll: those two (and pino-roll's date-fns, some
 * 300 modules) held about 4.5 MB of an idle `mantra serve`'s memory to write a few lines a day.
 */
import { closeSync, mkdirSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { scrub } from '../channels/discord/faults.js';
import type { Logger } from '../logger.js';
import type { TerminalSaid } from '../../shared/i18n/terminal-words.js';

export const LOG_DIR = 'log';
export const LOG_FILE_SIZE = '1m';
/** Files kept besides the one being written. */
export const LOG_FILES_KEPT = 4;

const LEVELS = { info: 30, warn: 40, error: 50 } as const;
const FILE_NAME = /^mantra\.(\d+)\.log$/;

/** "1m", "512k", "2g" or a number of bytes. */
export function sizeInBytes(size: string): number {
  const m = /^(\d+)\s*([kmg]?)b?$/i.exec(size.trim());
  if (!m) throw new Error(`log file size "${size}" is not a size (e.g. 1m, 512k)`);
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(m[2] ?? '').toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Number(m[1]) * unit;
}

/** Appends lines synchronously to mantra.N.log, moving to N + 1 past `limit` bytes and deleting all but the newest files. */
class RollingFile {
  private fd: number;
  private size: number;
  private number: number;

  constructor(
    private readonly dir: string,
    private readonly limit: number,
    private readonly kept: number,
  ) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // Goes on in the newest file a previous run left.
    this.number = Math.max(1, ...this.numbers());
    this.fd = openSync(this.path(this.number), 'a', 0o600);
    this.size = statSync(this.path(this.number)).size;
  }

  write(line: string): void {
    const bytes = Buffer.from(line, 'utf8');
    if (this.size > 0 && this.size + bytes.length > this.limit) this.roll();
    for (let done = 0; done < bytes.length;) done += writeSync(this.fd, bytes, done);
    this.size += bytes.length;
  }

  close(): void {
    closeSync(this.fd);
  }

  private roll(): void {
    closeSync(this.fd);
    this.number++;
    this.fd = openSync(this.path(this.number), 'a', 0o600);
    this.size = 0;
    for (const n of this.numbers()) if (n <= this.number - this.kept - 1) rmSync(this.path(n), { force: true });
  }

  private numbers(): number[] {
    return readdirSync(this.dir).flatMap((f) => {
      const m = FILE_NAME.exec(f);
      return m ? [Number(m[1])] : [];
    });
  }

  private path(n: number): string {
    return join(this.dir, `mantra.${n}.log`);
  }
}

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
  const file = new RollingFile(dir, sizeInBytes(options.size ?? LOG_FILE_SIZE), LOG_FILES_KEPT);
  let open = true;
  const write = (level: keyof Logger, msg: string): void => {
    if (!open) return;
    try {
      file.write(`${JSON.stringify({ level: LEVELS[level], time: new Date().toISOString(), pid: process.pid, msg })}\n`);
    } catch {
      // A full disk must not stop the app; the line still went to `also` (stderr).
    }
  };
  const clean = (m: string): string => scrub(m, options.secrets?.() ?? []);
  const also = options.also;
  const line =
    (level: keyof Logger) =>
    (m: string, said?: TerminalSaid): void => {
      const text = clean(m);
      write(level, text);
      also?.[level](text, said);
    };
  return {
    dir,
    fileOnly: {
      info: (m) => write('info', clean(m)),
      warn: (m) => write('warn', clean(m)),
      error: (m) => write('error', clean(m)),
    },
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
    close: () => {
      if (open) file.close();
      open = false;
      return Promise.resolve();
    },
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

/** A host's own start logger (not one a caller or a test passed in): it is the one that moves into the log file. */
export function isStartLogger(logger: Logger): logger is StartLogger {
  return 'toFile' in logger && typeof logger.toFile === 'function';
}

export function startLogger(also: Logger): StartLogger {
  const early: [keyof Logger, string][] = [];
  let file: FileLogger | null = null;
  const line = (level: keyof Logger) => (raw: string, said?: TerminalSaid) => {
    if (file) return file[level](raw, said);
    const m = scrub(raw);
    also[level](m, said);
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
