import { describe, expect, it } from 'vitest';
import { describeIssues, parseApiInput } from '../../../shared/api.js';
import { defaultProfileSettings, deliveryModeOf, profileSettingsSchema, profileStateSchema, shortcutFault } from '../../../shared/settings.js';

const shortcutProblem = (accelerator: string): string | null => shortcutFault(accelerator)?.message ?? null;

describe('profile settings', () => {
  it('takes an Electron accelerator with a modifier as the answer shortcut, or none', () => {
    expect(defaultProfileSettings()).toMatchObject({ answerShortcut: 'CommandOrControl+Shift+M', notificationSound: false });
    for (const ok of ['CommandOrControl+Shift+M', 'Alt+F4', 'Super+Space', 'Ctrl+Alt+Up', 'Shift+num5', 'CmdOrCtrl+,', 'Ctrl++', 'Meta+F24']) expect(shortcutProblem(ok), ok).toBeNull();
    expect(shortcutProblem('M')).toMatch(/needs a modifier/);
    expect(shortcutProblem('Hyper+M')).toBe('"Hyper" is not a modifier (use CommandOrControl, Control, Alt, Shift, Super or Meta)');
    expect(shortcutProblem('Ctrl+Ctrl+M')).toBe('names a modifier twice');
    expect(shortcutProblem('Ctrl+Shift+MM')).toMatch(/"MM" is not a key/);
    expect(shortcutProblem('Ctrl+F25')).toMatch(/"F25" is not a key/);
    expect(profileSettingsSchema.parse({ answerShortcut: '  Alt+M ' }).answerShortcut).toBe('Alt+M');
    expect(profileSettingsSchema.parse({ answerShortcut: '' }).answerShortcut).toBe('');
    expect(profileSettingsSchema.safeParse({ answerShortcut: 'Shift' }).success).toBe(false);
  });

  it('moves favorites of reworded shipped mantras to the new wording, and keeps every other favorite', () => {
    const s = profileSettingsSchema.parse({ favorites: ['I can do this.', 'My own words.', '{subject} can do this.'] });
    expect(s.favorites).toEqual(['{subject} can do this.', 'My own words.']);
    expect(profileSettingsSchema.parse(s).favorites).toEqual(s.favorites);
  });

  it('has a default for everything', () => {
    const s = defaultProfileSettings();
    expect(s.mode).toBe('adaptive');
    expect(s.intervalHours).toBe(4);
    expect(s.fixedTimes).toEqual(['09:00', '14:00', '19:00']);
    expect(s.themes.length).toBeGreaterThan(0);
  });

  it('names the field and the problem of bad input', () => {
    const r = profileSettingsSchema.safeParse({ intervalHours: 25, fixedTimes: ['25:00'], timeZone: 'Mars/Olympus' });
    expect(r.success).toBe(false);
    const text = describeIssues(r.error!.issues);
    expect(text).toMatch(/intervalHours: interval must be at most 24 hours/);
    expect(text).toMatch(/fixedTimes\.0: must be a time of day as HH:MM/);
    expect(text).toMatch(/timeZone: unknown time zone/);
  });

  it('a partial update keeps the fields it does not name', () => {
    const patch = parseApiInput('updateSettings', { subject: 'Sam' });
    expect(patch).toEqual({ subject: 'Sam' });
    expect(() => parseApiInput('updateSettings', { subjekt: 'Sam' })).toThrow(/Unrecognized key/);
  });

  it('maps the chosen mode to what the scheduler needs', () => {
    const s = { ...defaultProfileSettings(), mode: 'fixed' as const };
    expect(deliveryModeOf(s)).toEqual({ kind: 'fixed', times: ['09:00', '14:00', '19:00'] });
    expect(deliveryModeOf({ ...s, mode: 'interval', intervalHours: 6 })).toEqual({ kind: 'interval', hours: 6 });
  });

  it('rejects a state whose curve is not 24 hours', () => {
    const r = profileStateSchema.safeParse({ curve: [0.5, 0.5] });
    expect(r.success).toBe(false);
    expect(describeIssues(r.error!.issues)).toMatch(/curve: the curve has exactly 24 hours/);
  });
});

describe('api input borders', () => {
  it('refuses unknown shapes with the field named', () => {
    expect(() => parseApiInput('answer', { text: 42 })).toThrow(/invalid input for answer: text:/);
    expect(() => parseApiInput('pause', { minutes: 0 })).toThrow(/invalid input for pause/);
    expect(() => parseApiInput('setDiscord', { userId: 'me' })).toThrow(/userId: a Discord user ID is a number/);
    expect(parseApiInput('pause', { until: 'tomorrow' })).toEqual({ until: 'tomorrow' });
  });
});
