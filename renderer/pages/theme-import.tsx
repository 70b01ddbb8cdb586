/** Adds a theme pack from a file; a bad file is refused with what is wrong, and nothing changes. */
import { useId, useRef, useState, type ChangeEvent } from 'react';
import type { ImportResult } from '../../shared/api.js';
import { useEngine } from '../engine-context';
import { errorWords } from '../error-words';
import { useAction } from '../status';

const MAX_BYTES = 2_000_000;

export function ThemeImport({ onImported }: { onImported: () => void }) {
  const { api, reload } = useEngine();
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
      setTooBig(`“${file.name}” is ${(file.size / 1_000_000).toFixed(1)} MB; a theme pack file is at most 2 MB. Nothing was changed.`);
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
      <h2 id={`${id}-title`}>Import a theme pack</h2>
      <div className="field">
        <label htmlFor={`${id}-file`}>Theme pack file (.json)</label>
        <input id={`${id}-file`} ref={input} type="file" accept=".json,application/json" disabled={action.busy} onChange={(e) => void onFile(e)} aria-describedby={`${id}-hint`} />
        <span className="hint" id={`${id}-hint`}>
          A JSON file in Mantra’s theme-pack format (see docs/theme-packs.md). A pack with any problem is refused whole.
        </span>
      </div>
      {action.busy && <p role="status">Checking the file…</p>}
      {tooBig && (
        <p className="field-error" role="alert">
          {tooBig}
        </p>
      )}
      {action.error ? (
        <p className="field-error" role="alert">
          {errorWords(action.error)} Nothing was changed.
        </p>
      ) : null}
      {result && !result.ok && (
        <div className="notice notice-error" role="alert">
          <p>
            “{result.file}” was not imported, and nothing was changed. {result.errors.length === 1 ? 'The problem:' : `${result.errors.length} problems:`}
          </p>
          <ul>
            {result.errors.map((err, i) => (
              <li key={i}>{err}</li>
            ))}
          </ul>
        </div>
      )}
      {result?.ok && (
        <p className="notice notice-good" role="status">
          Imported {result.themes.length === 1 ? 'the theme' : `${result.themes.length} themes`} {result.themes.join(', ')} from “{result.file}”. Check them
          in the list above to draw mantras from them.
        </p>
      )}
    </section>
  );
}
