/** Mirroring mantras to a Discord DM: the bot token (write-only), the user to DM, the status, a test DM. */
import { discordStatusWords } from '../../shared/i18n/discord-status-words.js';
import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { discordConfigInputSchema, type DiscordConfigInput, type DiscordConnection, type DiscordStatus, type Snapshot } from '../../shared/api.js';
import { useEngine } from '../engine-context';
import { Page, WithSnapshot } from '../page';
import { ActionError, SavedNote, useAction } from '../status';
import { SwitchField } from '../switch';
import { problemSentence } from '../error-words';

const CONNECTION: Record<DiscordConnection, { words: 'off' | 'connecting' | 'connected' | 'reconnecting' | 'badToken' | 'cannotDm' | 'error'; tone: string }> = {
  off: { words: 'off', tone: '' },
  connecting: { words: 'connecting', tone: '' },
  connected: { words: 'connected', tone: 'tag-good' },
  reconnecting: { words: 'reconnecting', tone: '' },
  'bad-token': { words: 'badToken', tone: 'tag-bad' },
  'cannot-dm': { words: 'cannotDm', tone: 'tag-bad' },
  error: { words: 'error', tone: 'tag-bad' },
};

const sentence = (m: string) => m.charAt(0).toUpperCase() + m.slice(1) + (/[.!?)]$/.test(m) ? '' : '.');

function problem(field: 'userId' | 'apiBase', value: string): string | null {
  const r = discordConfigInputSchema.shape[field].safeParse(value.trim());
  return r.success ? null : problemSentence(r.error.issues, [field]);
}

export function tokenWords(t: TFunction, status: DiscordStatus): string {
  if (!status.hasToken || status.tokenStorage === 'none') return t('discordPage.tokenNone');
  if (status.tokenStorage === 'encrypted') return t('discordPage.tokenEncrypted');
  if (status.tokenStorage === 'keyring') return t('discordPage.tokenKeyring');
  return t('discordPage.tokenMemory');
}

function StatusCard({ status, children }: { status: DiscordStatus; children: ReactNode }) {
  const { t } = useTranslation();
  const c = CONNECTION[status.connection];
  return (
    <section className="card" aria-labelledby="discord-status">
      <div aria-live="polite">
        <h2 id="discord-status">
          {t('discordPage.status')} <span className={`tag ${c.tone}`}>{t(`discordPage.connection.${c.words}`)}</span>
        </h2>
        {status.detail && <p>{sentence(discordStatusWords(status, t))}</p>}
        <p className="hint">{!status.userId ? t('discordPage.noUser') : status.enabled ? t('discordPage.mirrored', { user: status.userId }) : t('discordPage.mirrorOff', { user: status.userId })}</p>
      </div>
      {children}
    </section>
  );
}

/** The mirror's on/off switch: off keeps the token and the user, and sends nothing. */
function MirrorSwitch({ status, onStatus }: { status: DiscordStatus; onStatus: (next: DiscordStatus) => void }) {
  const { api } = useEngine();
  const { t } = useTranslation();
  const action = useAction();
  // Shown at once while the mirror logs in or out; its answer (or a refusal) replaces it.
  const [pending, setPending] = useState<boolean | null>(null);
  const on = pending ?? status.enabled;
  function change(enabled: boolean) {
    if (action.busy) return; // a click while the last one saves is ignored (the switch shows the pending choice)
    setPending(enabled);
    void action
      .run(() => api.setDiscord({ enabled }))
      .then((next) => next && onStatus(next))
      .finally(() => setPending(null));
  }
  return (
    <SwitchField
      label={t('discordPage.mirror')}
      about={action.busy ? (on ? t('discordPage.turningOn') : t('discordPage.turningOff')) : t('discordPage.mirrorAbout')}
      checked={on}
      onChange={change}
      action={action}
    />
  );
}

