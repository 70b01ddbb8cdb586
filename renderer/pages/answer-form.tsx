/** Typing a mantra back: live match feedback, Enter submits, and the verdict with points, streak and time. */
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AnswerVerdict } from '../../shared/encounter.js';
import { matchAnswer } from '../../shared/mantras.js';
import type { DeliveredMantra } from '../../shared/settings.js';
import { useEngine } from '../engine-context';
import { ActionError, useAction } from '../status';
import { duration, percent } from '../time-words';

function Feedback({ expected, typed }: { expected: string; typed: string }) {
  const { t } = useTranslation();
  if (!typed.trim()) {
    return (
      <p className="match match-far" aria-live="polite">
        {t('answer.typeAbove')}
      </p>
    );
  }
  const match = matchAnswer(expected, typed);
  const tone = match.matches ? 'good' : match.similarity >= 0.6 ? 'near' : 'far';
  const words = match.matches ? t('answer.matches') : match.miss === 'negation' && tone !== 'far' ? t('answer.negation') : tone === 'near' ? t('answer.close') : t('answer.keepTyping');
  return (
    <div>
      <p className={`match match-${tone}`} aria-live="polite">
        {words} <span className="hint">{t('answer.alike', { percent: percent(match.similarity) })}</span>
      </p>
      <div className="meter" aria-hidden="true">
        <span style={{ width: `${Math.round(Math.max(0, match.similarity) * 100)}%` }} />
      </div>
    </div>
  );
}

/** `lang`: the language the mantra is written in (the shipped library is English), for screen readers. */
export function AnswerForm({ mantra, onAccepted, lang = 'en' }: { mantra: DeliveredMantra; onAccepted: (verdict: AnswerVerdict) => void; lang?: string }) {
  const { api, reload } = useEngine();
  const { t } = useTranslation();
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
      // The last verdict was about text that is gone; leaving it under "type first" reads as two verdicts.
      setMiss(null);
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
      <p className="mantra-text" id={`${id}-mantra`} lang={lang}>
        {mantra.text}
      </p>
      <label className="answer-label" htmlFor={`${id}-input`}>
        {t('answer.typeItBack')}
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
          {t('answer.empty')}
        </p>
      )}
      {miss && (
        <p className="field-error" id={`${id}-miss`} role="alert">
          {t('answer.notQuite', { percent: percent(miss.similarity) })}
        </p>
      )}
      <ActionError action={action} />
      <div className="row">
        <button type="submit" className="primary" disabled={action.busy}>
          {action.busy ? t('answer.sending') : t('answer.send')}
        </button>
      </div>
    </form>
  );
}

export function VerdictCard({ verdict, favorite }: { verdict: AnswerVerdict; favorite: ReactNode }) {
  const { t } = useTranslation();
  const bonus = [
    verdict.bonuses.speed > 0 ? t('answer.bonusSpeed', { percent: percent(verdict.bonuses.speed) }) : '',
    verdict.bonuses.streak > 0 ? t('answer.bonusStreak', { percent: percent(verdict.bonuses.streak) }) : '',
  ].filter(Boolean);
  return (
    <section className="notice notice-good" aria-labelledby="verdict-title">
      <h2 id="verdict-title">{t('answer.answered')}</h2>
      <p className="mantra-text" lang="en">
        {verdict.expected}
      </p>
      <dl className="figures">
        <div className="figure">
          <dt>{t('answer.points')}</dt>
          <dd>+{verdict.points}</dd>
        </div>
        <div className="figure">
          <dt>{t('answer.streak')}</dt>
          <dd>{verdict.streak}</dd>
        </div>
        <div className="figure">
          <dt>{t('answer.responseTime')}</dt>
          <dd>{duration(verdict.responseMs)}</dd>
        </div>
      </dl>
      {bonus.length > 0 && <p className="hint">{t('answer.bonus', { list: bonus.join(', ') })}</p>}
      {favorite}
    </section>
  );
}
