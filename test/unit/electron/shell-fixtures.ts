/** Snapshots and a recording MantraApi for the shell's tests (no engine needed). */
import { vi } from 'vitest';
import { API_METHODS, type ApiEvent, type DeliveryStatus, type DiscordStatus, type MantraApi, type Snapshot } from '../../../shared/api.js';
import { defaultProfileSettings, initialProfileState, type DeliveredMantra, type ProfileSettings } from '../../../shared/settings.js';
import { learningView } from '../../../shared/learning-view.js';
import type { ShellEngine } from '../../../main/hosts/electron/shell-engine.js';
import { guardHandlers, type ParsedHandlers } from '../../../main/engine/api.js';

export const NOW = Date.UTC(2026, 5, 1, 10, 0); // 12:00 in Europe/Berlin
export const ZONE = 'Europe/Berlin';

export const MANTRA: DeliveredMantra = { id: 'focus/1', theme: 'focus', template: 'I stay on task', text: 'I stay on task', difficulty: 'easy', basePoints: 10 };

export const STATUSES: Readonly<Record<string, DeliveryStatus>> = {
  waiting: { kind: 'waiting', nextAt: NOW + 2 * 3_600_000 + 5 * 60_000 },
  pending: { kind: 'pending', mantra: MANTRA, sentAt: NOW - 60_000, deadline: NOW + 30 * 60_000 },
  pausedUntil: { kind: 'paused', until: NOW + 3_600_000 },
  pausedForever: { kind: 'paused', until: null },
  notEnrolled: { kind: 'not-enrolled' },
  disabled: { kind: 'disabled', reason: 'failures' },
};

export const DISCORD_OFF: DiscordStatus = { connection: 'off', detail: 'off', userId: null, hasToken: false, tokenStorage: 'none', apiBase: null, enabled: true };

export function snapshotWith(status: DeliveryStatus, settings: Partial<ProfileSettings> = {}, discord: DiscordStatus = DISCORD_OFF): Snapshot {
  const all = { ...defaultProfileSettings(), ...settings };
  const state = { ...initialProfileState(), enrolled: status.kind !== 'not-enrolled' && status.kind !== 'disabled' };
  return {
    profileId: 'desktop',
    now: NOW,
    timeZone: ZONE,
    settings: all,
    state,
    learning: learningView(state, all, ZONE),
    status,
    offerDisable: false,
    today: [],
    quietUntil: null,
    discord,
    host: 'electron',
  };
}

export type RecordingApi = MantraApi & { calls: Array<[string, unknown]>; emit(event: ApiEvent): void };

/** Every method records its call and resolves with `result` (or rejects with `failWith`). */
export function recordingApi(options: { result?: unknown; failWith?: Error } = {}): RecordingApi {
  const calls: Array<[string, unknown]> = [];
  const listeners = new Set<(event: ApiEvent) => void>();
  const api: Record<string, unknown> = {
    calls,
    emit: (event: ApiEvent) => listeners.forEach((l) => l(event)),
    subscribe: (listener: (event: ApiEvent) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  for (const method of API_METHODS) {
    api[method] = vi.fn(async (input?: unknown) => {
      calls.push([method, input]);
      if (options.failWith) throw options.failWith;
      return options.result ?? { ok: method };
    });
  }
  return api as unknown as RecordingApi;
}

export function fakeShell(snapshot: Snapshot = snapshotWith(STATUSES.waiting!)): ShellEngine & { api: RecordingApi; rearms: string[]; current: Snapshot } {
  const rearms: string[] = [];
  const api = recordingApi();
  const shell = {
    api,
    handlers: guardHandlers(api as unknown as ParsedHandlers),
    rearms,
    current: snapshot,
    snapshot: () => shell.current,
    rearm: (reason: string) => void rearms.push(reason),
  };
  return shell;
}
