/** A real engine on real files, on a manual clock, with the presence gate: the shell's view of delivery timing. */
import type { DiscordStatus } from '../../../shared/api.js';
import { createManualClock, type ManualClock } from '../../../main/engine/clock.js';
import { Engine, type DeliveryChannel } from '../../../main/engine/engine.js';
import { heldWhileAway, PresenceGate, type IdleState } from '../../../main/hosts/electron/presence.js';
import { createRecordingLogger } from '../../../main/logger.js';
import { openFileStore } from '../../../main/store/file-store.js';
import { PROFILE, recordingChannel, removeDir, tempDataDir } from '../main/engine-harness.js';
import { DISCORD_OFF } from './shell-fixtures.js';

export const START = Date.UTC(2026, 5, 1, 10, 0);

export interface GatedEngine {
  readonly engine: Engine;
  readonly clock: ManualClock;
  readonly gate: PresenceGate;
  /** Stands for the Discord mirror: never held. */
  readonly mirror: ReturnType<typeof recordingChannel>;
  /** Stands for the notification: held while the user is away. */
  readonly desktop: ReturnType<typeof recordingChannel>;
  readonly logger: ReturnType<typeof createRecordingLogger>;
  idle: IdleState;
  discord: DiscordStatus;
  /** The gate's poll, run by hand. */
  poll(): void;
  polling(): boolean;
  close(): Promise<void>;
}

export async function openGatedEngine(): Promise<GatedEngine> {
  const dir = tempDataDir();
  const logger = createRecordingLogger();
  const store = await openFileStore({ dataDir: dir, writeDelayMs: 5, logger });
  const manual = createManualClock(START);
  let pollFn: (() => void) | null = null;
  const t = {
    idle: 'active' as IdleState,
    discord: DISCORD_OFF,
  } as GatedEngine;
  const gate = new PresenceGate({
    idleState: () => t.idle,
    rearm: (reason) => engine.rearm(reason),
    logger,
    every: (_ms, fn) => {
      pollFn = fn;
      return () => void (pollFn = null);
    },
  });
  const engine: Engine = new Engine({
    store,
    clock: manual,
    gate,
    logger,
    systemTimeZone: () => 'UTC',
    discord: { status: () => t.discord, configure: async () => t.discord, sendTestDm: async () => t.discord },
  });
  const mirror = recordingChannel('discord');
  const desktop = recordingChannel('notification');
  engine.addChannel(mirror);
  engine.addChannel(heldWhileAway(desktop as DeliveryChannel, gate, () => manual.now(), logger));
  // As the desktop host does: the gate learns settings changes from the engine's snapshot events.
  engine.subscribe((_id, event) => {
    if (event.type === 'snapshot') gate.observe(event.snapshot.settings);
  });
  engine.start();
  gate.observe(engine.ensureProfile(PROFILE).settings);
  return Object.assign(t, {
    engine,
    clock: manual,
    gate,
    mirror,
    desktop,
    logger,
    poll: () => pollFn?.(),
    polling: () => pollFn !== null,
    close: async () => {
      await engine.stop();
      removeDir(dir);
    },
  });
}
