/**
 * The narrow port every room of the Electron shell depends on: the one desktop profile's
 * typed API, a synchronous look at its snapshot (the tray draws from it), re-arming, and
 * the request to show the answer page. Only `shellEngineOf` knows the real `Engine`.
 */
import type { MantraApi, Snapshot } from '../../../shared/api.js';
import { createApi, type ApiExtras } from '../../engine/api.js';
import type { Engine } from '../../engine/engine.js';

export interface ShellEngine {
  /** The profile's API, each input validated by the engine side; events through `api.subscribe`. */
  readonly api: MantraApi;
  /** The profile as of now, without waiting (tray, presence gate). */
  snapshot(): Snapshot;
  /** Recomputes timers from wall-clock time (resume, unlock, the user came back). */
  rearm(reason: string): void;
}

export function shellEngineOf(engine: Engine, profileId: string, extras: ApiExtras = { answerChannel: 'window' }): ShellEngine {
  return {
    api: createApi(engine, profileId, extras),
    snapshot: () => engine.snapshot(profileId),
    rearm: (reason) => engine.rearm(reason),
  };
}
