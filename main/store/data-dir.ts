/** Where Mantra keeps its files, and the names of those files. */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { profileIdSchema } from './profile-id.js';

/** `MANTRA_DATA_DIR`, else `$XDG_CONFIG_HOME/mantra`, else `~/.config/mantra`. Electron passes its userData instead. */
export function resolveDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.MANTRA_DATA_DIR) return env.MANTRA_DATA_DIR;
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'mantra');
}

export { profileIdSchema } from './profile-id.js';

/** The one profile of the desktop app. */
export const DESKTOP_PROFILE = 'desktop';

export const dataFiles = (dataDir: string) => ({
  document: join(dataDir, 'mantra.json'),
  /** The SQLite store's database (server mode); present instead of mantra.json. */
  database: join(dataDir, 'mantra.db'),
  logs: join(dataDir, 'logs'),
  log: (profileId: string) => join(dataDir, 'logs', `${profileIdSchema.parse(profileId)}.jsonl`),
  themes: join(dataDir, 'themes'),
  /** Derived data (the stats index), safe to delete: rebuilt from the logs. */
  cache: join(dataDir, 'cache'),
  accessToken: join(dataDir, 'access-token'),
});
