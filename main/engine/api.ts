/**
 * The typed contract of shared/api.ts served by an engine, for one profile. Every input is
 * checked with `parseApiInput` here, whatever transport brought it (IPC, HTTP, tests).
 */
import { ApiError, parseApiInput, type ApiEvent, type ApiMethod, type ApiOutputs, type MantraApi } from '../../shared/api.js';
import type { Engine } from './engine.js';
import type { DiscordControl } from './ports.js';
import { errorText } from '../logger.js';

export interface ApiExtras {
  /** Overrides the engine's Discord control for setDiscord / sendTestDm. */
  readonly discord?: DiscordControl;
  /** The channel typed answers are recorded under: 'window' in Electron, 'api' over HTTP. */
  readonly answerChannel?: 'window' | 'api' | 'cli';
}

/** One function per method taking the raw, unchecked input. */
export type ApiHandlers = { readonly [M in ApiMethod]: (input: unknown) => Promise<ApiOutputs[M]> };

/** Anything thrown that is not an ApiError becomes one with code 'internal'. */
export function asApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError(errorText(e), 'internal');
}

function guarded<M extends ApiMethod>(method: M, run: (input: ReturnType<typeof parseApiInput<M>>) => ApiOutputs[M] | Promise<ApiOutputs[M]>) {
  return async (input: unknown): Promise<ApiOutputs[M]> => {
    try {
      return await run(parseApiInput(method, input));
    } catch (e) {
      throw asApiError(e);
    }
  };
}

export function createApiHandlers(engine: Engine, profileId: string, extras: ApiExtras = {}): ApiHandlers {
  const discord = (): DiscordControl => extras.discord ?? engine.discord;
  const answerChannel = extras.answerChannel ?? 'window';
  return {
    getSnapshot: guarded('getSnapshot', () => engine.snapshot(profileId)),
    getStats: guarded('getStats', () => engine.stats(profileId)),
    getLog: guarded('getLog', (i) => engine.log(profileId, i.limit)),
    enroll: guarded('enroll', () => engine.enroll(profileId)),
    unenroll: guarded('unenroll', () => engine.unenroll(profileId)),
    answer: guarded('answer', (i) => engine.answer(profileId, i.text, answerChannel)),
    deliverNow: guarded('deliverNow', () => engine.deliverNow(profileId)),
    skip: guarded('skip', () => engine.skip(profileId)),
    pause: guarded('pause', (i) => engine.pause(profileId, i)),
    snooze: guarded('snooze', (i) => engine.snooze(profileId, i.minutes)),
    resume: guarded('resume', () => engine.resume(profileId)),
    updateSettings: guarded('updateSettings', (i) => engine.updateSettings(profileId, i)),
    toggleFavorite: guarded('toggleFavorite', (i) => engine.toggleFavorite(profileId, i.template)),
    listThemes: guarded('listThemes', () => engine.listThemes(profileId)),
    previewTheme: guarded('previewTheme', (i) => engine.previewTheme(profileId, i.themeId)),
    importThemePack: guarded('importThemePack', (i) => engine.importThemePack(i.json)),
    setDiscord: guarded('setDiscord', (i) => discord().configure(i)),
    sendTestDm: guarded('sendTestDm', () => discord().sendTestDm()),
  };
}

/** Live events of one profile. */
export function subscribeProfile(engine: Engine, profileId: string, listener: (event: ApiEvent) => void): () => void {
  return engine.subscribe((id, event) => {
    if (id === profileId) listener(event);
  });
}

/** A `MantraApi` over an engine for one profile (what Electron's IPC and tests hold). */
export function createApi(engine: Engine, profileId: string, extras: ApiExtras = {}): MantraApi {
  const h = createApiHandlers(engine, profileId, extras);
  return {
    getSnapshot: () => h.getSnapshot(undefined),
    getStats: () => h.getStats(undefined),
    getLog: (input) => h.getLog(input),
    enroll: () => h.enroll(undefined),
    unenroll: () => h.unenroll(undefined),
    answer: (input) => h.answer(input),
    deliverNow: () => h.deliverNow(undefined),
    skip: () => h.skip(undefined),
    pause: (input) => h.pause(input),
    snooze: (input) => h.snooze(input),
    resume: () => h.resume(undefined),
    updateSettings: (input) => h.updateSettings(input),
    toggleFavorite: (input) => h.toggleFavorite(input),
    listThemes: () => h.listThemes(undefined),
    previewTheme: (input) => h.previewTheme(input),
    importThemePack: (input) => h.importThemePack(input),
    setDiscord: (input) => h.setDiscord(input),
    sendTestDm: () => h.sendTestDm(undefined),
    subscribe: (listener) => subscribeProfile(engine, profileId, listener),
  };
}
