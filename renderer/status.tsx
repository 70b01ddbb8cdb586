/** Loading and error states, the same on every page, and the busy/error state of a button's action. */
import { useCallback, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorWords } from './error-words';

/** `what` is already in the window's language ("your stats"). */
export function Loading({ what }: { what: string }) {
  const { t } = useTranslation();
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" /> {t('status.loading', { what })}
    </p>
  );
}

export function ErrorNotice({ error, onRetry, children }: { error: unknown; onRetry?: () => void; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="notice notice-error" role="alert">
      <p>{errorWords(error)}</p>
      {children}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('status.tryAgain')}
        </button>
      )}
    </div>
  );
}

export interface Action {
  readonly busy: boolean;
  readonly error: unknown;
  /** Runs `work` unless one is already running; resolves to its value, or undefined when it failed. */
  run<T>(work: () => Promise<T>): Promise<T | undefined>;
  clear(): void;
}

export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const running = useRef(false);
  const run = useCallback(async <T,>(work: () => Promise<T>): Promise<T | undefined> => {
    if (running.current) return undefined;
    running.current = true;
    setBusy(true);
    setError(null);
    try {
      return await work();
    } catch (e) {
      setError(e);
      return undefined;
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);
  const clear = useCallback(() => setError(null), []);
  return { busy, error, run, clear };
}

/** An action's error under its buttons, or nothing. */
export function ActionError({ action }: { action: Action }) {
  useTranslation(); // re-render in a new language
  if (!action.error) return null;
  return (
    <p className="field-error" role="alert">
      {errorWords(action.error)}
    </p>
  );
}

/** The note beside a save button once the save went through. */
export function SavedNote() {
  const { t } = useTranslation();
  return (
    <span className="field-ok" role="status">
      {t('status.saved')}
    </span>
  );
}
