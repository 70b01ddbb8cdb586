import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createRecordingLogger } from '../../main/logger.js';
import { openFileStore } from '../../main/store/file-store.js';
import { defaultProfileSettings, initialProfileState } from '../../shared/settings.js';
import { removeDir, tempDataDir } from '../unit/main/engine-harness.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

describe('a mantra.json with some bad fields', () => {
  it('keeps every field that still parses, moves the file aside and says what was reset', async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const good = await openFileStore({ dataDir: dir, logger: createRecordingLogger(), writeDelayMs: 1 });
    good.put('desktop', { settings: { ...defaultProfileSettings(), subject: 'we', intervalHours: 6 }, state: initialProfileState(), seed: 42 });
    await good.flush();
    const doc = JSON.parse(readFileSync(join(dir, 'mantra.json'), 'utf8')) as { profiles: Record<string, { settings: Record<string, unknown> }> };
    doc.profiles.desktop!.settings.intervalHours = 99;
    doc.profiles.desktop!.settings.quietHours = 'never';
    writeFileSync(join(dir, 'mantra.json'), JSON.stringify(doc));

    const logger = createRecordingLogger();
    const store = await openFileStore({ dataDir: dir, logger, writeDelayMs: 1 });
    const record = store.get('desktop')!;
    expect(record.settings.subject).toBe('we');
    expect(record.seed).toBe(42);
    expect(record.settings.intervalHours).toBe(4);
    expect(store.notes).toHaveLength(1);
    expect(store.notes[0]!.text).toMatch(/moved it to .*mantra\.json\.corrupt-.* and rebuilt state from the logs; back to their defaults: desktop: intervalHours, desktop: quietHours\.$/);
    // The window words the banner from these parts in its own language.
    expect(store.notes[0]!.settingsReset).toMatchObject({
      file: join(dir, 'mantra.json'),
      aside: expect.stringMatching(/mantra\.json\.corrupt-/) as unknown,
      resets: [
        { what: 'setting', profile: 'desktop', key: 'intervalHours' },
        { what: 'setting', profile: 'desktop', key: 'quietHours' },
      ],
    });
    expect(store.notes[0]!.settingsReset.error).not.toBe('');
    expect(readdirSync(dir).some((f) => f.startsWith('mantra.json.corrupt-'))).toBe(true);
    expect(logger.lines.some((l) => l.includes('back to their defaults'))).toBe(true);
    await store.flush();
    expect(existsSync(join(dir, 'mantra.json'))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'mantra.json'), 'utf8'))).toMatchObject({ profiles: { desktop: { settings: { subject: 'we' } } } });
  });
});

describe('data files', () => {
  it("are the owner's alone (0600), whatever the umask", async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const old = process.umask(0o022);
    try {
      const store = await openFileStore({ dataDir: dir, logger: createRecordingLogger(), writeDelayMs: 1 });
      store.put('desktop', { settings: defaultProfileSettings(), state: initialProfileState(), seed: 1 });
      store.appendLog('desktop', [{ type: 'unenrolled', at: 1 }]);
      await store.flush();
      expect(statSync(join(dir, 'mantra.json')).mode & 0o777).toBe(0o600);
      expect(statSync(join(dir, 'logs', 'desktop.jsonl')).mode & 0o777).toBe(0o600);
    } finally {
      process.umask(old);
    }
  });
});
