/**
 * The first run, one step at a time: language, themes (with real mantras), names, how often,
 * quiet hours, channels, then delivery on with when the first mantra comes and one to try now.
 * Each step saves when you go on; "Skip setup" keeps the defaults. Reachable again from Schedule.
 */
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MantraPreview, Snapshot, ThemeSummary } from '../../shared/api.js';
import { INTERVAL } from '../../shared/constants.js';
import { profileSettingsSchema, type ProfileSettingsPatch } from '../../shared/settings.js';
import { useEngine, useLoad, useNow } from '../engine-context';
import { Page, WithSnapshot } from '../page';
import { ActionError, ErrorNotice, Loading, useAction } from '../status';
import { dayAndTime, relative } from '../time-words';
import { LanguageSettings } from './language-field';
import { ThemeText } from '../theme-text';
import { NamesClash } from './themes';

const STEPS = ['language', 'themes', 'names', 'often', 'quiet', 'channels', 'done'] as const;
type Step = (typeof STEPS)[number];

/** What the walk-through has chosen so far; saved step by step. */
interface Draft {
  themes: string[];
  subject: string;
  controller: string;
  mode: 'adaptive' | 'interval';
  intervalHours: number;
  quiet: boolean;
  quietFrom: string;
  quietTo: string;
  notifications: boolean;
  openAnswerWindow: boolean;
}

function draftOf(snapshot: Snapshot): Draft {
  const s = snapshot.settings;
  const night = s.quietHours[0];
  return {
    themes: [...s.themes],
    subject: s.subject,
    controller: s.controller,
    mode: s.mode === 'interval' ? 'interval' : 'adaptive',
    intervalHours: s.intervalHours,
    quiet: s.quietHours.length > 0 || !s.onboarded,
    quietFrom: night?.from ?? '22:00',
    quietTo: night?.to ?? '07:00',
    notifications: s.notifications,
    openAnswerWindow: s.openAnswerWindow,
  };
}

const nameOk = (v: string) => profileSettingsSchema.shape.subject.safeParse(v).success;
const timeOk = (v: string) => /^([01]\d|2[0-3]):[0-5]\d$/.test(v);
/** "7:30" reads as "07:30": the 24-hour HH:MM the engine keeps (the browser's time input would follow its own locale). */
const tidy = (v: string) => (/^\d:\d\d$/.test(v.trim()) ? `0${v.trim()}` : v.trim());

/** What a step saves, or null when its input is not valid yet. */
function patchFor(step: Step, d: Draft, snapshot: Snapshot): ProfileSettingsPatch | null {
  switch (step) {
    case 'themes':
      return d.themes.length > 0 ? { themes: d.themes } : null;
    case 'names':
      return nameOk(d.subject) && nameOk(d.controller) ? { subject: d.subject.trim(), controller: d.controller.trim() } : null;
    case 'often':
      return d.mode === 'interval' ? { mode: 'interval', intervalHours: d.intervalHours } : { mode: 'adaptive' };
    case 'quiet':
      if (!d.quiet) return { quietHours: [] };
      if (!timeOk(d.quietFrom) || !timeOk(d.quietTo) || d.quietFrom === d.quietTo) return null;
      return { quietHours: [{ from: d.quietFrom, to: d.quietTo, days: 'all' }, ...snapshot.settings.quietHours.slice(1)] };
    case 'channels':
      return { notifications: d.notifications, openAnswerWindow: d.openAnswerWindow };
    default:
      return {};
  }
}

