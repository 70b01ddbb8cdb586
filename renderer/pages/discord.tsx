/** Mirroring mantras to a Discord DM: the bot token (write-only), the user to DM, the status, a test DM. */
import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { discordConfigInputSchema, type DiscordConfigInput, type DiscordConnection, type DiscordStatus, type Snapshot } from '../../shared/api.js';
import { useEngine } from '../engine-context';
import { Page, WithSnapshot } from '../page';
import { ActionError, SavedNote, useAction } from '../status';
import { SwitchField } from '../switch';

const CONNECTION: Record<DiscordConnection, { words: string; tone: string }> = {
  off: { words: 'Off', tone: '' },
  connecting: { words: 'Connecting…', tone: '' },
  connected: { words: 'Connected', tone: 'tag-good' },
  reconnecting: { words: 'Reconnecting…', tone: '' },
  'bad-token': { words: 'Token refused', tone: 'tag-bad' },
  'cannot-dm': { words: 'Cannot send you a DM', tone: 'tag-bad' },
  error: { words: 'Error', tone: 'tag-bad' },
};

const sentence = (m: string) => m.charAt(0).toUpperCase() + m.slice(1) + (/[.!?)]$/.test(m) ? '' : '.');

function problem(field: 'userId' | 'apiBase', value: string): string | null {
  const r = discordConfigInputSchema.shape[field].safeParse(value.trim());
  return r.success ? null : sentence(r.error.issues[0]?.message ?? 'not valid');
}

export function tokenWords(status: DiscordStatus): string {
  if (!status.hasToken || status.tokenStorage === 'none') return 'No token is stored.';
  if (status.tokenStorage === 'encrypted') return 'A token is stored (encrypted). It is never shown again; type a new one to replace it.';
  if (status.tokenStorage === 'keyring') return 'A token is stored in the desktop keyring (Secret Service). It is never shown again; type a new one to replace it.';
  return 'A token is kept in memory only: this system offers no desktop keyring or encryption, so Mantra does not write it to disk and you will enter it again after a restart.';
}

function StatusCard({ status, children }: { status: DiscordStatus; children: ReactNode }) {
  const c = CONNECTION[status.connection];
  return (
    <section className="card" aria-labelledby="discord-status">
      <div aria-live="polite">
        <h2 id="discord-status">
          Status: <span className={`tag ${c.tone}`}>{c.words}</span>
        </h2>
        {status.detail && <p>{sentence(status.detail)}</p>}
        <p className="hint">
          {!status.userId
            ? 'No Discord user set yet.'
            : status.enabled
              ? `Mantras are mirrored to Discord user ${status.userId}.`
              : `Mirroring is off; when it is on, mantras go to Discord user ${status.userId}.`}
        </p>
      </div>
      {children}
    </section>
  );
}

/** The mirror's on/off switch: off keeps the token and the user, and sends nothing. */
function MirrorSwitch({ status, onStatus }: { status: DiscordStatus; onStatus: (next: DiscordStatus) => void }) {
  const { api } = useEngine();
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
      label="Mirror mantras to Discord"
      about={
        action.busy
          ? on
            ? 'Turning on: logging in to Discord…'
            : 'Turning off…'
          : 'Off keeps the token and your user ID, but sends no DMs and reads no replies. The desktop carries on either way.'
      }
      checked={on}
      onChange={change}
      action={action}
    />
  );
}

function DiscordView({ snapshot }: { snapshot: Snapshot }) {
  const { api, version } = useEngine();
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
        <h2 id={`${id}-title`}>Bot and user</h2>
        <div className="field">
          <label htmlFor={`${id}-token`}>Bot token</label>
          <input
            id={`${id}-token`}
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={token}
            placeholder={status.hasToken ? 'Type a new token to replace the stored one' : 'Paste the bot token'}
            aria-describedby={`${id}-token-msg`}
            onChange={(e) => (setToken(e.target.value), setSaved(false))}
          />
          <span className="hint" id={`${id}-token-msg`}>
            {tokenWords(status)}
          </span>
          {status.hasToken && (
            <div>
              <button type="button" className="link" disabled={save.busy} onClick={() => void submit({ token: '' })}>
                Forget the stored token
              </button>
            </div>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${id}-user`}>Your Discord user ID</label>
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
            {problems.userId ?? 'The account the bot sends mantras to by DM. Leave empty to stop mirroring.'}
          </span>
        </div>
        <details>
          <summary>Advanced</summary>
          <div className="field" style={{ marginTop: '0.5rem' }}>
            <label htmlFor={`${id}-base`}>Discord API base URL</label>
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
              {problems.apiBase ?? 'Leave empty for Discord itself; set it only for a test server.'}
            </span>
          </div>
        </details>
        <ActionError action={save} />
        <div className="row">
          <button type="submit" className="primary" disabled={save.busy || problems.userId !== null || problems.apiBase !== null}>
            {save.busy ? 'Saving…' : 'Save'}
          </button>
          {saved && <SavedNote />}
        </div>
      </form>
      <section className="card" aria-labelledby={`${id}-test`}>
        <h2 id={`${id}-test`}>Check it</h2>
        <p className="hint">Sends one message to your DMs, so you know the bot can reach you.</p>
        <button type="button" disabled={test.busy || !status.hasToken || !status.userId || !status.enabled} onClick={() => void sendTest()}>
          {test.busy ? 'Sending…' : 'Send a test DM'}
        </button>
        {!status.hasToken || !status.userId ? (
          <p className="hint">Save a bot token and your user ID first.</p>
        ) : (
          !status.enabled && <p className="hint">Turn on “Mirror mantras to Discord” first.</p>
        )}
        <ActionError action={test} />
        {tested && (
          <p className={status.connection === 'connected' ? 'field-ok' : 'field-error'} role="status">
            {status.connection === 'connected' ? 'Sent. Look for it in your Discord DMs.' : sentence(status.detail || 'The test DM could not be sent')}
          </p>
        )}
      </section>
    </>
  );
}

export function DiscordPage() {
  return (
    <Page title="Discord" intro="Mantra can also send each mantra as a Discord DM from your own bot; your reply there counts as the answer.">
      <WithSnapshot>{(snapshot) => <DiscordView snapshot={snapshot} />}</WithSnapshot>
    </Page>
  );
}
