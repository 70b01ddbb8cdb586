/**
 * Faults of the data directory: a log append that fails (a write stub), a full disk (a small
 * tmpfs where mounting works, as root on Linux), a reducer that throws. In every case nothing
 * changes, the user is told, and the engine tries again with backoff until it works.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultAlgorithm } from '../../shared/algorithms.js';
import { createManualClock } from '../../main/engine/clock.js';
import { Engine, retryDelayMs, WriteFailed } from '../../main/engine/engine.js';
import { createRecordingLogger } from '../../main/logger.js';
import { runDoctor } from '../../main/cli/doctor.js';
import { translator } from '../../shared/i18n/i18n.js';
import { startHeadless } from '../../main/hosts/headless/headless.js';
import { openFileStore } from '../../main/store/file-store.js';
import { stateFromLog } from '../../main/store/document.js';
import { openTestEngine, PROFILE, recordingChannel, removeDir, tempDataDir, type TestEngine } from '../unit/main/engine-harness.js';

const opened: TestEngine[] = [];
const dirs: string[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const t of opened.splice(0)) await t.engine.stop();
  for (const d of dirs.splice(0)) removeDir(d);
});
async function engine(): Promise<TestEngine> {
  const t = await openTestEngine();
  opened.push(t);
  dirs.push(t.dir);
  return t;
}
const noSpace = (): never => {
  throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
};
const logText = (t: TestEngine): string => readFileSync(t.store.files.log(PROFILE), 'utf8');

describe('a log append that fails', () => {
  it('changes nothing, tells the caller, the log and the window, and works again once writing does', async () => {
    const t = await engine();
    t.engine.enroll(PROFILE);
    const before = t.engine.snapshot(PROFILE);
    const logBefore = logText(t);
    const snapshots: unknown[] = [];
    t.engine.subscribe((_id, e) => void (e.type === 'snapshot' && snapshots.push(e.snapshot.notices)));
    const append = vi.spyOn(t.store, 'appendLog').mockImplementation(noSpace);

    expect(() => t.engine.deliverNow(PROFILE)).toThrow(WriteFailed);
    expect(() => t.engine.deliverNow(PROFILE)).toThrow(/could not save this, so nothing changed \(ENOSPC: no space left on device, write\)/);
    const during = t.engine.snapshot(PROFILE);
    expect(during.state).toEqual(before.state);
    expect(during.status.kind).toBe('waiting');
    expect(during.notices?.[0]).toMatchObject({ kind: 'write-failed', text: expect.stringContaining('Mantra cannot save: ENOSPC') });
    expect(t.engine.writeProblem).toMatchObject({ failures: 2 });
    expect(logText(t)).toBe(logBefore);
    await t.engine.channelsIdle();
    expect(t.channel.of('deliver')).toHaveLength(0);
    // Told once per outage, not once per attempt.
    expect(t.logger.lines.filter((l) => l.startsWith('error: cannot write the data directory'))).toHaveLength(1);
    expect(snapshots.length).toBeGreaterThan(0);

    append.mockRestore();
    const after = t.engine.deliverNow(PROFILE);
    expect(after.status.kind).toBe('pending');
    expect(after.notices).toBeUndefined();
    expect(t.engine.writeProblem).toBeNull();
    expect(t.logger.lines.some((l) => l.includes('writing works again after 2 failed attempt(s)'))).toBe(true);
  });

  it('a settings change whose rescheduled send time cannot be logged changes nothing, the settings neither', async () => {
    const t = await engine();
    t.engine.enroll(PROFILE);
    const before = t.engine.snapshot(PROFILE);
    const puts = vi.spyOn(t.store, 'put');
    vi.spyOn(t.store, 'appendLog').mockImplementation(noSpace);
    expect(() => t.engine.updateSettings(PROFILE, { mode: 'interval', intervalHours: 3 })).toThrow(WriteFailed);
    expect(t.engine.snapshot(PROFILE).settings).toEqual(before.settings);
    expect(t.engine.snapshot(PROFILE).state).toEqual(before.state);
    expect(puts).not.toHaveBeenCalled();
  });

  it('a settings change whose save fails changes nothing: the settings stay as they were, and the caller is told', async () => {
    const t = await engine();
    t.engine.enroll(PROFILE);
    const before = t.engine.snapshot(PROFILE);
    const put = vi.spyOn(t.store, 'put').mockImplementation(noSpace);
    expect(() => t.engine.updateSettings(PROFILE, { subject: 'Alex' })).toThrow(WriteFailed);
    expect(t.engine.snapshot(PROFILE).settings).toEqual(before.settings);
    expect(t.engine.writeProblem).toMatchObject({ failures: 1 });
    put.mockRestore();
    expect(t.engine.updateSettings(PROFILE, { subject: 'Alex' }).settings.subject).toBe('Alex');
    expect(t.engine.writeProblem).toBeNull();
  });

  it('a scheduled delivery that cannot be logged is retried with backoff, then goes out once', async () => {
    const t = await engine();
    t.engine.enroll(PROFILE);
    const due = t.clock.pending()[0]!;
    const append = vi.spyOn(t.store, 'appendLog').mockImplementation(noSpace);
    t.clock.advanceTo(due);
    // No delivery, nothing logged, and a timer to try again: 1 s, then 2 s, then 4 s.
    expect(t.engine.snapshot(PROFILE).status.kind).toBe('waiting');
    expect(t.clock.pending()).toEqual([due + retryDelayMs(1)]);
    t.clock.advanceTo(t.clock.pending()[0]!);
    expect(t.clock.pending()).toEqual([due + retryDelayMs(1) + retryDelayMs(2)]);
    expect(retryDelayMs(3)).toBe(4000);
    expect(retryDelayMs(50)).toBe(5 * 60_000);

    append.mockRestore();
    t.clock.advanceTo(t.clock.pending()[0]!);
    expect(t.engine.snapshot(PROFILE).status.kind).toBe('pending');
    await t.engine.channelsIdle();
    expect(t.channel.of('deliver')).toHaveLength(1);
    expect(t.store.readLog(PROFILE).filter((e) => e.type === 'delivered')).toHaveLength(1);
    expect(t.clock.pending()).toHaveLength(1);
  });
});

describe('a reducer that throws', () => {
  it('still leaves a timer armed, and the retry does the work once the fault is gone', async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const store = await openFileStore({ dataDir: dir, logger: createRecordingLogger(), writeDelayMs: 1 });
    const clock = createManualClock(Date.UTC(2026, 5, 1, 10));
    let broken = true;
    // A timeout asks the frequency policy; while "broken" that throws inside the reducer.
    const algorithm = {
      ...defaultAlgorithm,
      frequency: {
        name: 'flaky',
        next: (f: number, o: Parameters<typeof defaultAlgorithm.frequency.next>[1]) =>
          broken && o.kind !== 'answered'
            ? ((): never => {
                throw new Error('flaky policy');
              })()
            : defaultAlgorithm.frequency.next(f, o),
      },
    };
    const logger = createRecordingLogger();
    const channel = recordingChannel();
    const e = new Engine({ store, clock, logger, algorithm, systemTimeZone: () => 'UTC', channels: [channel] });
    e.start();
    e.ensureProfile(PROFILE);
    e.enroll(PROFILE);
    e.deliverNow(PROFILE);
    const deadline = clock.pending()[0]!;
    clock.advanceTo(deadline);
    expect(logger.lines.some((l) => l.includes('error: profile "desktop": flaky policy'))).toBe(true);
    expect(clock.pending()).toEqual([deadline + 1000]);
    expect(e.snapshot(PROFILE).status.kind).toBe('pending');
    broken = false;
    clock.advanceTo(clock.pending()[0]!);
    expect(store.readLog(PROFILE).filter((x) => x.type === 'timedOut')).toHaveLength(1);
    expect(clock.pending()).toHaveLength(1);
    await e.stop();
  });
});

/** A 256 KiB tmpfs, or null where mounting is not allowed (not root, not Linux). */
function smallDisk(): string | null {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return null;
  const at = tempDataDir();
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', at], { stdio: 'ignore' });
    return at;
  } catch {
    rmSync(at, { recursive: true, force: true });
    return null;
  }
}

