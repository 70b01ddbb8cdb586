/**
 * An in-memory MantraApi for component tests and for `npx vite` + `/?fake` while no host runs.
 * It runs the real domain reducers (shared/encounter.ts) on a clock the test controls, so
 * pages see the same states they will see from the engine; inputs pass the same schemas.
 */
import { dayPlan } from '../../shared/plan.js';
import { quietSpanAt } from '../../shared/quiet-hours.js';
import { ApiError, parseApiInput, type ApiEvent, type ApiMethod, type DiscordStatus, type MantraApi, type MantraPreview, type Snapshot, type ThemeSummary } from '../../shared/api.js';
import { algorithmFor } from '../../shared/algorithms.js';
import { learningView } from '../../shared/learning-view.js';
import { ENCOUNTER } from '../../shared/constants.js';
import * as encounter from '../../shared/encounter.js';
import type { LogEntry } from '../../shared/encounter-log.js';
import { formatMantra } from '../../shared/mantras.js';
import { createRng } from '../../shared/random.js';
import { defaultProfileSettings, deliveryModeOf, initialProfileState, type ProfileSettings, type ProfileState } from '../../shared/settings.js';
import { computeStats } from '../../shared/stats.js';
import { DEFAULT_THEME_PACK, loadThemePack, themeLibrary, type ThemePack } from '../../shared/themes.js';
import { hourOf } from '../../shared/zone.js';

export interface FakeOptions {
  /** The fake's clock; defaults to Date.now. */
  readonly now?: () => number;
  readonly timeZone?: string;
  /** Fill the log with three weeks of made-up history (for looking at pages). */
  readonly demo?: boolean;
  readonly host?: Snapshot['host'];
}

export interface FakeApi extends MantraApi {
  /** Every call, in order, with its input. */
  readonly calls: { method: ApiMethod; input: unknown }[];
  settings: ProfileSettings;
  state: ProfileState;
  discord: DiscordStatus;
  /** Stored token (never part of any reply). */
  token: string | null;
  readonly log: LogEntry[];
  /** The next call of `method` rejects with `error`. */
  failNext(method: ApiMethod, error: Error): void;
  /** Calls of `method` wait until the returned function is called. */
  hold(method: ApiMethod): () => void;
  /** Pushes an event to subscribers, as the host does. */
  emit(event: ApiEvent): void;
  /** Runs whatever is due at the fake clock's time (deliveries, timeouts) and pushes a snapshot. */
  tick(): void;
  snapshot(): Snapshot;
}

const HOUR = 3_600_000;

