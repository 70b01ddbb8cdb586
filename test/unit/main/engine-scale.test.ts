/** Loading and scheduling many profiles without per-profile waste. */
import { describe, expect, it, vi } from 'vitest';
import { ENCOUNTER } from '../../../shared/constants.js';
import { profileSettingsSchema } from '../../../shared/settings.js';
import { isKnownTimeZone } from '../../../shared/zone.js';
import { createManualClock } from '../../../main/engine/clock.js';
import { Engine } from '../../../main/engine/engine.js';
import { createRecordingLogger } from '../../../main/logger.js';
import { MemoryStore } from '../../../main/store/memory-store.js';

describe('many profiles', () => {
  it('the system time zone is looked up once per re-arm, not once per profile and wake', () => {
    const clock = createManualClock(Date.UTC(2026, 5, 1, 10));
    const systemTimeZone = vi.fn(() => 'Europe/Berlin');
    const engine = new Engine({ store: new MemoryStore(), clock, logger: createRecordingLogger(), systemTimeZone });
    engine.start();
    for (let i = 0; i < 50; i++) {
      engine.ensureProfile(`p${i}`);
      engine.enroll(`p${i}`);
    }
    clock.advanceBy(ENCOUNTER.enrollmentDelayMs);
    const afterStart = systemTimeZone.mock.calls.length;
    expect(afterStart).toBeLessThanOrEqual(2);
    expect(engine.snapshot('p7').status.kind).toBe('pending');
    expect(engine.snapshot('p7').timeZone).toBe('Europe/Berlin');
    systemTimeZone.mockReturnValue('Asia/Tokyo');
    engine.rearm('resume');
    expect(systemTimeZone.mock.calls.length).toBe(afterStart + 1);
    expect(engine.snapshot('p7').timeZone).toBe('Asia/Tokyo');
  });

  it('a zone name is checked once, then remembered; an unknown one is still refused', () => {
    const format = vi.spyOn(Intl, 'DateTimeFormat');
    expect(isKnownTimeZone('America/Argentina/Ushuaia')).toBe(true);
    const built = format.mock.calls.length;
    for (let i = 0; i < 100; i++) profileSettingsSchema.parse({ timeZone: 'America/Argentina/Ushuaia' });
    expect(format.mock.calls.length).toBe(built);
    expect(profileSettingsSchema.safeParse({ timeZone: 'Mars/Olympus_Mons' }).success).toBe(false);
    format.mockRestore();
  });
});
