/** The hosts' rolling log file: lines land in <dataDir>/log, it rolls by size, and a bot token never gets in. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { envSecrets, openFileLogger, startLogger } from '../../../main/hosts/log-file.js';
import { createRecordingLogger } from '../../../main/logger.js';
import { removeDir, tempDataDir } from './engine-harness.js';

// Shaped like a real bot token (base64 id . timestamp . hmac), made up.
const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GAbCdE.abcdefghijklmnopqrstuvwxyz0123456789AB';
const HOST_SECRET = 'an-env-token-of-another-shape-1234';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

function logText(dir: string): string {
  return readdirSync(join(dir, 'log'))
    .map((f) => readFileSync(join(dir, 'log', f), 'utf8'))
    .join('');
}

describe('the log file', () => {
  it('writes one JSON line per message, with level, time and text, and tells stderr the same', async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const also = createRecordingLogger();
    const log = await openFileLogger({ dataDir: dir, also });
    log.info('tray app running');
    log.warn('Discord: connecting');
    log.error('saving failed: disk full');
    await log.close();
    const lines = logText(dir)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { level: number; msg: string; time: string });
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [30, 'tray app running'],
      [40, 'Discord: connecting'],
      [50, 'saving failed: disk full'],
    ]);
    expect(new Date(lines[0]!.time).getTime()).not.toBeNaN();
    expect(also.lines).toEqual(['info: tray app running', 'warn: Discord: connecting', 'error: saving failed: disk full']);
  });

  it('never holds the bot token: neither its shape nor the host-given value, in any message', async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const also = createRecordingLogger();
    const log = await openFileLogger({ dataDir: dir, also, secrets: () => [HOST_SECRET] });
    log.info(`Discord: logging in with ${TOKEN}`);
    log.warn(`request to https://discord.com/api/v10/webhooks/123456789012345678/${TOKEN} failed`);
    log.error(`MANTRA_DISCORD_TOKEN=${HOST_SECRET} was refused`);
    await log.close();
    const text = logText(dir);
    expect(text).toContain('[token]');
    for (const secret of [TOKEN, HOST_SECRET, 'GAbCdE.abcdefghij']) {
      expect(text).not.toContain(secret);
      expect(also.lines.join('\n')).not.toContain(secret);
    }
  });

  it('rolls to a new file past the size and keeps only the newest few', async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const log = await openFileLogger({ dataDir: dir, size: '1k' });
    const files = () => readdirSync(join(dir, 'log'));
    // Write until the file has rolled past mantra.8.log.
    let i = 0;
    await vi.waitFor(() => {
      for (let k = 0; k < 20; k++, i++) log.info(`line ${i} ${'x'.repeat(60)}`);
      expect(files()).toContain('mantra.8.log');
    });
    log.info('the last line');
    await log.close();
    // The oldest went: the current file and 4 before it.
    await vi.waitFor(() => expect(files().length).toBeLessThanOrEqual(5));
    expect(files()).not.toContain('mantra.1.log');
    expect(files.length).toBeLessThanOrEqual(5);
    expect(files().every((f) => /^mantra\.\d+\.log$/.test(f))).toBe(true);
    expect(logText(dir)).toContain('the last line');
  });

  it('a later start goes on in the newest file; a size that is not one is refused', async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const first = await openFileLogger({ dataDir: dir, size: '1k' });
    for (let i = 0; i < 40; i++) first.info(`first run ${i} ${'x'.repeat(60)}`);
    await first.close();
    const files = readdirSync(join(dir, 'log')).sort();
    const second = await openFileLogger({ dataDir: dir, size: '1k' });
    second.info('second run');
    await second.close();
    expect(readdirSync(join(dir, 'log')).sort()).toEqual(files);
    const newest = files.map((f) => Number(/\d+/.exec(f)?.[0])).reduce((a, b) => Math.max(a, b));
    expect(readFileSync(join(dir, 'log', `mantra.${newest}.log`), 'utf8')).toContain('second run');
    await expect(openFileLogger({ dataDir: dir, size: 'big' })).rejects.toThrow(/not a size/);
  });

  it('a host start: lines before the data directory is held reach the file once it is, none with the token', async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const stderr = createRecordingLogger();
    const log = startLogger(stderr);
    log.warn(`Discord: login refused for ${TOKEN}`);
    const file = await log.toFile({ dataDir: dir, secrets: envSecrets({ MANTRA_DISCORD_TOKEN: HOST_SECRET }) });
    log.info(`serving with MANTRA_DISCORD_TOKEN=${HOST_SECRET}`);
    await file.close();
    const text = logText(dir);
    expect(
      text
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { msg: string }).msg),
    ).toEqual(['Discord: login refused for [token]', 'serving with MANTRA_DISCORD_TOKEN=[token]']);
    expect(stderr.lines).toEqual(['warn: Discord: login refused for [token]', 'info: serving with MANTRA_DISCORD_TOKEN=[token]']);
    expect(text + stderr.lines.join('')).not.toContain(HOST_SECRET);
  });
});
