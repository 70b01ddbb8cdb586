/**
 * The narrow port every room of the Electron shell depends on: the one desktop profile's
 * typed API, a synchronous look at its snapshot (the tray draws from it), re-arming, and
 * the request to show the answer page. Only `shellEngineOf` knows the real `Engine`.
 */
import type { MantraApi, Snapshot } from '../../../shared/api.js';
import { apiOf, createApiHandlers, subscribeProfile, type ApiExtras, type ApiHandlers } from '../../engine/api.js';
import type { Engine } from '../../engine/engine.js';

export interface ShellEngine {
  /** The profile's API, each input validated by the engine side; events through `api.subscribe`. */
  readonly api: MantraApi;
  /** The same methods taking raw input, for the IPC door (parsed once, inside). */
  readonly handlers: ApiHandlers;
  /** The profile as of now, without waiting (tray, presence gate). */
  snapshot(): Snapshot;
  /** Recomputes timers from wall-clock time (resume, unlock, the user came back). */
  rearm(reason: string): void;
}

export function shellEngineOf(engine: Engine, profileId: string, extras: ApiExtras = { answerChannel: 'window' }): ShellEngine {
  const handlers = createApiHandlers(engine, profileId, extras);
  return {
    api: apiOf(handlers, (listener) => subscribeProfile(engine, profileId, listener)),
    handlers,
    snapshot: () => engine.snapshot(profileId),
    rearm: (reason) => engine.rearm(reason),
  };
}
