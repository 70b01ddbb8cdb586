/**
 * The Discord status a running host publishes for `mantra doctor`: `discord-status.json` in
 * the data directory, rewritten on every status change and removed at exit. It holds what the
 * Discord page shows (connection, detail, user id, where the token lives), never the token.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { DiscordStatus } from '../../../shared/api.js';
import { discordStatusSaidSchema } from '../../../shared/discord-status.js';
import { errorText, type Logger } from '../../logger.js';
import { writeFileAtomically } from '../../store/atomic-file.js';

export const STATUS_FILE = 'discord-status.json';

const discordStatusSchema = z.object({
  connection: z.enum(['off', 'connecting', 'connected', 'reconnecting', 'bad-token', 'cannot-dm', 'error']),
  detail: z.string().max(2000),
  /** The sentence as data, so doctor words it in its own language (absent from an older host's file). */
  said: discordStatusSaidSchema.optional(),
  userId: z.string().max(40).nullable(),
  hasToken: z.boolean(),
  tokenStorage: z.enum(['encrypted', 'keyring', 'memory', 'none']),
  apiBase: z.string().max(500).nullable(),
  enabled: z.boolean(),
});

const publishedSchema = z.object({
  pid: z.number().int().positive(),
  /** 'headless' or 'electron'. */
  role: z.string().max(40),
  /** When it was written (epoch ms). */
  at: z.number(),
  status: discordStatusSchema,
});
export type PublishedStatus = z.infer<typeof publishedSchema>;

export interface StatusSource {
  status(): DiscordStatus;
  onStatus(listener: (status: DiscordStatus) => void): () => void;
}

/** Writes the status now and on every change; the returned stop removes the file. */
export function publishDiscordStatus(source: StatusSource, options: { dataDir: string; role: string; now: () => number; logger?: Logger }): () => void {
  const file = join(options.dataDir, STATUS_FILE);
  const write = (status: DiscordStatus): void => {
    const published: PublishedStatus = { pid: process.pid, role: options.role, at: options.now(), status };
    try {
      writeFileAtomically(file, `${JSON.stringify(published, null, 2)}\n`);
    } catch (e) {
      options.logger?.warn(`Discord: the status for doctor could not be written: ${errorText(e)}`);
    }
  };
  write(source.status());
  const unsubscribe = source.onStatus(write);
  return () => {
    unsubscribe();
    rmSync(file, { force: true });
  };
}

const running = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it runs, as another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The status a host that is still running published; null when none did (or it is gone). */
export function readPublishedStatus(dataDir: string, isRunning: (pid: number) => boolean = running): PublishedStatus | null {
  const file = join(dataDir, STATUS_FILE);
  if (!existsSync(file)) return null;
  try {
    const r = publishedSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return r.success && isRunning(r.data.pid) ? r.data : null;
  } catch {
    return null;
  }
}