function ThemeStep({ draft, set }: { draft: Draft; set: (d: Partial<Draft>) => void }) {
  const { t } = useTranslation();
  const themes = useLoad((api) => api.listThemes());
  const ids = (themes.value ?? []).map((x) => x.id).join(',');
  // Two real mantras of each theme, with the names as they are now.
  const previews = useLoad(
    async (api): Promise<Record<string, readonly MantraPreview[]>> => {
      const list: readonly ThemeSummary[] = themes.value ?? [];
      const all = await Promise.all(list.map((x) => api.previewTheme({ themeId: x.id })));
      return Object.fromEntries(list.map((x, i) => [x.id, (all[i] ?? []).slice(0, 2)]));
    },
    [ids],
  );
  if (!themes.value) return themes.error ? <ErrorNotice error={themes.error} onRetry={themes.reload} /> : <Loading what={t('welcome.themesLoading')} />;
  return (
    <fieldset>
      <legend>{t('welcome.themesLegend')}</legend>
      {themes.value.map((theme) => (
        <label key={theme.id} className="choice">
          <input
            type="checkbox"
            checked={draft.themes.includes(theme.id)}
            onChange={(e) => set({ themes: e.target.checked ? [...draft.themes, theme.id] : draft.themes.filter((x) => x !== theme.id) })}
          />
          <span>
            <strong>
              <ThemeText theme={theme} part="name" /> <span className="tag">{t('welcome.mantraCount', { count: theme.mantraCount })}</span>
            </strong>
            <ThemeText theme={theme} part="description" className="hint" />
            {(previews.value?.[theme.id] ?? []).map((m) => (
              <span key={m.id} className="sample" lang={theme.language}>
                “{m.text}”
              </span>
            ))}
          </span>
        </label>
      ))}
      {draft.themes.length === 0 && (
        <p className="field-error" role="alert">
          {t('welcome.themesNone')}
        </p>
      )}
    </fieldset>
  );
}

function NamesStep({ draft, set }: { draft: Draft; set: (d: Partial<Draft>) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const field = (key: 'subject' | 'controller', label: string, hint: string) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        type="text"
        value={draft[key]}
        maxLength={60}
        aria-invalid={!nameOk(draft[key])}
        aria-describedby={`${id}-${key}-msg`}
        onChange={(e) => set({ [key]: e.target.value })}
      />
      <span id={`${id}-${key}-msg`} className={nameOk(draft[key]) ? 'hint' : 'field-error'}>
        {nameOk(draft[key]) ? hint : t('welcome.nameProblem')}
      </span>
    </div>
  );
  return (
    <>
      <p>{t('welcome.namesIntro')}</p>
      {field('subject', t('welcome.subject'), t('welcome.subjectHint'))}
      {field('controller', t('welcome.controller'), t('welcome.controllerHint'))}
      <NamesClash subject={draft.subject} controller={draft.controller} />
    </>
  );
}

