/**
 * One file with everything of a data directory: settings, state and the full log of every
 * profile. Import checks the whole file first, builds the new data beside the old, then swaps
 * it in; the replaced data is kept in a backup folder.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { describeIssues } from '../../shared/api.js';
import { logEntrySchema } from '../../shared/encounter-log.js';
import { isoTimeSchema, profileSettingsSchema, profileStateSchema } from '../../shared/settings.js';
import { dataFiles, profileIdSchema } from './data-dir.js';
import { DOCUMENT_VERSION, idMap, profileRecordSchema, type MantraDocument } from './document.js';
import type { Store } from './store.js';
import { databaseCaches, openDatabase, writeRecords } from './sqlite-store.js';
import { cacheDirectory } from './file-store.js';
import { loadThemePack } from '../../shared/themes.js';
import { LEDGER_FILE, mirrorConfigSchema, type MirrorConfig } from '../channels/discord/ledger.js';
import { consoleLogger, errorText } from '../logger.js';
import { STATS_CACHE, statsCacheOfEntries } from './stats-cache.js';

export const EXPORT_FORMAT = 'mantra-export';
export const EXPORT_SCHEMA_VERSION = 1;

export const exportSchema = z.strictObject({
  format: z.literal(EXPORT_FORMAT, { message: `must be "${EXPORT_FORMAT}" (is this a Mantra export?)` }),
  schemaVersion: z.literal(EXPORT_SCHEMA_VERSION, { message: `must be ${EXPORT_SCHEMA_VERSION} (the only export version this Mantra reads)` }),
  exportedAt: isoTimeSchema,
  profiles: z
    .array(
      z.strictObject({
        id: profileIdSchema,
        settings: profileSettingsSchema,
        state: profileStateSchema,
        seed: profileRecordSchema.shape.seed,
        log: z.array(logEntrySchema),
      }),
    )
    .superRefine((profiles, ctx) => {
      const seen = new Set<string>();
      for (const [i, p] of profiles.entries()) {
        if (seen.has(p.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `profile "${p.id}" appears twice` });
        seen.add(p.id);
      }
    }),
  /** Imported theme packs, as their files (absent in exports of older versions). */
  themePacks: z
    .array(
      z.strictObject({
        file: z.string().regex(/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}\.json$/, { message: 'a theme pack file name is letters, digits, ".", "-" or "_", ending in .json' }),
        json: z.string().max(2_000_000),
      }),
    )
    .superRefine((packs, ctx) => {
      for (const [i, pack] of packs.entries()) {
        let parsed: unknown;
        try {
          parsed = JSON.parse(pack.json);
        } catch {
          ctx.addIssue({ code: 'custom', path: [i, 'json'], message: `theme pack ${pack.file} is not JSON` });
          continue;
        }
        const loaded = loadThemePack(parsed);
        if (!loaded.ok) ctx.addIssue({ code: 'custom', path: [i, 'json'], message: `theme pack ${pack.file}: ${loaded.errors.join('; ')}` });
      }
    })
    .optional(),
  /** The Discord mirror's settings; never the bot token. */
  discord: mirrorConfigSchema.optional(),
});
export type MantraExport = z.infer<typeof exportSchema>;

/** Everything the store holds, as of now (call after `flush` if an engine is running on it). */
export function exportData(store: Store, now: number, discord: MirrorConfig | null = null): MantraExport {
  return {
    format: EXPORT_FORMAT,
    schemaVersion: EXPORT_SCHEMA_VERSION,
    exportedAt: new Date(now).toISOString(),
    profiles: store.profileIds().map((id) => {
      const record = store.get(id);
      if (!record) throw new Error(`profile "${id}" vanished during export`);
      return { id, settings: record.settings, state: record.state, seed: record.seed, log: store.readLog(id) };
    }),
    themePacks: (store.themePacks?.list() ?? []).map((pack) => ({ file: pack.file, json: pack.read() })),
    ...(discord ? { discord } : {}),
  };
}

/** The Discord mirror's saved settings in a data directory (user id, API base, on/off), if any. */
export function readDiscordSettings(dataDir: string): MirrorConfig | null {
  const file = join(dataDir, LEDGER_FILE);
  if (!existsSync(file)) return null;
  try {
    const r = z.object({ config: mirrorConfigSchema }).safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return r.success ? r.data.config : null;
  } catch {
    return null;
  }
}

export type ParsedExport = { ok: true; data: MantraExport } | { ok: false; errors: string[] };

