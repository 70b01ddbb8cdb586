/**
 * What every host is made of, put together in one order: the data-directory lock, the
 * log file, the store, the engine (with its gate), the channels and the Discord controls,
 * then the first timer; and taken apart in the reverse order. The tray app, the headless
 * host and the Discord bot differ only in the recipe they pass, and get back what they built.
 */
import type { Snapshot } from '../../shared/api.js';
import type { Clock } from '../engine/clock.js';
import { Engine } from '../engine/engine.js';
import type { DeliveryChannel, DeliveryGate, DiscordControl } from '../engine/ports.js';
import { errorText, type Logger } from '../logger.js';
import type { Store } from '../store/store.js';
import { envSecrets, isStartLogger, type FileLogger } from './log-file.js';
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

export interface HostRecipe<S extends Store, G extends DeliveryGate | undefined, P extends HostParts> {
  readonly dataDir: string;
  /** Named to a second process that finds the data directory taken. */
  readonly role: string;
  /** A host's own startLogger() goes on into the data directory's log file once the lock is held (closed on stop); any other logger is used as it is. */
  readonly logger: Logger;
  /** Values blanked out of the log file besides anything shaped like a bot token; default: MANTRA_DISCORD_TOKEN of process.env. */
  readonly secrets?: () => readonly (string | null | undefined)[];
  readonly host: Snapshot['host'];
  readonly openStore: () => S | Promise<S>;
  readonly clock?: Clock;
  /** The engine's gate (undefined: none), built before the engine it holds back; `rearm` reaches it once it exists. */
  readonly gate: (rearm: (reason: string) => void) => G;
  /** The profile a one-user host serves, created when new. */
  readonly profileId?: string;
  /** What the host adds to the engine; whatever else it returns comes back in `parts`. */
  readonly parts: (engine: Engine, store: S, gate: G) => P | Promise<P>;
  /** Closes the store after the engine wrote it (a database connection). */
  readonly closeStore?: (store: S) => void;
}

export interface ComposedHost<S extends Store, G extends DeliveryGate | undefined, P extends HostParts> {
  readonly engine: Engine;
  readonly store: S;
  readonly lock: InstanceLock;
  /** The recipe's gate and parts as built: a host reads its pieces here. */
  readonly gate: G;
  readonly parts: P;
  /** Parts, engine, store, log file, then the lock; safe to call twice. */
  stop(): Promise<void>;
}

/** Takes the data directory (a DataDirBusyError when another Mantra has it), then builds and starts the host. */
export async function composeHost<S extends Store, G extends DeliveryGate | undefined, P extends HostParts>(recipe: HostRecipe<S, G, P>): Promise<ComposedHost<S, G, P>> {
  const lock = await lockDataDir(recipe.dataDir, recipe.role);
  const { logger } = recipe;
  // Only once the directory is ours: a host that finds it taken never writes into the file the other one writes.
  const file: FileLogger | undefined = isStartLogger(logger)
    ? await logger.toFile({ dataDir: recipe.dataDir, secrets: recipe.secrets ?? envSecrets() }).catch((e: unknown) => {
        logger.warn(`no log file: ${errorText(e)}`);
        return undefined;
      })
    : undefined;
  // Before the store loads: its settings check zone names, and every offset after comes from the tz database, not ICU.
  installZoneRules();
  let engine: Engine | undefined;
  let parts: HostParts = {};
  let stopping: Promise<void> | null = null;
  let store: S | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      try {
        await parts.stop?.().catch((e: unknown) => logger.warn(`stopping: ${errorText(e)}`));
        await engine?.stop();
        if (store !== undefined) recipe.closeStore?.(store);
      } finally {
        await file?.close();
        // Last: the next process may take the files only once they are written.
        await lock.release();
      }
    })());
  try {
    const opened = await recipe.openStore();
    store = opened;
    const gate = recipe.gate((reason) => engine?.rearm(reason));
    const built = new Engine({ store: opened, logger, host: recipe.host, ...(recipe.clock ? { clock: recipe.clock } : {}), ...(gate ? { gate } : {}) });
    engine = built;
    if (recipe.profileId !== undefined) built.ensureProfile(recipe.profileId);
    const made = await recipe.parts(built, opened, gate);
    parts = made;
    for (const channel of made.channels ?? []) built.addChannel(channel);
    if (made.discord) built.useDiscord(made.discord);
    await made.start?.();
    built.start();
    return { engine: built, store: opened, lock, gate, parts: made, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
