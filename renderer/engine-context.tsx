/**
 * What every page reads: the API (whichever host implements it) and the live snapshot,
 * kept current by `subscribe` and re-read when the window comes back into view.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { AnswerVerdict } from '../shared/encounter.js';
import type { MantraApi, Snapshot } from '../shared/api.js';

interface EngineView {
  readonly api: MantraApi;
  readonly snapshot: Snapshot | null;
  readonly error: unknown;
  /** Bumped on every snapshot and live event: pages re-read what depends on the engine. */
  readonly version: number;
  /** The last answer verdict pushed live (an answer from another window or from Discord). */
  readonly liveVerdict: AnswerVerdict | null;
  reload(): void;
  /** A method returned a fresh snapshot: show it without waiting for the event. */
  accept(snapshot: Snapshot): void;
}

const EngineContext = createContext<EngineView | null>(null);

export function EngineProvider({ api, children }: { api: MantraApi; children: ReactNode }) {
  const [snapshot, setSnapshot] = useState<Snapshot | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  const [liveVerdict, setLiveVerdict] = useState<AnswerVerdict | null>(null);
  const request = useRef(0);

  const accept = useCallback((next: Snapshot) => {
    setSnapshot(next);
    setError(null);
    setVersion((v) => v + 1);
  }, []);

  const reload = useCallback(() => {
    const id = ++request.current;
    api.getSnapshot().then(
      (next) => {
        if (id === request.current) accept(next);
      },
      (e: unknown) => {
        if (id === request.current) setError(e);
      },
    );
  }, [api, accept]);

  useEffect(() => {
    reload();
    const stop = api.subscribe((event) => {
      switch (event.type) {
        case 'snapshot':
          request.current++;
          accept(event.snapshot);
          break;
        case 'answer':
          setLiveVerdict(event.verdict);
          reload();
          break;
        case 'delivered':
          setLiveVerdict(null);
          reload();
          break;
        case 'openAnswer':
          window.location.hash = '#/answer';
          break;
      }
    });
    const onVisible = () => {
      if (document.visibilityState === 'visible') reload();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      stop();
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [api, reload, accept]);

  const view = useMemo(() => ({ api, snapshot, error, version, liveVerdict, reload, accept }), [api, snapshot, error, version, liveVerdict, reload, accept]);
  return <EngineContext.Provider value={view}>{children}</EngineContext.Provider>;
}

export function useEngine(): EngineView {
  const view = useContext(EngineContext);
  if (!view) throw new Error('useEngine outside EngineProvider');
  return view;
}

export interface Loaded<T> {
  readonly value: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  reload(): void;
}

/** Loads a value from the engine and re-loads it whenever the engine changed (keeps the old value meanwhile). */
export function useLoad<T>(load: (api: MantraApi) => Promise<T>, deps: readonly unknown[] = []): Loaded<T> {
  return useLoadWhen(useEngine().version, load, deps);
}

/** Like useLoad, but re-loads only when `key` changes: for values that depend on part of the engine (the stats on the log). */
export function useLoadWhen<T>(key: unknown, load: (api: MantraApi) => Promise<T>, deps: readonly unknown[] = []): Loaded<T> {
  const { api } = useEngine();
  const [value, setValue] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const [nonce, setNonce] = useState(0);
  useEffect(() => {
    let live = true;
    setLoading(true);
    load(api).then(
      (v) => {
        if (!live) return;
        setValue(v);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (!live) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `load` is a fresh closure each render
  }, [api, key, nonce, ...deps]);
  return { value, error, loading, reload: () => setNonce((n) => n + 1) };
}

/** A clock for "in 5 min" wording, ticking every `everyMs`. */
export function useNow(everyMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}