describe('a full disk', () => {
  const disk = smallDisk();
  afterEach(() => {
    if (disk) {
      execFileSync('umount', [disk], { stdio: 'ignore' });
      rmSync(disk, { recursive: true, force: true });
    }
  });

  it.skipIf(disk === null)('refuses the action whole (no half line in the log), and works again when space is freed', async () => {
    const dataDir = join(disk!, 'data');
    mkdirSync(dataDir);
    const t = await openTestEngine({ dir: dataDir });
    t.engine.enroll(PROFILE);
    await t.store.flush();
    // Fill the disk to the last byte.
    const filler = join(disk!, 'filler');
    let size = 0;
    for (let chunk = 1024 * 1024; chunk >= 1; chunk = Math.floor(chunk / 2)) {
      try {
        writeFileSync(filler, Buffer.alloc(size + chunk));
        size += chunk;
      } catch {
        // this chunk does not fit; try a smaller one
      }
    }
    writeFileSync(filler, Buffer.alloc(size));
    // The log's last block still has room: deliver and skip until an append finds none.
    let failure: unknown = null;
    let logBefore = logText(t);
    for (let i = 0; i < 500 && failure === null; i++) {
      logBefore = logText(t);
      try {
        if (t.engine.snapshot(PROFILE).status.kind === 'pending') t.engine.skip(PROFILE);
        else t.engine.deliverNow(PROFILE);
      } catch (e) {
        failure = e;
      }
    }
    expect(failure).toBeInstanceOf(WriteFailed);
    expect(String(failure)).toMatch(/ENOSPC/);
    // Not half a line: the log is as it was before the refused action, and the state is its replay.
    expect(logText(t)).toBe(logBefore);
    expect(statSync(t.store.files.log(PROFILE)).size).toBe(Buffer.byteLength(logBefore));
    expect(t.engine.snapshot(PROFILE).state).toEqual(stateFromLog(t.store.readLog(PROFILE)));
    expect(t.engine.snapshot(PROFILE).notices?.[0]?.kind).toBe('write-failed');

    rmSync(filler);
    const kind = t.engine.snapshot(PROFILE).status.kind;
    if (kind === 'pending') t.engine.skip(PROFILE);
    else t.engine.deliverNow(PROFILE);
    expect(t.store.readLog(PROFILE).at(-1)?.type).toBe(kind === 'pending' ? 'skipped' : 'delivered');
    expect(t.engine.writeProblem).toBeNull();
    await t.engine.stop();
  });
});

