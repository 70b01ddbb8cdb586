/** Typing a mantra back: live match feedback, Enter submits, and the verdict with points, streak and time. */
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { AnswerVerdict } from '../../shared/encounter.js';
import { matchAnswer } from '../../shared/mantras.js';
import type { DeliveredMantra } from '../../shared/settings.js';
import { useEngine } from '../engine-context';
import { ActionError, useAction } from '../status';
import { duration } from '../time-words';

function percent(x: number): string {
  return `${Math.round(Math.max(0, x) * 100)} %`;
}

function Feedback({ expected, typed }: { expected: string; typed: string }) {
  if (!typed.trim()) {
    return (
      <p className="match match-far" aria-live="polite">
        Type the mantra above, then press Enter.
      </p>
    );
  }
  const match = matchAnswer(expected, typed);
  const tone = match.matches ? 'good' : match.similarity >= 0.6 ? 'near' : 'far';
  const words = match.matches
    ? '✓ That matches. Press Enter to send it.'
    : match.miss === 'negation' && tone !== 'far'
      ? 'Close, but the meaning turned: check for a missing or extra “not”.'
      : tone === 'near'
        ? 'Close. Check the words.'
        : 'Keep typing.';
  return (
    <div>
      <p className={`match match-${tone}`} aria-live="polite">
        {words} <span className="hint">({percent(match.similarity)} alike)</span>
      </p>
      <div className="meter" aria-hidden="true">
        <span style={{ width: percent(match.similarity).replace(' ', '') }} />
      </div>
    </div>
  );
}

export function AnswerForm({ mantra, onAccepted }: { mantra: DeliveredMantra; onAccepted: (verdict: AnswerVerdict) => void }) {
  const { api, reload } = useEngine();
  const [text, setText] = useState('');
  const [miss, setMiss] = useState<AnswerVerdict | null>(null);
  const [empty, setEmpty] = useState(false);
  const action = useAction();
  const input = useRef<HTMLInputElement>(null);
  const id = useId();

  // The answer window opens (or is shown again) ready to type.
  useEffect(() => {
    input.current?.focus();
    const onFocus = () => input.current?.focus();
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!text.trim()) {
      setEmpty(true);
      input.current?.focus();
      return;
    }
    const verdict = await action.run(() => api.answer({ text }));
    if (!verdict) {
      reload();
      return;
    }
    if (verdict.accepted) onAccepted(verdict);
    else {
      setMiss(verdict);
      input.current?.select();
    }
  }

  const describedBy = [`${id}-feedback`, miss ? `${id}-miss` : '', empty ? `${id}-empty` : ''].filter(Boolean).join(' ');
  return (
    <form onSubmit={submit} noValidate>
      <p className="mantra-text" id={`${id}-mantra`}>
        {mantra.text}
      </p>
      <label className="answer-label" htmlFor={`${id}-input`}>
        Type it back
      </label>
      <input
        id={`${id}-input`}
        ref={input}
        className="answer-input"
        type="text"
        autoComplete="off"
        autoCapitalize="off"
        spellCheck={false}
        value={text}
        aria-invalid={miss !== null || empty}
        aria-describedby={describedBy}
        onChange={(e) => {
          setText(e.target.value);
          setEmpty(false);
        }}
      />
      <div id={`${id}-feedback`}>
        <Feedback expected={mantra.text} typed={text} />
      </div>
      {empty && (
        <p className="field-error" id={`${id}-empty`} role="alert">
          Type the mantra first.
        </p>
      )}
      {miss && (
        <p className="field-error" id={`${id}-miss`} role="alert">
          Not quite: {percent(miss.similarity)} alike. Compare it with the mantra above and try again.
        </p>
      )}
      <ActionError action={action} />
      <div className="row">
        <button type="submit" className="primary" disabled={action.busy}>
          {action.busy ? 'Sending…' : 'Send answer'}
        </button>
      </div>
    </form>
  );
}

export function VerdictCard({ verdict, favorite }: { verdict: AnswerVerdict; favorite: ReactNode }) {
  const bonus = [
    verdict.bonuses.speed > 0 ? `+${Math.round(verdict.bonuses.speed * 100)} % for speed` : '',
    verdict.bonuses.streak > 0 ? `+${Math.round(verdict.bonuses.streak * 100)} % for the streak` : '',
  ].filter(Boolean);
  return (
    <section className="notice notice-good" aria-labelledby="verdict-title">
      <h2 id="verdict-title">✓ Answered</h2>
      <p className="mantra-text">{verdict.expected}</p>
      <dl className="figures">
        <div className="figure">
          <dt>Points</dt>
          <dd>+{verdict.points}</dd>
        </div>
        <div className="figure">
          <dt>Streak</dt>
          <dd>{verdict.streak}</dd>
        </div>
        <div className="figure">
          <dt>Response time</dt>
          <dd>{duration(verdict.responseMs)}</dd>
        </div>
      </dl>
      {bonus.length > 0 && <p className="hint">Bonus: {bonus.join(', ')}.</p>}
      {favorite}
    </section>
  );
}
