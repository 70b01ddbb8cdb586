/**
 * The real engine behind the window, for component tests and for `npx vite` + `/?fake`:
 * `Engine` over a `MemoryStore`, on a manual clock the test moves (or, for the dev page, the
 * system clock after a made-up history), served through the same `createApi` the hosts use,
 * so every input passes the contract's border check once. Discord is a stand-in control.
 * What a test needs on top (a record of calls, a failure or a wait on the next call of a
 * method, an event of its own) wraps the API; nothing here re-implements the engine.
 */
import { said } from '../../shared/discord-status.js';
import { API_METHODS, ApiError, type ApiEvent, type ApiMethod, type DiscordConfigInput, type DiscordStatus, type MantraApi, type Snapshot } from '../../shared/api.js';
import type { LogEntry } from '../../shared/encounter-log.js';
import { createRng } from '../../shared/random.js';
import { initialProfileState, profileSettingsSchema, type ProfileSettings, type ProfileState } from '../../shared/settings.js';
import { hourOf } from '../../shared/zone.js';
import { createApi } from '../../main/engine/api.js';
import { createManualClock, systemClock, type ManualClock } from '../../main/engine/clock.js';
import { Engine } from '../../main/engine/engine.js';
import type { DiscordControl } from '../../main/engine/ports.js';
import { createRecordingLogger } from '../../main/logger.js';
import { newProfileRecord } from '../../main/store/document.js';
import { MemoryStore } from '../../main/store/memory-store.js';

export const PROFILE = 'desktop';
const HOUR = 3_600_000;

export interface TestApiOptions {
  /** Start of the manual clock (default: now). */
  readonly now?: number;
  /** The system zone the engine falls back on. */
  readonly timeZone?: string;
  readonly host?: Snapshot['host'];
  /** Stored settings and state to start from (merged over the defaults). */
  readonly settings?: Partial<ProfileSettings>;
  readonly state?: Partial<ProfileState>;
  /** Three weeks of a morning-and-evening person's answers and misses before `now`. */
  readonly demo?: boolean;
  /** After the history, run on the system clock (the dev page); default: the manual clock. */
  readonly realTime?: boolean;
}

export interface TestApi extends MantraApi {
  readonly engine: Engine;
  readonly store: MemoryStore;
  /** The engine's clock (after a `realTime` history, only the history ran on it). */
  readonly manual: ManualClock;
  /** Setting `now` moves the engine's clock there, firing every timer on the way. */
  readonly clock: { now: number };
  /** Every call, in order, with its input. */
  readonly calls: { method: ApiMethod; input: unknown }[];
  readonly settings: ProfileSettings;
  readonly state: ProfileState;
  readonly log: readonly LogEntry[];
  /** The stand-in Discord mirror's status; setting it tells the windows, as a status change does. */
  discord: DiscordStatus;
  /** The token the Discord page stored (never part of any reply). */
  readonly token: string | null;
  /** The next call of `method` rejects with `error`. */
  failNext(method: ApiMethod, error: Error): void;
  /** Calls of `method` wait until the returned function is called. */
  hold(method: ApiMethod): () => void;
  /** Pushes an event to the window, as a host does. */
  emit(event: ApiEvent): void;
  /** Looks at the time again (what a host does on resume) and pushes a snapshot. */
  tick(): void;
  snapshot(): Snapshot;
}

/** A Discord control with the mirror's rules for what the page sets, and no network. */
function standInDiscord(onChange: () => void) {
  let token: string | null = null;
  let status: DiscordStatus = { connection: 'off', ...said('noToken'), userId: null, hasToken: false, tokenStorage: 'none', apiBase: null, enabled: true };
  const control: DiscordControl & { token(): string | null; set(s: DiscordStatus): void } = {
    status: () => status,
    token: () => token,
    set(s) {
      status = s;
      onChange();
    },
    async configure(i: DiscordConfigInput) {
      if (i.token !== undefined) token = i.token || null;
      const userId = i.userId === undefined ? status.userId : i.userId || null;
      const apiBase = i.apiBase === undefined ? status.apiBase : i.apiBase || null;
      const enabled = i.enabled ?? status.enabled;
      const ready = enabled && token !== null && userId !== null;
      status = {
        connection: ready ? 'connected' : 'off',
        // The sentence as data, as the real mirror gives it, so the page words it in its language.
        ...(ready ? said('connectedDm', { bot: 'MantraBot', userId: userId ?? '' }) : said(!enabled ? 'mirrorOff' : token === null ? 'noToken' : 'noUser')),
        userId,
        hasToken: token !== null,
        tokenStorage: token !== null ? 'encrypted' : 'none',
        apiBase,
        enabled,
      };
      onChange();
      return status;
    },
    async sendTestDm() {
      if (status.connection !== 'connected') throw new ApiError('Discord is not connected', 'refused');
      return status;
    },
  };
  return control;
}

