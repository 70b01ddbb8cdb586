/** Adds a theme pack from a file; a bad file is refused with what is wrong, and nothing changes. */
import { useId, useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportResult } from '../../shared/api.js';
import { useEngine } from '../engine-context';
import { errorWords } from '../error-words';
import { useAction } from '../status';
import type { TFunction } from 'i18next';
import { problemWords } from '../../shared/i18n/refusal-words.js';
import { pathLabel } from '../../shared/refusals.js';

const MAX_BYTES = 2_000_000;

/** One line per problem in the window's language; only the JSON parser's text and a mantra's own check stay as given. */
function problemLines(result: ImportResult, t: TFunction): string[] {
  if (result.notJson !== undefined) return [t('themes.import.notJson', { detail: result.notJson })];
  if (!result.issues || result.issues.length === 0) return [...result.errors];
  return result.issues.map((issue) => {
    // A mantra's placeholder and grammar checks explain themselves to the pack's author in the pack's language.
    const problem =
      issue.code === 'unrecognized_keys'
        ? t('themes.import.unknownKeys', { keys: (issue.values ?? []).map((v) => `"${String(v)}"`).join(', ') })
        : issue.code === 'invalid_format' && issue.path.at(-1) === 'id'
          ? t('themes.import.kebabId')
          : issue.code === 'custom' && issue.check === undefined
            ? issue.message
            : problemWords(issue, t);
    const where = pathLabel(issue.path);
    return where ? t('themes.import.at', { where, problem }) : `${problem.charAt(0).toLocaleUpperCase()}${problem.slice(1)}.`;
  });
}

export function ThemeImport({ onImported }: { onImported: () => void }) {
  const { api, reload } = useEngine();
  const { t, i18n } = useTranslation();
  const id = useId();
  const action = useAction();
  const [result, setResult] = useState<(ImportResult & { file: string }) | null>(null);
  const [tooBig, setTooBig] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);

  async function onFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    setResult(null);
    setTooBig(null);
    action.clear();
    if (!file) return;
    if (file.size > MAX_BYTES) {
      setTooBig(t('themes.import.tooBig', { file: file.name, size: new Intl.NumberFormat(i18n.language, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(file.size / 1_000_000) }));
      return;
    }
    const outcome = await action.run(async () => api.importThemePack({ json: await file.text() }));
    if (input.current) input.current.value = '';
    if (!outcome) return;
    setResult({ ...outcome, file: file.name });
    if (outcome.ok) {
      onImported();
      reload();
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('themes.import.title')}</h2>
      <div className="field">
        <label htmlFor={`${id}-file`}>{t('themes.import.file')}</label>
        <input id={`${id}-file`} ref={input} type="file" accept=".json,application/json" disabled={action.busy} onChange={(e) => void onFile(e)} aria-describedby={`${id}-hint`} />
        <span className="hint" id={`${id}-hint`}>
          {t('themes.import.hint')}
        </span>
      </div>
      {action.busy && <p role="status">{t('themes.import.checking')}</p>}
      {tooBig && (
        <p className="field-error" role="alert">
          {tooBig}
        </p>
      )}
      {action.error ? (
        <p className="field-error" role="alert">
          {errorWords(action.error)} {t('themes.import.nothingChanged')}
        </p>
      ) : null}
      {result && !result.ok && (
        <div className="notice notice-error" role="alert">
          <p>
            {t('themes.import.refused', { file: result.file })} {t('themes.import.problems', { count: result.errors.length })}
          </p>
          <ul>
            {problemLines(result, t).map((line, i) => (
              <li key={i}>{line}</li>
            ))}
          </ul>
        </div>
      )}
      {result?.ok && (
        <p className="notice notice-good" role="status">
          {t('themes.import.imported', { count: result.themes.length, names: result.themes.join(', '), file: result.file })}
        </p>
      )}
    </section>
  );
}
