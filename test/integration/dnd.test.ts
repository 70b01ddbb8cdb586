// Do-not-disturb against a real dunst (paused and resumed with dunstctl), and the engine's
// delivery held while it is paused: not a miss, sent when notifications are on again.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DndGate, anyGate, readLinuxDnd, runWith, type Run } from '../../main/channels/dnd.js';
import { createRecordingLogger } from '../../main/logger.js';
import { startDesktopSession, type DesktopSession } from '../fakes/desktop-session.js';
import { openTestEngine, PROFILE, removeDir } from '../unit/main/engine-harness.js';
import type { Engine } from '../../main/engine/engine.js';
import type { GateContext } from '../../main/engine/ports.js';

describe('reading do-not-disturb without a desktop', () => {
  it('falls back to GNOME show-banners when dunst does not answer, and is unknown when nothing does', async () => {
    const gnomeOff: Run = async (file) => {
      if (file === 'dunstctl') throw new Error('dunstctl: not running');
      return 'false\n';
    };
    expect(await readLinuxDnd(gnomeOff)).toBe('silenced');
    const gnomeOn: Run = async (file) => (file === 'dunstctl' ? Promise.reject(new Error('no')) : 'true\n');
    expect(await readLinuxDnd(gnomeOn)).toBe('open');
    expect(await readLinuxDnd(async () => Promise.reject(new Error('nothing')))).toBe('unknown');
  });

  it('anyGate holds when one gate holds, and asks every gate', () => {
    const asked: string[] = [];
    const gate = (name: string, holds: boolean) => ({ holds: () => (asked.push(name), holds) });
    expect(anyGate(gate('a', false), gate('b', true)).holds({} as GateContext)).toBe(true);
    expect(anyGate(gate('c', false)).holds({} as GateContext)).toBe(false);
    expect(asked).toEqual(['a', 'b', 'c']);
  });
});

describe.runIf(process.platform === 'linux')('do-not-disturb on a real dunst', () => {
  let session: DesktopSession;
  let run: Run;
  beforeAll(async () => {
    session = await startDesktopSession();
    run = runWith({ ...process.env, ...session.env });
  });
  afterAll(async () => {
    await session?.close();
  });

  it('reads dunst paused and resumed', async () => {
    expect(await readLinuxDnd(run)).toBe('open');
    await run('dunstctl', ['set-paused', 'true']);
    expect(await readLinuxDnd(run)).toBe('silenced');
    await run('dunstctl', ['set-paused', 'false']);
    expect(await readLinuxDnd(run)).toBe('open');
  });

  it('a mantra due while dunst is paused waits (no miss, no timer) and goes out once dunst is resumed', async () => {
    let engine: Engine | null = null;
    const logger = createRecordingLogger();
    const gate = new DndGate({ read: () => readLinuxDnd(run), rearm: (reason) => engine?.rearm(reason), logger, pollMs: 50 });
    const t = await openTestEngine({ gate });
    engine = t.engine;
    try {
      await run('dunstctl', ['set-paused', 'true']);
      await gate.start();
      expect(gate.current).toBe('silenced');
      t.engine.enroll(PROFILE);
      const due = t.clock.pending()[0]!;
      t.clock.advanceTo(due);
      await t.engine.channelsIdle();
      expect(t.channel.of('deliver')).toEqual([]);
      expect(t.clock.pending()).toEqual([]);
      expect(t.engine.snapshot(PROFILE).state).toMatchObject({ sent: null, consecutiveFailures: 0 });
      expect(logger.lines).toContain('info: delivery held: notifications are silenced (do-not-disturb)');

      await run('dunstctl', ['set-paused', 'false']);
      await vi.waitFor(() => expect(t.channel.of('deliver')).toHaveLength(1), { timeout: 5000, interval: 20 });
      expect(t.engine.snapshot(PROFILE).state.delivered).toBe(1);
      expect(t.store.readLog(PROFILE).filter((e) => e.type === 'timedOut')).toEqual([]);
    } finally {
      gate.stop();
      await t.engine.stop();
      removeDir(t.dir);
    }
  });
});
