/**
 * The window's only door: exposes exactly `window.mantra`, an implementation of the typed
 * `MantraApi`, over one invoke channel and one event channel. CommonJS and self-contained,
 * because a sandboxed preload cannot be an ES module and can require nothing but 'electron'.
 * Only types come from shared/; the channel names repeat those of ipc.ts (a test checks).
 */
import type { ApiErrorBody, ApiEvent, ApiMethod, ApiOutputs, MantraApi } from '../../../shared/api.js';
import electron = require('electron');

const INVOKE_CHANNEL = 'mantra:invoke';
const EVENT_CHANNEL = 'mantra:event';

type Reply = { ok: true; value: unknown } | { ok: false; error: ApiErrorBody };

/** Rejects with an Error carrying the message (contextBridge keeps only the message of an Error). */
async function call<M extends ApiMethod>(method: M, input?: unknown): Promise<ApiOutputs[M]> {
  const reply = (await electron.ipcRenderer.invoke(INVOKE_CHANNEL, method, input)) as Reply;
  if (reply.ok) return reply.value as ApiOutputs[M];
  const error = new Error(reply.error.message) as Error & { code: string };
  error.name = 'ApiError';
  error.code = reply.error.code;
  throw error;
}

// Written out method by method: the type checker then refuses a missing or an extra one.
const api: MantraApi = {
  getSnapshot: () => call('getSnapshot'),
  getStats: () => call('getStats'),
  getLog: (input) => call('getLog', input),
  enroll: () => call('enroll'),
  unenroll: () => call('unenroll'),
  answer: (input) => call('answer', input),
  deliverNow: () => call('deliverNow'),
  skip: () => call('skip'),
  pause: (input) => call('pause', input),
  snooze: (input) => call('snooze', input),
  resume: () => call('resume'),
  updateSettings: (input) => call('updateSettings', input),
  toggleFavorite: (input) => call('toggleFavorite', input),
  listThemes: () => call('listThemes'),
  previewTheme: (input) => call('previewTheme', input),
  importThemePack: (input) => call('importThemePack', input),
  setDiscord: (input) => call('setDiscord', input),
  sendTestDm: () => call('sendTestDm'),
  subscribe(listener: (event: ApiEvent) => void): () => void {
    const relay = (_event: unknown, payload: ApiEvent): void => listener(payload);
    electron.ipcRenderer.on(EVENT_CHANNEL, relay);
    return () => void electron.ipcRenderer.removeListener(EVENT_CHANNEL, relay);
  },
};

electron.contextBridge.exposeInMainWorld('mantra', api);
