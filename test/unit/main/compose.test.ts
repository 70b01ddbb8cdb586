import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createManualClock } from '../../../main/engine/clock.js';
import type { Delivery, DeliveryChannel, DeliveryGate } from '../../../main/engine/ports.js';
import { composeHost } from '../../../main/hosts/compose.js';
import { LOG_DIR, startLogger } from '../../../main/hosts/log-file.js';
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
      gate: () => undefined,
      clock,
      profileId: 'desktop',
      openStore: () => store,
      parts: () => ({ channels: [channel], start: async () => void order.push('parts started'), stop: async () => void order.push('parts stopped') }),
    });
    expect(order).toEqual(['parts started']);
    // A second process finds the directory taken.
    await expect(
      composeHost({ dataDir, role: 'second', logger: createRecordingLogger(), host: 'headless', gate: () => undefined, openStore: () => new MemoryStore(), parts: () => ({}) }),
    ).rejects.toBeInstanceOf(DataDirBusyError);

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
    const host = await composeHost({
      dataDir,
      role: 'test',
      logger: createRecordingLogger(),
      host: 'headless',
      gate: () => undefined,
      clock,
      profileId: 'desktop',
      openStore: () => new MemoryStore(),
      parts: () => ({}),
    });
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
      gate: () => undefined,
      clock: createManualClock(START),
      openStore: () => new MemoryStore(),
      parts: () => ({ start: () => Promise.reject(new Error('no network')) }),
    });
    await expect(failing).rejects.toThrow('no network');
    const claim = await claimDataDir(dataDir, 'after');
    expect(claim.kind).toBe('acquired');
    if (claim.kind === 'acquired') await claim.lock.release();
  });

  it('gives back what the recipe built: the gate (handed to the parts too) and the parts, so a host reads its pieces without a "was not built" check', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const away = { holds: () => true, why: 'away' } satisfies DeliveryGate & { why: string };
    const channel = recordingChannel();
    const host = await composeHost({
      dataDir,
      role: 'test',
      logger: createRecordingLogger(),
      host: 'headless',
      clock: createManualClock(START),
      profileId: 'desktop',
      openStore: () => new MemoryStore(),
      gate: () => away,
      parts: (_engine, _store, gate) => ({ channels: [channel], channel, heldBy: gate.why }),
    });
    try {
      expect(host.gate).toBe(away);
      expect(host.parts.channel).toBe(channel);
      expect(host.parts.heldBy).toBe('away');
    } finally {
      await host.stop();
    }
  });

  it("a host's start logger goes on into the data directory's log file once the lock is held, early lines first, and is closed on stop; a host that finds the directory taken never writes there", async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const stderr = createRecordingLogger();
    const logger = startLogger(stderr);
    logger.info('before the lock');
    const recipe = { dataDir, role: 'test', host: 'headless' as const, clock: createManualClock(START), openStore: () => new MemoryStore(), gate: () => undefined, parts: () => ({}) };
    const host = await composeHost({ ...recipe, logger, secrets: () => ['s3cret-value'] });
    const second = startLogger(createRecordingLogger());
    second.info('second host starting');
    await expect(composeHost({ ...recipe, logger: second })).rejects.toBeInstanceOf(DataDirBusyError);
    logger.info('running with s3cret-value');
    await host.stop();
    logger.info('after the stop');
    const text = readdirSync(join(dataDir, LOG_DIR))
      .map((f) => readFileSync(join(dataDir, LOG_DIR, f), 'utf8'))
      .join('');
    const lines = text
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(lines[0]).toBe('before the lock');
    expect(lines).toContain('running with [token]');
    expect(lines).not.toContain('second host starting');
    expect(lines).not.toContain('after the stop');
    // The terminal got every line, the last one too.
    expect(stderr.lines.at(-1)).toBe('info: after the stop');
  });

  it('a logger a caller passed in (a test, the CLI) is used as it is: no log file', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const host = await composeHost({
      dataDir,
      role: 'test',
      logger: createRecordingLogger(),
      host: 'headless',
      clock: createManualClock(START),
      openStore: () => new MemoryStore(),
      gate: () => undefined,
      parts: () => ({}),
    });
    await host.stop();
    expect(existsSync(join(dataDir, LOG_DIR))).toBe(false);
  });
});
