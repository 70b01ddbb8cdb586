import { describe, expect, it } from 'vitest';
import { notificationTitle, systemLocales } from '../../../main/channels/notification-channel.js';
import { wordingOf } from '../../../shared/time-words.js';

const NONE = { locale: null, hourCycle: null } as const;

describe('the system language on the Node side', () => {
  it('reads LC_ALL, LC_TIME and LANG, and asks Intl only when none is set', () => {
    expect(systemLocales({ LC_ALL: '', LC_TIME: 'de_DE.UTF-8', LANG: 'C.UTF-8' })).toEqual(['de_DE.UTF-8', 'C.UTF-8']);
    expect(systemLocales({})).toEqual([Intl.DateTimeFormat().resolvedOptions().locale]);
  });

  it('a C locale is English on a 24-hour clock; a region that says 12 hours keeps them', () => {
    expect(wordingOf(NONE, systemLocales({ LANG: 'C.UTF-8' })).hourCycle).toBe('h23');
    expect(wordingOf(NONE, ['en_US.UTF-8'])).toMatchObject({ tag: 'en-US', hourCycle: null });
    expect(wordingOf({ locale: null, hourCycle: 'h12' }, ['C'])).toMatchObject({ hourCycle: 'h12' });
    const at = Date.UTC(2026, 5, 1, 12, 0);
    const title = (wishes: readonly (string | undefined)[]) => notificationTitle({ at, deadline: at + 4 * 3_600_000, timeZone: 'UTC', locale: NONE }, wishes);
    expect(title(systemLocales({ LANG: 'C.UTF-8' }))).toMatch(/16:00/);
    expect(title(['en_US.UTF-8'])).toMatch(/4:00\sPM/);
  });
});