/** Answers about half the mantras that are out at 8-10 and 19-22 UTC, for three weeks. */
function fillDemo(engine: Engine, clock: ManualClock, until: number): void {
  const rng = createRng(42);
  engine.enroll(PROFILE);
  for (let t = clock.now() + 10 * 60_000; t < until - HOUR; t += 10 * 60_000) {
    clock.advanceTo(t);
    const status = engine.snapshot(PROFILE).status;
    const hour = hourOf(t, 'UTC');
    const around = (hour >= 8 && hour < 10) || (hour >= 19 && hour < 22);
    if (status.kind === 'pending' && around && rng.next() < 0.5) engine.answer(PROFILE, status.mantra.text, 'window');
  }
  clock.advanceTo(until);
}

export function createTestApi(options: TestApiOptions = {}): TestApi {
  const start = options.now ?? Date.now();
  const store = new MemoryStore();
  const record = newProfileRecord();
  store.put(PROFILE, {
    ...record,
    settings: profileSettingsSchema.parse({ ...record.settings, ...options.settings }),
    state: { ...initialProfileState(), ...options.state },
  });
  const manual = createManualClock(options.demo ? start - 21 * 24 * HOUR : start);
  const listeners = new Set<(event: ApiEvent) => void>();
  const emit = (event: ApiEvent): void => {
    for (const l of [...listeners]) l(event);
  };
  let engine: Engine;
  const discord = standInDiscord(() => engine.useDiscord(discord));
  const open = (clock: typeof systemClock): Engine => {
    const e = new Engine({ store, clock, logger: createRecordingLogger(), host: options.host ?? 'headless', discord, systemTimeZone: () => options.timeZone ?? 'UTC' });
    e.start();
    e.ensureProfile(PROFILE);
    return e;
  };
  engine = open(manual);
  if (options.demo) fillDemo(engine, manual, start);
  if (options.realTime) {
    void engine.stop(0);
    engine = open(systemClock);
  }
  const api = createApi(engine, PROFILE, { answerChannel: 'window', discord });
  engine.subscribe((id, event) => {
    if (id === PROFILE) emit(event);
  });

  const calls: { method: ApiMethod; input: unknown }[] = [];
  const failures = new Map<ApiMethod, Error>();
  const holds = new Map<ApiMethod, Promise<void>>();
  const clock = {
    get now() {
      return engine.clock.now();
    },
    set now(at: number) {
      manual.advanceTo(at);
    },
  };

  const test = {
    engine,
    store,
    manual,
    clock,
    calls,
    get settings() {
      return engine.snapshot(PROFILE).settings;
    },
    get state() {
      return engine.snapshot(PROFILE).state;
    },
    get log() {
      return store.readLog(PROFILE);
    },
    get discord() {
      return discord.status();
    },
    set discord(s: DiscordStatus) {
      discord.set(s);
    },
    get token() {
      return discord.token();
    },
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
    tick: () => {
      engine.rearm('tick');
      emit({ type: 'snapshot', snapshot: engine.snapshot(PROFILE) });
    },
    snapshot: () => engine.snapshot(PROFILE),
    subscribe(listener: (e: ApiEvent) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  } as Record<string, unknown>;
  for (const method of API_METHODS) {
    test[method] = async (input?: unknown) => {
      calls.push({ method, input });
      await holds.get(method);
      const failure = failures.get(method);
      if (failure) {
        failures.delete(method);
        throw failure;
      }
      return (api[method] as (input?: unknown) => Promise<unknown>)(input);
    };
  }
  return test as unknown as TestApi;
}
