import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRecordingLogger } from '../../main/logger.js';
import { rebuildProfile } from '../../main/store/rebuild.js';
import { openFileStore } from '../../main/store/file-store.js';
import { openTestEngine, PROFILE, removeDir, tempDataDir, type TestEngine } from '../unit/main/engine-harness.js';

const dirs: string[] = [];
const engines: TestEngine[] = [];
afterEach(async () => {
  for (const t of engines.splice(0)) await t.engine.stop();
  for (const d of dirs.splice(0)) removeDir(d);
});
async function engineIn(dir: string, options: Parameters<typeof openTestEngine>[0] = {}): Promise<TestEngine> {
  const t = await openTestEngine({ dir, ...options });
  engines.push(t);
  return t;
}
function dir(): string {
  const d = tempDataDir();
  dirs.push(d);
  return d;
}

/** Runs a whole day of encounters: some answered, some missed, a skip and a pause. */
function liveADay(t: TestEngine): void {
  t.engine.enroll(PROFILE);
  t.engine.updateSettings(PROFILE, { mode: 'interval', intervalHours: 2 });
  for (let i = 0; i < 6; i++) {
    const snap = t.engine.deliverNow(PROFILE);
    t.clock.advanceBy(60_000 * (i + 1));
    if (i % 3 === 2) {
      // A miss delivers the next mantra at once; close that one so deliverNow can send again.
      t.clock.advanceTo(snap.state.nextDelivery!);
      t.engine.skip(PROFILE);
    } else t.engine.answer(PROFILE, snap.state.current!.text, 'window');
    if (i === 3) t.engine.skip(PROFILE);
  }
  t.engine.pause(PROFILE, { minutes: 30 });
  // The timer wakes at the later of the pause's end and the send time, and resumes first.
  t.clock.advanceTo(t.clock.pending()[0]!);
}

describe('store: the lowdb document', () => {
  it('coalesces a burst of changes into one write, and stop() flushes the last change', async () => {
    const d = dir();
    const t = await engineIn(d, { writeDelayMs: 200 });
    await t.store.flush();
    const base = t.store.writeCount;
    t.engine.enroll(PROFILE);
    for (let i = 0; i < 20; i++) t.engine.toggleFavorite(PROFILE, `template ${i}`);
    expect(t.store.writeCount).toBe(base);
    await vi.waitFor(() => expect(t.store.writeCount).toBe(base + 1), { timeout: 5_000 });
    await t.store.flush();
    expect(t.store.writeCount).toBe(base + 1);

    t.engine.updateSettings(PROFILE, { subject: 'we' });
    await t.engine.stop();
    engines.splice(0);
    expect(t.store.writeCount).toBe(base + 2);
    const onDisk = JSON.parse(readFileSync(`${d}/mantra.json`, 'utf8')) as { profiles: Record<string, { settings: { subject: string } }> };
    expect(onDisk.profiles[PROFILE]?.settings.subject).toBe('we');
  });

  it('moves a corrupt document aside with a warning and rebuilds the state from the log', async () => {
    const d = dir();
    const first = await engineIn(d);
    liveADay(first);
    const live = first.engine.snapshot(PROFILE).state;
    await first.engine.stop();
    engines.splice(0);

    writeFileSync(`${d}/mantra.json`, '{"version":1,"profiles":{"desktop":{"settings":');
    const second = await engineIn(d, { clock: first.clock });
    const aside = readdirSync(d).filter((f) => f.startsWith('mantra.json.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(`${d}/${aside[0]}`, 'utf8')).toContain('"settings":');
    expect(second.logger.lines.some((l) => l.startsWith('warn:') && l.includes('moved it to') && l.includes('rebuilt'))).toBe(true);
    expect(second.engine.snapshot(PROFILE).state).toEqual(live);
  });

  it('a document that is JSON but not valid (a negative streak) is also moved aside', async () => {
    const d = dir();
    const first = await engineIn(d);
    first.engine.enroll(PROFILE);
    await first.engine.stop();
    engines.splice(0);
    const doc = JSON.parse(readFileSync(`${d}/mantra.json`, 'utf8')) as { profiles: Record<string, { state: { streak: number } }> };
    doc.profiles[PROFILE]!.state.streak = -4;
    writeFileSync(`${d}/mantra.json`, JSON.stringify(doc));
    const logger = createRecordingLogger();
    const store = await openFileStore({ dataDir: d, logger });
    expect(logger.lines.join('\n')).toMatch(/profiles\.desktop\.state\.streak/);
    expect(store.get(PROFILE)?.state.enrolled).toBe(true);
    expect(store.get(PROFILE)?.state.streak).toBe(0);
  });
});

describe('store: the JSONL log', () => {
  it('skips a torn last line with a warning naming the line, and the next entry is still readable', async () => {
    const d = dir();
    const first = await engineIn(d);
    first.engine.enroll(PROFILE);
    first.engine.deliverNow(PROFILE);
    await first.engine.stop();
    engines.splice(0);
    appendFileSync(`${d}/logs/${PROFILE}.jsonl`, '{"type":"answered","at":17');

    const second = await engineIn(d, { clock: first.clock });
    const types = second.store.readLog(PROFILE).map((e) => e.type);
    expect(types).toEqual(['enrolled', 'delivered']);
    expect(second.logger.lines.some((l) => l.includes(`${PROFILE}.jsonl line 3: not JSON`))).toBe(true);
    second.engine.skip(PROFILE);
    const lines = readFileSync(`${d}/logs/${PROFILE}.jsonl`, 'utf8').split('\n');
    expect(lines[2]).toBe('{"type":"answered","at":17');
    expect(JSON.parse(lines[3]!)).toMatchObject({ type: 'skipped' });
    expect(second.store.readLog(PROFILE).map((e) => e.type)).toEqual(['enrolled', 'delivered', 'skipped']);
  });

  it('a line that is JSON but no encounter is skipped, naming the field', async () => {
    const d = dir();
    const t = await engineIn(d);
    t.engine.enroll(PROFILE);
    appendFileSync(`${d}/logs/${PROFILE}.jsonl`, '{"type":"delivered","at":"yesterday"}\n');
    expect(t.store.readLog(PROFILE)).toHaveLength(1);
    expect(t.logger.lines.some((l) => /line 2: not an encounter/.test(l))).toBe(true);
  });

  it('rebuild from the log equals the live state', async () => {
    const d = dir();
    const t = await engineIn(d);
    liveADay(t);
    const live = t.engine.snapshot(PROFILE).state;
    expect(t.store.readLog(PROFILE).map((e) => e.type)).toEqual(expect.arrayContaining(['answered', 'timedOut', 'skipped', 'paused', 'resumed']));
    const report = rebuildProfile(t.store, PROFILE);
    expect(report.state).toEqual(live);
    expect(report.changes).toEqual([]);
  });

  it('a document lost entirely is rebuilt from the logs on open', async () => {
    const d = dir();
    const t = await engineIn(d);
    liveADay(t);
    const live = t.engine.snapshot(PROFILE).state;
    await t.engine.stop();
    engines.splice(0);
    removeDir(`${d}/mantra.json`);
    expect(existsSync(`${d}/mantra.json`)).toBe(false);
    const store = await openFileStore({ dataDir: d, logger: createRecordingLogger() });
    expect(store.get(PROFILE)?.state).toEqual(live);
  });
});
