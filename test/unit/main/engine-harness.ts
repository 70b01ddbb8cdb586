/** Builds engines on real files in a temp directory with a manual clock, for the engine, host and CLI tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnswerVerdict } from '../../../shared/encounter.js';
import type { Channel, DeliveredMantra } from '../../../shared/settings.js';
import { createManualClock, type ManualClock } from '../../../main/engine/clock.js';
import { Engine, type DeliveryChannel, type DeliveryGate, type SettleOutcome } from '../../../main/engine/engine.js';
import { createRecordingLogger, type Logger } from '../../../main/logger.js';
import { openFileStore, type FileStore } from '../../../main/store/file-store.js';

export const PROFILE = 'desktop';

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'mantra-test-'));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export type ChannelCall =
  | { kind: 'deliver'; profileId: string; mantra: DeliveredMantra; deadline: number }
  | { kind: 'settle'; profileId: string; mantra: DeliveredMantra; outcome: SettleOutcome; answeredOn?: Channel }
  | { kind: 'answerResult'; profileId: string; verdict: AnswerVerdict; answeredOn: Channel }
  | { kind: 'offerDisable'; profileId: string; failures: number };

export function recordingChannel(name = 'recording'): DeliveryChannel & { calls: ChannelCall[]; of<K extends ChannelCall['kind']>(kind: K): Extract<ChannelCall, { kind: K }>[] } {
  const calls: ChannelCall[] = [];
  return {
    name,
    calls,
    of: <K extends ChannelCall['kind']>(kind: K) => calls.filter((c): c is Extract<ChannelCall, { kind: K }> => c.kind === kind),
    deliver: async (profileId, mantra, deadline) => void calls.push({ kind: 'deliver', profileId, mantra, deadline }),
    settle: async (profileId, mantra, outcome, answeredOn) => void calls.push({ kind: 'settle', profileId, mantra, outcome, ...(answeredOn ? { answeredOn } : {}) }),
    answerResult: async (profileId, verdict, answeredOn) => void calls.push({ kind: 'answerResult', profileId, verdict, answeredOn }),
    offerDisable: async (profileId, failures) => void calls.push({ kind: 'offerDisable', profileId, failures }),
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