function DiscordView({ snapshot }: { snapshot: Snapshot }) {
  const { api, version } = useEngine();
  const { t } = useTranslation();
  const id = useId();
  const [status, setStatus] = useState<DiscordStatus>(snapshot.discord);
  const [token, setToken] = useState('');
  const [userId, setUserId] = useState(snapshot.discord.userId ?? '');
  const [apiBase, setApiBase] = useState(snapshot.discord.apiBase ?? '');
  const [saved, setSaved] = useState(false);
  const [tested, setTested] = useState(false);
  const save = useAction();
  const test = useAction();

  // A newer snapshot carries the newest status (connection changes arrive as snapshot events).
  useEffect(() => setStatus(snapshot.discord), [version, snapshot.discord]);

  const problems = { userId: problem('userId', userId), apiBase: problem('apiBase', apiBase) };

  async function submit(change: DiscordConfigInput) {
    setSaved(false);
    setTested(false);
    const next = await save.run(() => api.setDiscord(change));
    if (next) {
      setStatus(next);
      setToken('');
      setSaved(true);
    }
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (problems.userId || problems.apiBase) return;
    void submit({ ...(token.trim() ? { token: token.trim() } : {}), userId: userId.trim(), apiBase: apiBase.trim() });
  }

  async function sendTest() {
    setTested(false);
    const next = await test.run(() => api.sendTestDm());
    if (next) {
      setStatus(next);
      setTested(true);
    }
  }

  return (
    <>
      <StatusCard status={status}>
        <MirrorSwitch status={status} onStatus={setStatus} />
      </StatusCard>
      <form className="card" onSubmit={onSubmit} noValidate aria-labelledby={`${id}-title`}>
        <h2 id={`${id}-title`}>{t('discordPage.botTitle')}</h2>
        <div className="field">
          <label htmlFor={`${id}-token`}>{t('discordPage.token')}</label>
          <input
            id={`${id}-token`}
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={token}
            placeholder={status.hasToken ? t('discordPage.tokenReplace') : t('discordPage.tokenPaste')}
            aria-describedby={`${id}-token-msg`}
            onChange={(e) => (setToken(e.target.value), setSaved(false))}
          />
          <span className="hint" id={`${id}-token-msg`}>
            {tokenWords(t, status)}
          </span>
          {status.hasToken && (
            <div>
              <button type="button" className="link" disabled={save.busy} onClick={() => void submit({ token: '' })}>
                {t('discordPage.forget')}
              </button>
            </div>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${id}-user`}>{t('discordPage.userId')}</label>
          <input
            id={`${id}-user`}
            type="text"
            inputMode="numeric"
            autoComplete="off"
            value={userId}
            aria-invalid={problems.userId !== null}
            aria-describedby={`${id}-user-msg`}
            onChange={(e) => (setUserId(e.target.value), setSaved(false))}
          />
          <span className={problems.userId ? 'field-error' : 'hint'} id={`${id}-user-msg`}>
            {problems.userId ?? t('discordPage.userHint')}
          </span>
        </div>
        <details>
          <summary>{t('discordPage.advanced')}</summary>
          <div className="field" style={{ marginTop: '0.5rem' }}>
            <label htmlFor={`${id}-base`}>{t('discordPage.apiBase')}</label>
            <input
              id={`${id}-base`}
              type="url"
              autoComplete="off"
              value={apiBase}
              placeholder="https://discord.com/api"
              aria-invalid={problems.apiBase !== null}
              aria-describedby={`${id}-base-msg`}
              onChange={(e) => (setApiBase(e.target.value), setSaved(false))}
            />
            <span className={problems.apiBase ? 'field-error' : 'hint'} id={`${id}-base-msg`}>
              {problems.apiBase ?? t('discordPage.apiBaseHint')}
            </span>
          </div>
        </details>
        <ActionError action={save} />
        <div className="row">
          <button type="submit" className="primary" disabled={save.busy || problems.userId !== null || problems.apiBase !== null}>
            {save.busy ? t('discordPage.saving') : t('discordPage.save')}
          </button>
          {saved && <SavedNote />}
        </div>
      </form>
      <section className="card" aria-labelledby={`${id}-test`}>
        <h2 id={`${id}-test`}>{t('discordPage.checkTitle')}</h2>
        <p className="hint">{t('discordPage.checkHint')}</p>
        <button type="button" disabled={test.busy || !status.hasToken || !status.userId || !status.enabled} onClick={() => void sendTest()}>
          {test.busy ? t('discordPage.sending') : t('discordPage.sendTest')}
        </button>
        {!status.hasToken || !status.userId ? <p className="hint">{t('discordPage.needToken')}</p> : !status.enabled && <p className="hint">{t('discordPage.needMirror')}</p>}
        <ActionError action={test} />
        {tested && (
          <p className={status.connection === 'connected' ? 'field-ok' : 'field-error'} role="status">
            {status.connection === 'connected' ? t('discordPage.sent') : sentence(status.detail ? discordStatusWords(status, t) : t('discordPage.notSent'))}
          </p>
        )}
      </section>
    </>
  );
}

export function DiscordPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('pages.discord')} intro={t('discordPage.intro')}>
      <WithSnapshot>{(snapshot) => <DiscordView snapshot={snapshot} />}</WithSnapshot>
    </Page>
  );
}