/** Checks an export file's text completely: JSON, format, every setting, state and log entry. */
export function parseExport(text: string): ParsedExport {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [`not JSON: ${errorText(e)}`] };
  }
  const r = exportSchema.safeParse(json);
  if (!r.success) return { ok: false, errors: r.error.issues.map((issue) => describeIssues([issue])) };
  return { ok: true, data: r.data };
}

export interface ImportOutcome {
  readonly profiles: string[];
  /** Where the data that was replaced now lives; null when there was none. */
  readonly backup: string | null;
}

/**
 * Replaces a data directory's document and logs with a checked export. Nothing is touched
 * until the new files are complete on disk; then two renames swap them in.
 */
export function importData(dataDir: string, data: MantraExport, now: number): ImportOutcome {
  const files = dataFiles(dataDir);
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  const staging = join(dataDir, `.import-${stamp}`);
  // A data directory kept in SQLite (server mode) gets a new database; otherwise a new document.
  const sqlite = existsSync(files.database);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(join(staging, 'logs'), { recursive: true, mode: 0o700 });
  const document: MantraDocument = { version: DOCUMENT_VERSION, profiles: idMap() };
  // Each log's stats index is built from the entries already in hand, so no stats call reads an imported log whole.
  const indexes: [string, string][] = [];
  for (const p of data.profiles) {
    document.profiles[p.id] = { settings: p.settings, state: p.state, seed: p.seed };
    writeFileSync(join(staging, 'logs', `${p.id}.jsonl`), p.log.map((e) => `${JSON.stringify(e)}\n`).join(''), { mode: 0o600 });
    indexes.push([p.id, statsCacheOfEntries(p.log, now)]);
  }
  if (sqlite) {
    const db = openDatabase(join(staging, 'mantra.db'));
    try {
      writeRecords(db, Object.entries(document.profiles));
      const caches = databaseCaches(db);
      db.transaction(() => {
        for (const [id, text] of indexes) caches.set(id, STATS_CACHE, text);
      })();
    } finally {
      db.close();
    }
  } else {
    writeFileSync(join(staging, 'mantra.json'), JSON.stringify(document, null, 2), { mode: 0o600 });
    mkdirSync(join(staging, 'cache'), { recursive: true, mode: 0o700 });
    const caches = cacheDirectory(join(staging, 'cache'), consoleLogger);
    for (const [id, text] of indexes) caches.set(id, STATS_CACHE, text);
  }
  const themes = data.themePacks !== undefined;
  if (themes) {
    mkdirSync(join(staging, 'themes'), { recursive: true, mode: 0o700 });
    for (const pack of data.themePacks ?? []) writeFileSync(join(staging, 'themes', pack.file), pack.json, { mode: 0o600 });
  }
  const discordFile = join(dataDir, LEDGER_FILE);
  // Only the settings: which DMs were open belongs to the replaced data, the token to the OS keychain.
  if (data.discord) writeFileSync(join(staging, LEDGER_FILE), JSON.stringify({ version: 1, config: data.discord, open: {}, recent: [] }, null, 2), { mode: 0o600 });

  const kept = [files.document, files.database, `${files.database}-wal`, `${files.database}-shm`, files.logs, ...(themes ? [files.themes] : []), ...(data.discord ? [discordFile] : [])].filter((f) =>
    existsSync(f),
  );
  const backup = kept.length > 0 ? join(dataDir, `backup-${stamp}`) : null;
  if (backup) {
    mkdirSync(backup, { recursive: true, mode: 0o700 });
    for (const f of kept) renameSync(f, join(backup, basename(f)));
  }
  renameSync(join(staging, 'logs'), files.logs);
  if (themes) renameSync(join(staging, 'themes'), files.themes);
  if (data.discord) renameSync(join(staging, LEDGER_FILE), discordFile);
  if (sqlite) renameSync(join(staging, 'mantra.db'), files.database);
  else renameSync(join(staging, 'mantra.json'), files.document);
  // Derived from the replaced logs: dropped; a file store gets the new logs' indexes.
  rmSync(files.cache, { recursive: true, force: true });
  if (!sqlite) renameSync(join(staging, 'cache'), files.cache);
  rmSync(staging, { recursive: true, force: true });
  return { profiles: data.profiles.map((p) => p.id), backup };
}

export function readExportFile(path: string): ParsedExport {
  return parseExport(readFileSync(path, 'utf8'));
}
