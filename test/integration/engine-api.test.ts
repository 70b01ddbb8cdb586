// The typed API over the engine: inputs checked at the border, themes from packs kept in the
// data directory, stats and the log read back from the files.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api.js';
import { createApi } from '../../main/engine/api.js';
import { openTestEngine, PROFILE, removeDir, type TestEngine } from '../unit/main/engine-harness.js';

const pack = readFileSync(new URL('../../docs/example-theme-pack.json', import.meta.url), 'utf8');
let t: TestEngine | null = null;
afterEach(async () => {
  if (t) {
    await t.engine.stop();
    removeDir(t.dir);
  }
  t = null;
});

describe('createApi', () => {
  it('validates every input and names the bad field', async () => {
    t = await openTestEngine();
    const api = createApi(t.engine, PROFILE);
    await expect(api.pause({ minutes: 0 })).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining('minutes') });
    await expect(api.updateSettings({ fixedTimes: ['25:00'] })).rejects.toThrow(/fixedTimes\.0: must be a time of day/);
    // @ts-expect-error: a field the settings do not have
    await expect(api.updateSettings({ volume: 11 })).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(api.skip()).rejects.toMatchObject({ code: 'refused' });
    await expect(api.getLog({ limit: 5 })).resolves.toEqual([]);
  });

  it('runs the whole loop and reports it in stats and the log', async () => {
    t = await openTestEngine();
    const api = createApi(t.engine, PROFILE);
    const events: string[] = [];
    api.subscribe((e) => events.push(e.type));
    await api.enroll();
    const out = await api.deliverNow();
    expect(out.status.kind).toBe('pending');
    t.clock.advanceBy(60_000);
    const verdict = await api.answer({ text: out.state.current!.text });
    expect(verdict.accepted).toBe(true);
    const stats = await api.getStats();
    expect(stats).toMatchObject({ delivered: 1, answered: 1, timedOut: 0, completionRate: 1, currentStreak: 1, totalPoints: verdict.points });
    const log = await api.getLog({ limit: 2 });
    expect(log.map((e) => e.type)).toEqual(['delivered', 'answered']);
    expect(log[1]).toMatchObject({ channel: 'window' });
    expect(events).toContain('answer');
  });

  it("imports a theme pack into the data directory, lists it, previews it with the profile's names, enables it", async () => {
    t = await openTestEngine();
    const api = createApi(t.engine, PROFILE);
    await api.updateSettings({ subject: 'Ana' });
    const bad = await api.importThemePack({ json: '{"format":"mantra-theme-pack","version":1,"name":"x","themes":[]}' });
    expect(bad).toMatchObject({ ok: false, errors: [expect.stringContaining('themes')] });
    const result = await api.importThemePack({ json: pack });
    expect(result).toMatchObject({ ok: true, themes: ['exam-prep', 'writing'] });
    expect(existsSync(join(t.dir, 'themes', 'study-sessions.json'))).toBe(true);
    const themes = await api.listThemes();
    expect(themes.find((x) => x.id === 'exam-prep')).toMatchObject({ builtIn: false, enabled: false, mantraCount: 5 });
    const preview = await api.previewTheme({ themeId: 'exam-prep' });
    expect(preview[1]).toMatchObject({ template: '{subject} can recall this.', text: 'Ana can recall this.' });
    await expect(api.previewTheme({ themeId: 'nope' })).rejects.toMatchObject({ code: 'not-found' });
    const snap = await api.updateSettings({ themes: ['exam-prep'] });
    expect(snap.settings.themes).toEqual(['exam-prep']);

    // A new engine on the same directory still knows the imported themes.
    await t.engine.stop();
    const again = await openTestEngine({ dir: t.dir });
    t = again;
    again.engine.enroll(PROFILE);
    expect(again.engine.deliverNow(PROFILE).state.current?.theme).toBe('exam-prep');
  });

  it('Discord methods answer "not available" until a mirror is plugged in', async () => {
    t = await openTestEngine();
    const api = createApi(t.engine, PROFILE);
    await expect(api.sendTestDm()).resolves.toMatchObject({ connection: 'off', detail: expect.stringContaining('not available') });
    await expect(api.setDiscord({ userId: '12' })).rejects.toBeInstanceOf(ApiError);
    expect((await api.getSnapshot()).discord.connection).toBe('off');
  });
});