describe('doctor', () => {
  it('checks that each saved state is the replay of its log, and reports a running host that cannot save', async () => {
    const deps = (dataDir: string) => ({
      dataDir,
      notify: { show: async () => ({ delivered: true }), onClick: () => () => {}, check: async () => ({ ok: true, backend: 'fake', detail: 'fake' }) },
      discordStatus: async () => ({ connection: 'off' as const, detail: 'off', userId: null, hasToken: false, tokenStorage: 'none' as const, apiBase: null, enabled: false }),
      electron: () => ({ ok: false as const, reason: 'not here' }),
      rendererIndex: join(dataDir, 'none.html'),
    });
    const t = await openTestEngine();
    dirs.push(t.dir);
    t.engine.enroll(PROFILE);
    t.engine.deliverNow(PROFILE);
    await t.engine.stop();
    const good = await runDoctor(deps(t.dir));
    expect(good.find((c) => c.label === 'state of "desktop"')).toMatchObject({ ok: true, detail: 'agrees with the log' });

    // Points nobody earned: the saved state no longer is the log's.
    const file = join(t.dir, 'mantra.json');
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { profiles: { desktop: { state: { points: number } } } };
    doc.profiles.desktop.state.points = 999;
    writeFileSync(file, JSON.stringify(doc));
    const bad = await runDoctor(deps(t.dir));
    expect(bad.find((c) => c.label === 'state of "desktop"')).toMatchObject({ ok: false, detail: expect.stringContaining('disagrees with the log (points: 999 -> 0); the next start rebuilds it') });

    const host = await startHeadless({ dataDir: t.dir, port: 0, notify: deps(t.dir).notify, rendererDir: join(t.dir, 'none'), logger: createRecordingLogger(), print: () => undefined });
    try {
      vi.spyOn(host.store, 'appendLog').mockImplementation(noSpace);
      expect(() => host.engine.skip(PROFILE)).toThrow(WriteFailed);
      const running = await runDoctor(deps(t.dir));
      expect(running.find((c) => c.label === 'running Mantra')).toMatchObject({
        ok: false,
        detail: expect.stringMatching(/^headless, pid \d+, http:\/\/127\.0\.0\.1:\d+\/: cannot save since .* \(1 failed attempt\): ENOSPC/),
      });
      // A German doctor says it in German; the system's own error stays as it came.
      const german = await runDoctor({ ...deps(t.dir), t: translator('de') });
      expect(german.find((c) => c.ok === false && c.detail.includes('ENOSPC'))?.detail).toMatch(/: kann seit \S+ nicht speichern \(1 Fehlversuch\): ENOSPC/);
    } finally {
      await host.close();
    }
  });
});

describe('a clock that jumps back', () => {
  it('gives no speed bonus for an answer "before" its delivery, and does not count it as fast', async () => {
    const t = await engine();
    t.engine.enroll(PROFILE);
    const sent = t.engine.deliverNow(PROFILE);
    const frequency = sent.state.frequency;
    t.clock.jump(t.clock.now() - 3_600_000);
    const verdict = t.engine.answer(PROFILE, sent.state.current!.text, 'window');
    expect(verdict.accepted).toBe(true);
    expect(verdict.bonuses.speed).toBe(0);
    expect(verdict.points).toBe(sent.state.current!.basePoints);
    // A fast answer raises the frequency more than a slow one; an untimed answer is not fast.
    const slow = await engine();
    slow.engine.enroll(PROFILE);
    const s = slow.engine.deliverNow(PROFILE);
    slow.clock.advanceBy(30 * 60_000);
    slow.engine.answer(PROFILE, s.state.current!.text, 'window');
    expect(t.engine.snapshot(PROFILE).state.frequency / frequency).toBeCloseTo(slow.engine.snapshot(PROFILE).state.frequency / s.state.frequency, 6);
  });
});
