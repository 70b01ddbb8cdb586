/** Builds engines on real files in a temp directory with a manual clock, for the engine, host and CLI tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { LogEntry } from '../../../shared/encounter-log.js';
import { createManualClock, type ManualClock } from '../../../main/engine/clock.js';
import { Engine, type AnswerReport, type Delivery, type DeliveryChannel, type DeliveryGate, type DisableOffer, type Disabling, type Settlement } from '../../../main/engine/engine.js';
import { createRecordingLogger, type Logger } from '../../../main/logger.js';
import { openFileStore, type FileStore } from '../../../main/store/file-store.js';

export const PROFILE = 'desktop';

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'mantra-test-'));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Every call a channel got, whole: what it was told is what a real channel would have to work with. */
export type ChannelCall =
  ({ kind: 'deliver' } & Delivery) | ({ kind: 'settle' } & Settlement) | ({ kind: 'answerResult' } & AnswerReport) | ({ kind: 'offerDisable' } & DisableOffer) | ({ kind: 'disabled' } & Disabling);

export function recordingChannel(name = 'recording'): DeliveryChannel & { calls: ChannelCall[]; of<K extends ChannelCall['kind']>(kind: K): Extract<ChannelCall, { kind: K }>[] } {
  const calls: ChannelCall[] = [];
  return {
    name,
    calls,
    of: <K extends ChannelCall['kind']>(kind: K) => calls.filter((c): c is Extract<ChannelCall, { kind: K }> => c.kind === kind),
    deliver: async (d) => void calls.push({ kind: 'deliver', ...d }),
    settle: async (s) => void calls.push({ kind: 'settle', ...s }),
    answerResult: async (a) => void calls.push({ kind: 'answerResult', ...a }),
    offerDisable: async (o) => void calls.push({ kind: 'offerDisable', ...o }),
    disabled: async (d) => void calls.push({ kind: 'disabled', ...d }),
  };
}

export interface TestEngine {
  readonly dir: string;
  readonly store: FileStore;
  readonly clock: ManualClock;
  readonly engine: Engine;
  readonly logger: Logger & { lines: string[] };
  readonly channel: ReturnType<typeof recordingChannel>;
}

export interface TestEngineOptions {
  readonly dir?: string;
  /** Start time, or an existing clock to share across a restart. */
  readonly start?: number;
  readonly clock?: ManualClock;
  readonly timeZone?: string;
  readonly writeDelayMs?: number;
  readonly channels?: readonly DeliveryChannel[];
  readonly gate?: DeliveryGate;
}

export async function openTestEngine(options: TestEngineOptions = {}): Promise<TestEngine> {
  const dir = options.dir ?? tempDataDir();
  const logger = createRecordingLogger();
  const store = await openFileStore({ dataDir: dir, writeDelayMs: options.writeDelayMs ?? 5, logger });
  const clock = options.clock ?? createManualClock(options.start ?? Date.UTC(2026, 5, 1, 10, 0));
  const channel = recordingChannel();
  const engine = new Engine({ store, clock, logger, systemTimeZone: () => options.timeZone ?? 'UTC', channels: [channel, ...(options.channels ?? [])], gate: options.gate });
  engine.start();
  engine.ensureProfile(PROFILE);
  return { dir, store, clock, engine, logger, channel };
}

/** Lets queued channel calls run. */
export async function settled(t: TestEngine): Promise<void> {
  await t.engine.channelsIdle();
}

/** An instant as asserted in the DST and quiet-hours tests: ISO in UTC, or null. */
export const isoOf = (ms: number | null | undefined): string | null => (ms == null ? null : new Date(ms).toISOString());

/** The deadline of a delivered entry, as `isoOf`. */
export const deadlineOf = (e: LogEntry | undefined): string | null => isoOf(e?.type === 'delivered' ? e.deadline : null);

/** An enrolled engine whose profile saved `settings` in `timeZone` first (the system zone stays UTC). */
export async function enrolledEngine(startIso: string, settings: Parameters<Engine['updateSettings']>[1], timeZone: string): Promise<TestEngine> {
  const t = await openTestEngine({ start: Date.parse(startIso), timeZone: 'UTC' });
  t.engine.updateSettings(PROFILE, { timeZone, ...settings });
  t.engine.enroll(PROFILE);
  return t;
}

/** Runs the one armed timer and returns what the log got from it. */
export function fireTimer(t: TestEngine): LogEntry[] {
  const before = t.store.readLog(PROFILE).length;
  expect(t.clock.pending()).toHaveLength(1);
  t.clock.advanceTo(t.clock.pending()[0]!);
  return t.store.readLog(PROFILE).slice(before);
}
