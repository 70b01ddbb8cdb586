/**
 * The contract of shared/api.ts served by an engine, for one profile. `apiHandlers` is the
 * one place a method meets the engine; `createApiHandlers` wraps every handler the same way:
 * the raw input is parsed once, here, at the border, whatever transport brought it (IPC,
 * HTTP, an in-process caller), and anything thrown becomes an ApiError.
 */
import { API_METHODS, ApiError, parseApiInput, type ApiEvent, type ApiMethod, type ApiOutputs, type ApiParsedInput, type MantraApi } from '../../shared/api.js';
import type { Engine } from './engine.js';
import type { DiscordControl } from './ports.js';
import { errorText } from '../logger.js';

export interface ApiExtras {
  /** Overrides the engine's Discord control for setDiscord / sendTestDm. */
  readonly discord?: DiscordControl;
  /** The channel typed answers are recorded under: 'window' in Electron, 'api' over HTTP. */
  readonly answerChannel?: 'window' | 'api' | 'cli';
}

/** One function per method, taking the input the border already checked. */
export type ParsedHandlers = { readonly [M in ApiMethod]: (input: ApiParsedInput<M>) => ApiOutputs[M] | Promise<ApiOutputs[M]> };

/** One function per method taking the raw, unchecked input (what a transport holds). */
export type ApiHandlers = { readonly [M in ApiMethod]: (input: unknown) => Promise<ApiOutputs[M]> };

/** Anything thrown that is not an ApiError becomes one with code 'internal'. */
export function asApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError(errorText(e), 'internal');
}

/** What each method does with the engine: the handler table. */
export function apiHandlers(engine: Engine, profileId: string, extras: ApiExtras = {}): ParsedHandlers {
  const discord = (): DiscordControl => extras.discord ?? engine.discord;
  const answerChannel = extras.answerChannel ?? 'window';
  return {
    getSnapshot: () => engine.snapshot(profileId),
    getStats: () => engine.stats(profileId),
    getLog: (i) => engine.log(profileId, i.limit),
    enroll: () => engine.enroll(profileId),
    unenroll: () => engine.unenroll(profileId),
    answer: (i) => engine.answer(profileId, i.text, answerChannel),
    deliverNow: () => engine.deliverNow(profileId),
    skip: () => engine.skip(profileId),
    pause: (i) => engine.pause(profileId, i),
    snooze: (i) => engine.snooze(profileId, i.minutes),
    resume: () => engine.resume(profileId),
    updateSettings: (i) => engine.updateSettings(profileId, i),
    toggleFavorite: (i) => engine.toggleFavorite(profileId, i.template),
    listThemes: () => engine.listThemes(profileId),
    previewTheme: (i) => engine.previewTheme(profileId, i.themeId),
    importThemePack: (i) => engine.importThemePack(i.json),
    setDiscord: (i) => discord().configure(i),
    sendTestDm: () => discord().sendTestDm(),
  };
}

function guarded<M extends ApiMethod>(method: M, run: ParsedHandlers[M]): (input: unknown) => Promise<ApiOutputs[M]> {
  return async (input: unknown): Promise<ApiOutputs[M]> => {
    try {
      return await run(parseApiInput(method, input));
    } catch (e) {
      throw asApiError(e);
    }
  };
}

/** Every handler behind the border check, by a loop over the contract's methods. */
export function guardHandlers(parsed: ParsedHandlers): ApiHandlers {
  const entries = API_METHODS.map(<M extends ApiMethod>(m: M) => [m, guarded(m, parsed[m])] as const);
  return Object.fromEntries(entries) as unknown as ApiHandlers;
}

export function createApiHandlers(engine: Engine, profileId: string, extras: ApiExtras = {}): ApiHandlers {
  return guardHandlers(apiHandlers(engine, profileId, extras));
}

/** Live events of one profile. */
export function subscribeProfile(engine: Engine, profileId: string, listener: (event: ApiEvent) => void): () => void {
  return engine.subscribe((id, event) => {
    if (id === profileId) listener(event);
  });
}

/** A `MantraApi` over raw handlers, by a loop over the contract's methods: what in-process callers hold. */
export function apiOf(handlers: ApiHandlers, subscribe: MantraApi['subscribe']): MantraApi {
  const api: Record<string, unknown> = { subscribe };
  for (const method of API_METHODS) api[method] = (input?: unknown) => handlers[method](input);
  return api as MantraApi;
}

/** A `MantraApi` over an engine for one profile (the tray's commands and tests hold one). */
export function createApi(engine: Engine, profileId: string, extras: ApiExtras = {}): MantraApi {
  return apiOf(createApiHandlers(engine, profileId, extras), (listener) => subscribeProfile(engine, profileId, listener));
}
