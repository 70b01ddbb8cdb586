/** Electron's preload puts the engine's API here; in a browser it is absent. */
import type { MantraApi } from '../shared/api.js';

declare global {
  interface Window {
    mantra?: MantraApi;
  }
}

export {};