export function createFakeApi(options: FakeOptions = {}): FakeApi {
  const clock = options.now ?? (() => Date.now());
  const timeZone = options.timeZone ?? 'UTC';
  const rng = createRng(7);
  const packs: ThemePack[] = [DEFAULT_THEME_PACK];
  const listeners = new Set<(e: ApiEvent) => void>();
  const failures = new Map<ApiMethod, Error>();
  const holds = new Map<ApiMethod, Promise<void>>();
  const library = () => themeLibrary(packs);

  const fake = {
    calls: [] as { method: ApiMethod; input: unknown }[],
    settings: defaultProfileSettings(),
    state: initialProfileState(),
    discord: { connection: 'off', detail: 'Discord mirroring is off.', userId: null, hasToken: false, tokenStorage: 'none', apiBase: null, enabled: true } as DiscordStatus,
    token: null as string | null,
    log: [] as LogEntry[],
  };

  const ctx = (): encounter.EncounterContext => ({
    algorithm: algorithmFor(fake.settings.learner),
    mode: deliveryModeOf(fake.settings),
    timeZone: fake.settings.timeZone ?? timeZone,
    library: library().mantras,
    themes: fake.settings.themes,
    favorites: fake.settings.favorites,
    names: { subject: fake.settings.subject, controller: fake.settings.controller },
    quietHours: fake.settings.quietHours,
    frequencyRange: fake.settings.frequencyRange,
  });

  function snapshot(): Snapshot {
    const now = clock();
    const s = fake.state;
    const status: Snapshot['status'] = !s.enrolled
      ? s.disabledReason
        ? { kind: 'disabled', reason: s.disabledReason }
        : { kind: 'not-enrolled' }
      : encounter.isPaused(s, now)
        ? { kind: 'paused', until: s.pausedIndefinitely ? null : s.pausedUntil }
        : s.sent !== null && s.current
          ? { kind: 'pending', mantra: s.current, sentAt: s.sent, deadline: s.nextDelivery ?? s.sent }
          : s.nextDelivery === null
            ? { kind: 'not-enrolled' }
            : { kind: 'waiting', nextAt: s.nextDelivery };
    return {
      profileId: 'default',
      now,
      timeZone: fake.settings.timeZone ?? timeZone,
      settings: fake.settings,
      state: fake.state,
      status,
      offerDisable: s.enrolled && s.consecutiveFailures >= ENCOUNTER.offerDisableAfter,
      today: dayPlan(deliveryModeOf(fake.settings), { curve: s.curve, frequency: s.frequency, timeZone: fake.settings.timeZone ?? timeZone, quietHours: fake.settings.quietHours, frequencyRange: fake.settings.frequencyRange }, now),
      quietUntil: quietSpanAt({ windows: fake.settings.quietHours, timeZone: fake.settings.timeZone ?? timeZone }, now)?.end ?? null,
      discord: fake.discord,
      host: options.host ?? 'headless',
      learning: learningView(fake.state, fake.settings, fake.settings.timeZone ?? timeZone),
    };
  }

  function emit(event: ApiEvent): void {
    for (const l of [...listeners]) l(event);
  }

  /** Applies a reducer's step as the engine would: log, state, then events. */
  function apply(step: encounter.Step): void {
    if (step.error) throw new ApiError(step.error, 'refused');
    for (const effect of step.effects) {
      if (effect.kind === 'log') fake.log.push(effect.entry);
      if (effect.kind === 'deliver') emit({ type: 'delivered', mantra: effect.mantra, deadline: effect.deadline });
      if (effect.kind === 'answerResult') emit({ type: 'answer', verdict: effect.verdict });
    }
    fake.state = step.state;
  }

  function tick(): void {
    for (let i = 0; i < 3; i++) {
      const before = fake.state;
      apply(encounter.due(fake.state, ctx(), clock(), rng));
      if (fake.state === before) break;
    }
  }

  function themeSummaries(): ThemeSummary[] {
    return library().themes.map((t) => ({ id: t.id, name: t.name, description: t.description, mantraCount: t.mantraCount, builtIn: t.builtIn, enabled: fake.settings.themes.includes(t.id) }));
  }

  const handlers: { [M in ApiMethod]: (input: never) => unknown } = {
    getSnapshot: () => snapshot(),
    getStats: () => computeStats(fake.log, clock(), fake.settings.timeZone ?? timeZone),
    getLog: (i: { limit: number }) => fake.log.slice(-i.limit),
    enroll: () => (apply(encounter.enroll(fake.state, ctx(), clock())), snapshot()),
    unenroll: () => (apply(encounter.unenroll(fake.state, ctx(), clock())), snapshot()),
    answer: (i: { text: string }) => {
      let verdict: unknown;
      const step = encounter.answer(fake.state, ctx(), { text: i.text, channel: 'api' }, clock());
      for (const e of step.effects) if (e.kind === 'answerResult') verdict = e.verdict;
      apply(step);
      return verdict;
    },
    deliverNow: () => (apply(encounter.deliverNow(fake.state, ctx(), clock(), rng)), snapshot()),
    skip: () => (apply(encounter.skip(fake.state, ctx(), clock())), snapshot()),
    snooze: (i: { minutes: number }) => (apply(encounter.snooze(fake.state, ctx(), i.minutes, clock())), snapshot()),
    pause: (i: { minutes?: number; until?: 'tomorrow' | 'morning' | number; indefinitely?: true }) => {
      const now = clock();
      const until = i.minutes ? now + i.minutes * 60_000 : typeof i.until === 'number' ? i.until : i.until ? now + 12 * HOUR : null;
      apply(encounter.pause(fake.state, ctx(), until, now));
      return snapshot();
    },
    resume: () => (apply(encounter.resume(fake.state, ctx(), clock())), snapshot()),
    updateSettings: (i: Partial<ProfileSettings>) => {
      fake.settings = { ...fake.settings, ...i };
      apply(encounter.reschedule(fake.state, ctx(), clock(), 'settings changed'));
      return snapshot();
    },
    toggleFavorite: (i: { template: string }) => {
      const f = fake.settings.favorites;
      fake.settings = { ...fake.settings, favorites: f.includes(i.template) ? f.filter((t) => t !== i.template) : [...f, i.template] };
      return snapshot();
    },
    listThemes: () => themeSummaries(),
    previewTheme: (i: { themeId: string }) => {
      const mantras = library().mantras.filter((m) => m.theme === i.themeId);
      if (mantras.length === 0) throw new ApiError(`no theme "${i.themeId}"`, 'not-found');
      return mantras.map(
        (m): MantraPreview => ({ ...m, text: formatMantra(m.template, fake.settings), favorite: fake.settings.favorites.includes(m.template) }),
      );
    },
    importThemePack: (i: { json: string }) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(i.json);
      } catch (e) {
        return { ok: false, errors: [`the file is not JSON: ${(e as Error).message}`], themes: [] };
      }
      const loaded = loadThemePack(parsed);
      if (!loaded.ok) return { ok: false, errors: loaded.errors, themes: [] };
      const taken = loaded.pack.themes.filter((t) => library().themes.some((o) => o.id === t.id)).map((t) => `theme id "${t.id}" is already taken`);
      if (taken.length) return { ok: false, errors: taken, themes: [] };
      packs.push(loaded.pack);
      return { ok: true, errors: [], themes: loaded.pack.themes.map((t) => t.id) };
    },
    setDiscord: (i: { token?: string; userId?: string; apiBase?: string; enabled?: boolean }) => {
      if (i.token !== undefined) fake.token = i.token || null;
      const userId = i.userId === undefined ? fake.discord.userId : i.userId || null;
      const apiBase = i.apiBase === undefined ? fake.discord.apiBase : i.apiBase || null;
      const enabled = i.enabled ?? fake.discord.enabled;
      const ready = enabled && fake.token !== null && userId !== null;
      fake.discord = {
        connection: ready ? 'connected' : 'off',
        detail: ready
          ? 'Connected as MantraBot.'
          : !enabled
            ? 'The Discord mirror is turned off.'
            : 'Discord mirroring is off until a token and a user ID are set.',
        userId,
        hasToken: fake.token !== null,
        tokenStorage: fake.token !== null ? 'encrypted' : 'none',
        apiBase,
        enabled,
      };
      return fake.discord;
    },
    sendTestDm: () => {
      if (fake.discord.connection !== 'connected') throw new ApiError('Discord is not connected', 'refused');
      return fake.discord;
    },
  };

  async function call(method: ApiMethod, input: unknown): Promise<unknown> {
    fake.calls.push({ method, input });
    await holds.get(method);
    await Promise.resolve();
    const failure = failures.get(method);
    if (failure) {
      failures.delete(method);
      throw failure;
    }
    const checked = parseApiInput(method, input);
    if (method !== 'getSnapshot' && method !== 'getStats' && method !== 'getLog') tick();
    const out = (handlers[method] as (i: unknown) => unknown)(checked);
    if (!['getSnapshot', 'getStats', 'getLog', 'listThemes', 'previewTheme'].includes(method)) emit({ type: 'snapshot', snapshot: snapshot() });
    return structuredClone(out);
  }

  const api = Object.assign(fake, {
    failNext: (method: ApiMethod, error: Error) => void failures.set(method, error),
    hold(method: ApiMethod): () => void {
      let release!: () => void;
      holds.set(method, new Promise<void>((r) => (release = r)));
      return () => {
        holds.delete(method);
        release();
      };
    },
    emit,
    tick: () => (tick(), emit({ type: 'snapshot', snapshot: snapshot() })),
    snapshot,
    subscribe(listener: (e: ApiEvent) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  });
  for (const method of Object.keys(handlers) as ApiMethod[]) (api as Record<string, unknown>)[method] = (input?: unknown) => call(method, input);
  if (options.demo) fillDemo(api, clock);
  return api as unknown as FakeApi;
}

