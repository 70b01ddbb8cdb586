/** What the Discord bot writes about times: a day joined to its time as the window joins it, and a list of set times said right in each language. */
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../../shared/api.js';
import { deliveryText, discordWording, modeText, profileWording, statusText } from '../../../main/channels/discord/wording.js';
import { defaultProfileSettings, type DeliveredMantra, type ProfileSettings } from '../../../shared/settings.js';

const NOW = Date.UTC(2026, 5, 1, 10, 0); // Monday, 12:00 in Berlin and Madrid
const HOUR = 3_600_000;
const en = discordWording(null);
const de = discordWording({ locale: 'de', hourCycle: null });
const es = discordWording({ locale: 'es', hourCycle: 'h23' });
const profile = (patch: Partial<ProfileSettings>, timeZone = 'Europe/Madrid') => ({ settings: { ...defaultProfileSettings(), ...patch }, timeZone });
const fixed = (fixedTimes: string[], timeZone?: string) => profile({ mode: 'fixed', fixedTimes }, timeZone);
const stamp = (ms: number) => `<t:${Math.floor(ms / 1000)}:R>`;

describe('fixed and hybrid times', () => {
  it('Spanish says "a la 01:00" for one o\'clock and "a las" otherwise', () => {
    expect(modeText(fixed(['01:00']), es)).toBe('a la 01:00 (Europe/Madrid)');
    expect(modeText(fixed(['13:00']), es)).toBe('a las 13:00 (Europe/Madrid)');
    // On a 12-hour clock 13:00 is one o'clock too.
    expect(modeText(fixed(['13:00']), { ...es, hourCycle: 'h12' })).toMatch(/^a la 01:00\sp\.\s?m\. \(Europe\/Madrid\)$/);
    expect(modeText(profile({ mode: 'hybrid', hybridTimes: ['01:00'], hybridWindowMinutes: 30 }), es)).toBe('cerca de la 01:00 ±30 min, en el momento mejor aprendido (Europe/Madrid)');
  });

  it('a list is joined as each language joins one, with one article when all agree and one each when they do not', () => {
    expect(modeText(fixed(['09:00', '13:30', '20:00']), es)).toBe('a las 09:00, 13:30 y 20:00 (Europe/Madrid)');
    expect(modeText(fixed(['01:00', '13:00']), es)).toBe('a la 01:00 y a las 13:00 (Europe/Madrid)');
    expect(modeText(fixed(['09:00', '13:30', '20:00'], 'Europe/Berlin'), en)).toBe('at 09:00, 13:30 and 20:00 (Europe/Berlin)');
    expect(modeText(fixed(['01:00', '13:00'], 'Europe/Berlin'), en)).toBe('at 01:00 and 13:00 (Europe/Berlin)');
    expect(modeText(fixed(['09:00', '13:30', '20:00'], 'Europe/Berlin'), de)).toBe('um 09:00, 13:30 und 20:00 (Europe/Berlin)');
  });
});

describe('a day and its time', () => {
  it('joins them with "at", "um", "a la" as the window does, not "tomorrow 01:00"', () => {
    const at = NOW + 13 * HOUR; // 01:00 tomorrow in Berlin
    const waiting = { kind: 'waiting', nextAt: at } as const;
    expect(statusText(waiting, 'Europe/Berlin', NOW, en)).toBe(`Next mantra: tomorrow at 01:00 (Europe/Berlin) ${stamp(at)}.`);
    expect(statusText(waiting, 'Europe/Berlin', NOW, de)).toBe(`Nächstes Mantra: morgen um 01:00 (Europe/Berlin) ${stamp(at)}.`);
    expect(statusText(waiting, 'Europe/Berlin', NOW, es)).toBe(`Próximo mantra: mañana a la 01:00 (Europe/Berlin) ${stamp(at)}.`);
    expect(statusText({ kind: 'paused', until: NOW + 2 * HOUR }, 'Europe/Berlin', NOW, en)).toBe(`Paused until today at 14:00 (Europe/Berlin) ${stamp(NOW + 2 * HOUR)}.`);
    expect(statusText({ kind: 'paused', until: NOW + 3 * 24 * HOUR }, 'Europe/Berlin', NOW, en)).toMatch(/^Paused until Thu 4 Jun at 12:00 \(Europe\/Berlin\)/);
  });

  it('Spanish puts "el" before a date and never writes "de el"', () => {
    const deadline = NOW + 61 * HOUR; // Thursday 01:00
    const mantra: DeliveredMantra = { id: 'focus/1', theme: 'focus', template: 'I keep going.', text: 'I keep going.', difficulty: 'easy', basePoints: 10 };
    const dm = deliveryText(mantra, deadline, 'Europe/Madrid', NOW, es);
    expect(dm).toMatch(/tienes hasta el jue, 4 jun a la 01:00 \(Europe\/Madrid\)/);
    expect(dm).not.toMatch(/\bde el\b/);
  });
});

describe("profileWording: the one way inbox, outbox and commands pick a profile's words", () => {
  const engineWith = (settings: ProfileSettings | 'unreadable' | null) => ({
    hasProfile: () => settings !== null,
    snapshot: (): Snapshot => {
      if (settings === 'unreadable') throw new Error('store unreadable');
      // Only the settings matter to the wording.
      return { settings } as unknown as Snapshot;
    },
  });
  const german = { ...defaultProfileSettings(), locale: 'de' as const, hourCycle: 'h12' as const };

  it("speaks the profile's language and clock over the client's", () => {
    const w = profileWording(engineWith(german), 'p1', 'es-ES');
    expect(w.tag).toBe('de');
    expect(w.hourCycle).toBe('h12');
  });

  it("falls back to the client's language for a missing or unreadable profile, else English", () => {
    expect(profileWording(engineWith(null), 'p1', 'es-ES').tag).toBe('es');
    expect(profileWording(engineWith('unreadable'), 'p1', 'es-ES').tag).toBe('es');
    expect(profileWording(engineWith('unreadable'), 'p1').tag).toBe('en-GB');
    expect(profileWording(engineWith(null), 'p1').t('discord.notForYou')).toBe(discordWording(null).t('discord.notForYou'));
  });
});