function OftenStep({ draft, set }: { draft: Draft; set: (d: Partial<Draft>) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const hours = Array.from({ length: INTERVAL.maxHours - INTERVAL.minHours + 1 }, (_, i) => INTERVAL.minHours + i);
  return (
    <fieldset>
      <legend>{t('welcome.oftenLegend')}</legend>
      <label className="choice">
        <input type="radio" name={`${id}-mode`} checked={draft.mode === 'adaptive'} onChange={() => set({ mode: 'adaptive' })} />
        <span>
          <strong>{t('welcome.adaptive')}</strong>
          <span className="hint">{t('welcome.adaptiveHint')}</span>
        </span>
      </label>
      <label className="choice">
        <input type="radio" name={`${id}-mode`} checked={draft.mode === 'interval'} onChange={() => set({ mode: 'interval' })} />
        <span>
          <strong>{t('welcome.interval')}</strong>
          <span className="hint">{t('welcome.intervalHint')}</span>
        </span>
      </label>
      {draft.mode === 'interval' && (
        <div className="field">
          <label htmlFor={`${id}-hours`}>{t('welcome.every')}</label>
          <select id={`${id}-hours`} value={draft.intervalHours} onChange={(e) => set({ intervalHours: Number(e.target.value) })}>
            {hours.map((h) => (
              <option key={h} value={h}>
                {t('welcome.hours', { count: h })}
              </option>
            ))}
          </select>
        </div>
      )}
      <p className="hint">{t('welcome.oftenMore')}</p>
    </fieldset>
  );
}

function QuietStep({ draft, set }: { draft: Draft; set: (d: Partial<Draft>) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const bad = draft.quiet && (!timeOk(draft.quietFrom) || !timeOk(draft.quietTo) || draft.quietFrom === draft.quietTo);
  return (
    <>
      <label className="choice">
        <input type="checkbox" checked={draft.quiet} onChange={(e) => set({ quiet: e.target.checked })} />
        <span>
          <strong>{t('welcome.quietOn')}</strong>
          <span className="hint">{t('welcome.quietHint')}</span>
        </span>
      </label>
      {draft.quiet && (
        <div className="row">
          <div className="field">
            <label htmlFor={`${id}-from`}>{t('welcome.quietFrom')}</label>
            <input
              id={`${id}-from`}
              type="text"
              inputMode="numeric"
              placeholder="22:00"
              size={6}
              value={draft.quietFrom}
              aria-invalid={bad}
              onChange={(e) => set({ quietFrom: tidy(e.target.value) })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-to`}>{t('welcome.quietTo')}</label>
            <input id={`${id}-to`} type="text" inputMode="numeric" placeholder="07:00" size={6} value={draft.quietTo} aria-invalid={bad} onChange={(e) => set({ quietTo: tidy(e.target.value) })} />
          </div>
        </div>
      )}
      {draft.quiet && !bad && <p className="hint">{t('welcome.quietFormat')}</p>}
      {bad && (
        <p className="field-error" role="alert">
          {t('welcome.quietProblem')} {t('welcome.quietFormat')}
        </p>
      )}
    </>
  );
}

function ChannelsStep({ draft, set, snapshot }: { draft: Draft; set: (d: Partial<Draft>) => void; snapshot: Snapshot }) {
  const { t } = useTranslation();
  const tray = snapshot.host === 'electron';
  return (
    <fieldset>
      <legend>{t('welcome.channelsLegend')}</legend>
      <label className="choice">
        <input type="checkbox" checked={draft.notifications} onChange={(e) => set({ notifications: e.target.checked })} />
        <span>
          <strong>{t('welcome.notifications')}</strong>
          <span className="hint">{t('welcome.notificationsHint')}</span>
        </span>
      </label>
      <label className="choice">
        <input type="checkbox" checked={tray && draft.openAnswerWindow} disabled={!tray} onChange={(e) => set({ openAnswerWindow: e.target.checked })} />
        <span>
          <strong>{t('welcome.window')}</strong>
          <span className="hint">{tray ? t('welcome.windowHint') : t('welcome.windowBrowser')}</span>
        </span>
      </label>
      <div className="choice">
        <span>
          <strong>{t('welcome.discord')}</strong>
          <span className="hint">
            {snapshot.discord.hasToken ? t('welcome.discordOn') : t('welcome.discordHint')} <a href="#/discord">{t('welcome.discordLink')}</a>
          </span>
        </span>
      </div>
    </fieldset>
  );
}

function DoneStep({ snapshot }: { snapshot: Snapshot }) {
  const { t } = useTranslation();
  const { api, accept } = useEngine();
  const action = useAction();
  const now = useNow(5_000);
  const { status, timeZone } = snapshot;
  const on = status.kind === 'waiting' || status.kind === 'pending' || status.kind === 'paused';
  const go = (work: () => Promise<Snapshot>, then?: () => void) =>
    void action.run(work).then((s) => {
      if (!s) return;
      accept(s);
      then?.();
    });
  return (
    <>
      {!on && (
        <>
          <p>{t('welcome.doneIntro')}</p>
          <div className="row">
            <button type="button" className="primary" disabled={action.busy} onClick={() => go(() => api.enroll())}>
              {t('welcome.turnOn')}
            </button>
          </div>
        </>
      )}
      {status.kind === 'waiting' && (
        <div role="status">
          <p>
            {/* Live from the snapshot: after a test mantra the promised first time is gone, so say the real next one. */}
            <strong>{t(snapshot.state.delivered > 0 ? 'welcome.nextComes' : 'welcome.firstComes', { when: dayAndTime(status.nextAt, timeZone, now), relative: relative(status.nextAt, now) })}</strong>
          </p>
          {snapshot.state.delivered === 0 && <p>{t('welcome.tryNow')}</p>}
        </div>
      )}
      {status.kind === 'pending' && (
        <p role="status">
          <strong>{t('welcome.testWaiting')}</strong>
        </p>
      )}
      {on && (
        <div className="row">
          {status.kind !== 'pending' && (
            <button
              type="button"
              className="primary"
              disabled={action.busy}
              onClick={() =>
                go(
                  () => api.deliverNow(),
                  () => (window.location.hash = '#/answer'),
                )
              }
            >
              {t('welcome.sendTest')}
            </button>
          )}
          <a className="button" href="#/answer">
            {status.kind === 'pending' ? t('welcome.answerIt') : t('welcome.toAnswer')}
          </a>
        </div>
      )}
      <ActionError action={action} />
    </>
  );
}

function Walkthrough({ snapshot }: { snapshot: Snapshot }) {
  const { t } = useTranslation();
  const { api, accept } = useEngine();
  const action = useAction();
  const [index, setIndex] = useState(0);
  const [draft, setDraft] = useState<Draft>(() => draftOf(snapshot));
  const heading = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);
  const step = STEPS[index] ?? 'done';
  const set = (d: Partial<Draft>) => setDraft((old) => ({ ...old, ...d }));
  const patch = patchFor(step, draft, snapshot);

  // Keyboard and screen-reader users land on the new step's heading.
  useEffect(() => {
    if (moved.current) heading.current?.focus();
    moved.current = true;
  }, [index]);

  async function next() {
    if (!patch) return;
    const last = index === STEPS.length - 2;
    const change: ProfileSettingsPatch = last ? { ...patch, onboarded: true } : patch;
    const s = Object.keys(change).length > 0 ? await action.run(() => api.updateSettings(change)) : snapshot;
    if (!s) return;
    accept(s);
    setIndex((i) => Math.min(i + 1, STEPS.length - 1));
  }

  function skip() {
    void action
      .run(() => api.updateSettings({ onboarded: true }))
      .then((s) => {
        if (!s) return;
        accept(s);
        window.location.hash = '#/answer';
      });
  }

  const bodies: Record<Step, ReactNode> = {
    language: (
      <>
        <p>{t('welcome.intro1')}</p>
        <p>{t('welcome.intro2')}</p>
        <LanguageSettings snapshot={snapshot} />
      </>
    ),
    themes: <ThemeStep draft={draft} set={set} />,
    names: <NamesStep draft={draft} set={set} />,
    often: <OftenStep draft={draft} set={set} />,
    quiet: <QuietStep draft={draft} set={set} />,
    channels: <ChannelsStep draft={draft} set={set} snapshot={snapshot} />,
    done: <DoneStep snapshot={snapshot} />,
  };

  return (
    <section className="card welcome" aria-labelledby="welcome-step">
      <p className="hint">{t('welcome.stepOf', { n: index + 1, total: STEPS.length })}</p>
      <h2 id="welcome-step" tabIndex={-1} ref={heading}>
        {t(`welcome.title.${step}`)}
      </h2>
      {bodies[step]}
      <ActionError action={action} />
      <div className="row welcome-nav">
        {index > 0 && step !== 'done' && (
          <button type="button" disabled={action.busy} onClick={() => setIndex((i) => Math.max(0, i - 1))}>
            {t('welcome.back')}
          </button>
        )}
        {step !== 'done' && (
          <button type="button" className="primary" disabled={action.busy || patch === null} onClick={() => void next()}>
            {index === STEPS.length - 2 ? t('welcome.finish') : t('welcome.next')}
          </button>
        )}
        {step !== 'done' && (
          <button type="button" className="link" disabled={action.busy} onClick={skip}>
            {t('welcome.skip')}
          </button>
        )}
      </div>
    </section>
  );
}

export function WelcomePage() {
  const { t } = useTranslation();
  return (
    <Page title={t('pages.welcome')}>
      <WithSnapshot>{(snapshot) => <Walkthrough snapshot={snapshot} />}</WithSnapshot>
    </Page>
  );
}

/** On the Schedule page: the walk-through again, any time. */
export function WelcomeAgain() {
  const { t } = useTranslation();
  return (
    <p>
      <a href="#/welcome">{t('welcome.again')}</a>
    </p>
  );
}
