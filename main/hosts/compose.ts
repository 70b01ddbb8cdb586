/**
 * What every host is made of, put together in one order: the data-directory lock, the
 * store, the engine (with its gate), the channels and the Discord controls, then the first
 * timer; and taken apart in the reverse order. The tray app, the headless host and the
 * Discord bot differ only in the recipe they pass.
 */
import type { Snapshot } from '../../shared/api.js';
import type { Clock } from '../engine/clock.js';
import { Engine } from '../engine/engine.js';
import type { DeliveryChannel, DeliveryGate, DiscordControl } from '../engine/ports.js';
import { errorText, type Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import { lockDataDir, type InstanceLock } from './single-instance.js';
import { installZoneRules } from '../zoneinfo.js';

/** What a host adds once its engine exists (a mirror answers into it, a window channel opens its pages). */
export interface HostParts {
  readonly channels?: readonly DeliveryChannel[];
  readonly discord?: DiscordControl;
  /** Runs after the channels joined and before the first timer, so a delivery due at start reaches them. */
  start?(): Promise<void>;
  /** Runs before the engine stops. */
  stop?(): Promise<void>;
}

export interface HostRecipe<S extends Store> {
  readonly dataDir: string;
  /** Named to a second process that finds the data directory taken. */
  readonly role: string;
  readonly logger: Logger;
  readonly host: Snapshot['host'];
  readonly openStore: () => S | Promise<S>;
  readonly clock?: Clock;
  /** Gates are built before the engine they hold back; `rearm` reaches it once it exists. */
  readonly gate?: (rearm: (reason: string) => void) => DeliveryGate | undefined;
  /** The profile a one-user host serves, created when new. */
  readonly profileId?: string;
  readonly parts: (engine: Engine, store: S) => HostParts | Promise<HostParts>;
  /** Closes the store after the engine wrote it (a database connection). */
  readonly closeStore?: (store: S) => void;
}

export interface ComposedHost<S extends Store> {
  readonly engine: Engine;
  readonly store: S;
  readonly lock: InstanceLock;
  /** Parts, engine, store, then the lock; safe to call twice. */
  stop(): Promise<void>;
}

/** Takes the data directory (a DataDirBusyError when another Mantra has it), then builds and starts the host. */
export async function composeHost<S extends Store>(recipe: HostRecipe<S>): Promise<ComposedHost<S>> {
  const lock = await lockDataDir(recipe.dataDir, recipe.role);
  // Before the store loads: its settings check zone names, and every offset after comes from the tz database, not ICU.
  installZoneRules();
  let engine: Engine | undefined;
  let parts: HostParts = {};
  let stopping: Promise<void> | null = null;
  let store: S | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      try {
        await parts.stop?.().catch((e: unknown) => recipe.logger.warn(`stopping: ${errorText(e)}`));
        await engine?.stop();
        if (store !== undefined) recipe.closeStore?.(store);
      } finally {
        // Last: the next process may take the files only once they are written.
        await lock.release();
      }
    })());
  try {
    const opened = await recipe.openStore();
    store = opened;
    const gate = recipe.gate?.((reason) => engine?.rearm(reason));
    const built = new Engine({ store: opened, logger: recipe.logger, host: recipe.host, ...(recipe.clock ? { clock: recipe.clock } : {}), ...(gate ? { gate } : {}) });
    engine = built;
    if (recipe.profileId !== undefined) built.ensureProfile(recipe.profileId);
    parts = await recipe.parts(built, opened);
    for (const channel of parts.channels ?? []) built.addChannel(channel);
    if (parts.discord) built.useDiscord(parts.discord);
    await parts.start?.();
    built.start();
    return { engine: built, store: opened, lock, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
