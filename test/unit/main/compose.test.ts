import { afterEach, describe, expect, it, vi } from 'vitest';
import { createManualClock } from '../../../main/engine/clock.js';
import type { Delivery, DeliveryChannel } from '../../../main/engine/ports.js';
import { composeHost } from '../../../main/hosts/compose.js';
import { claimDataDir, DataDirBusyError } from '../../../main/hosts/single-instance.js';
import { createRecordingLogger } from '../../../main/logger.js';
import { MemoryStore } from '../../../main/store/memory-store.js';
import { systemTimeZone, useZoneRules } from '../../../shared/zone.js';
import { removeDir, tempDataDir } from './engine-harness.js';

const START = Date.UTC(2026, 5, 1, 9, 0);
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach(removeDir));

function recordingChannel(): DeliveryChannel & { readonly seen: Delivery[] } {
  const seen: Delivery[] = [];
  return { name: 'recording', seen, deliver: async (d) => void seen.push(d) };
}

describe('composeHost', () => {
  it('takes the data directory, joins the channels before the first timer, and gives everything back in order', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const clock = createManualClock(START);
    const store = new MemoryStore();
    const channel = recordingChannel();
    const order: string[] = [];
    const host = await composeHost({
      dataDir,
      role: 'test',
      logger: createRecordingLogger(),
      host: 'headless',
      clock,
      profileId: 'desktop',
      openStore: () => store,
      parts: () => ({ channels: [channel], start: async () => void order.push('parts started'), stop: async () => void order.push('parts stopped') }),
    });
    expect(order).toEqual(['parts started']);
    // A second process finds the directory taken.
    await expect(composeHost({ dataDir, role: 'second', logger: createRecordingLogger(), host: 'headless', openStore: () => new MemoryStore(), parts: () => ({}) })).rejects.toBeInstanceOf(
      DataDirBusyError,
    );

    host.engine.enroll('desktop');
    clock.advanceBy(60_000);
    await host.engine.channelsIdle();
    expect(channel.seen.map((d) => d.profileId)).toEqual(['desktop']);

    await host.stop();
    await host.stop();
    expect(order).toEqual(['parts started', 'parts stopped']);
    expect(clock.pending()).toEqual([]);
    const claim = await claimDataDir(dataDir, 'after');
    expect(claim.kind).toBe('acquired');
    if (claim.kind === 'acquired') await claim.lock.release();
  });

  it('schedules by the tz database: no Intl.DateTimeFormat for a profile zone or the system zone (~9.5 MB of ICU pages)', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const clock = createManualClock(START);
    const built = vi.spyOn(Intl, 'DateTimeFormat');
    const host = await composeHost({ dataDir, role: 'test', logger: createRecordingLogger(), host: 'headless', clock, profileId: 'desktop', openStore: () => new MemoryStore(), parts: () => ({}) });
    try {
      host.engine.updateSettings('desktop', { timeZone: 'Australia/Lord_Howe' });
      host.engine.enroll('desktop');
      host.engine.rearm('test');
      clock.advanceBy(3_600_000);
      expect(host.engine.snapshot('desktop').timeZone).toBe('Australia/Lord_Howe');
      expect(systemTimeZone(() => undefined)).toBeDefined();
      expect(built).not.toHaveBeenCalled();
    } finally {
      await host.stop();
      built.mockRestore();
      useZoneRules(null);
    }
  });

  it('a part that fails to start lets go of the data directory', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const failing = composeHost({
      dataDir,
      role: 'test',
      logger: createRecordingLogger(),
      host: 'headless',
      clock: createManualClock(START),
      openStore: () => new MemoryStore(),
      parts: () => ({ start: () => Promise.reject(new Error('no network')) }),
    });
    await expect(failing).rejects.toThrow('no network');
    const claim = await claimDataDir(dataDir, 'after');
    expect(claim.kind).toBe('acquired');
    if (claim.kind === 'acquired') await claim.lock.release();
  });
});
