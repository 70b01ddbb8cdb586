/**
 * The window's only door: exposes exactly `window.mantra`, an implementation of the typed
 * `MantraApi`, over one invoke channel and one event channel. Its methods and channel names
 * come from the contract (shared/api.ts); a sandboxed preload can require nothing but
 * 'electron', so vite.preload.config.ts bundles this file with what it imports into one
 * CommonJS file, dist/main/hosts/electron/preload.cjs.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { API_METHODS, bridgeMessage, IPC_CHANNELS, type ApiErrorBody, type ApiEvent, type MantraApi } from '../../../shared/api.js';

type Reply = { ok: true; value: unknown } | { ok: false; error: ApiErrorBody };

/** Rejects with an Error whose message carries the whole body (contextBridge keeps only the message of an Error). */
async function call(method: string, input?: unknown): Promise<unknown> {
  const reply = (await ipcRenderer.invoke(IPC_CHANNELS.invoke, method, input)) as Reply;
  if (reply.ok) return reply.value;
  const error = new Error(bridgeMessage(reply.error)) as Error & { code: string };
  error.name = 'ApiError';
  error.code = reply.error.code;
  throw error;
}

const api: Record<string, unknown> = {
  subscribe(listener: (event: ApiEvent) => void): () => void {
    const relay = (_event: unknown, payload: ApiEvent): void => listener(payload);
    ipcRenderer.on(IPC_CHANNELS.event, relay);
    return () => void ipcRenderer.removeListener(IPC_CHANNELS.event, relay);
  },
};
// One function per method of the contract: a new method needs nothing here.
for (const method of API_METHODS) api[method] = (input?: unknown) => call(method, input);

contextBridge.exposeInMainWorld('mantra', api as MantraApi);