/** Three weeks of a morning-and-evening person: answers at 8-9 and 19-21, misses elsewhere. */
function fillDemo(api: { state: ProfileState; log: LogEntry[]; settings: ProfileSettings }, clock: () => number): void {
  const rng = createRng(42);
  const now = clock();
  const start = now - 21 * 24 * HOUR;
  const mk = encounter;
  const ctx = (): encounter.EncounterContext => ({
    algorithm: algorithmFor(api.settings.learner),
    mode: { kind: 'adaptive' },
    timeZone: 'UTC',
    library: themeLibrary([DEFAULT_THEME_PACK]).mantras,
    themes: api.settings.themes,
    favorites: [],
    names: { subject: api.settings.subject, controller: api.settings.controller },
  });
  const run = (step: encounter.Step) => {
    for (const e of step.effects) if (e.kind === 'log') api.log.push(e.entry);
    api.state = step.state;
  };
  run(mk.enroll(api.state, ctx(), start));
  for (let t = start + 60_000; t < now - HOUR; t += 10 * 60_000) {
    const s = api.state;
    if (s.sent !== null) {
      const hour = hourOf(t, 'UTC');
      const around = (hour >= 8 && hour < 10) || (hour >= 19 && hour < 22);
      if (around && rng.next() < 0.5) run(mk.answer(s, ctx(), { text: s.current?.text ?? '', channel: 'window' }, t));
    }
    run(mk.due(api.state, ctx(), t, rng));
  }
}
