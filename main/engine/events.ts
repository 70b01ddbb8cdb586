/** Live events of every profile, to whoever listens (windows, the HTTP event stream, the tray). */
import type { ApiEvent } from '../../shared/api.js';
import { errorText, type Logger } from '../logger.js';

export type EngineListener = (profileId: string, event: ApiEvent) => void;

export class EngineEvents {
  private readonly listeners = new Set<EngineListener>();

  constructor(private readonly logger: Logger) {}

  /** Returns the unsubscribe function. */
  subscribe(listener: EngineListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Whether anyone listens: a snapshot is only built for an audience. */
  get heard(): boolean {
    return this.listeners.size > 0;
  }

  /** A failing listener is logged and does not keep the event from the others. */
  emit(profileId: string, event: ApiEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(profileId, event);
      } catch (e) {
        this.logger.warn(`event listener failed: ${errorText(e)}`);
      }
    }
  }
}
