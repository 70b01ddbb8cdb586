/**
 * The Discord mirror: a delivery channel beside the desktop (every delivery also goes out
 * as a DM, a reply there is an answer) and the control the API and `doctor` see. It never
 * throws into the engine and never holds it up: failures become its status.
 */
import { join } from 'node:path';
import { REST, Routes, type Client } from 'discord.js';
import { ApiError, discordConfigInputSchema, invalidInput, type DiscordConfigInput, type DiscordStatus } from '../../../shared/api.js';
import { localePreferencesOf } from '../../../shared/settings.js';
import type { ChannelContext, Delivery, DeliveryChannel, DisableOffer, Disabling, DiscordControl, Settlement } from '../../engine/ports.js';
import { consoleLogger, type Logger } from '../../logger.js';
import { openAudience, ownerAudience, type Audience } from './audience.js';
import { MANTRA_COMMAND } from './commands.js';
import type { MirrorEngine } from './engine-port.js';
import { classify, DEFAULT_BACKOFF, reason, scrub, withTimeout, type Backoff, type Fault } from './faults.js';
import { DmInbox } from './inbox.js';
import { snowflakeSchema } from './inbound.js';
import { DmLedger, LEDGER_FILE, type MirrorConfig } from './ledger.js';
import { DiscordLink, type LinkState } from './link.js';
import { DmOutbox } from './outbox.js';
import { missingConfig } from './offline-status.js';
import { said } from '../../../shared/discord-status.js';

export const DISCORD_API = 'https://discord.com/api';

/** Where the token is kept between runs (Electron: safeStorage). The mirror never writes it itself. */
export interface TokenVault {
  /** 'encrypted': safeStorage on disk; 'keyring': the desktop keyring (Secret Service); 'memory': lost at exit. */
  readonly storage: 'encrypted' | 'keyring' | 'memory';
  load(): Promise<string | null>;
  save(token: string | null): Promise<void>;
}

export interface DiscordMirrorOptions {
  readonly engine: MirrorEngine;
  /** 'owner': the desktop app, one profile DMed to one configured user. 'open': server mode, `discord-<userId>` per user. */
  readonly audience: 'owner' | 'open';
  /** Owner mode: the profile mirrored (default "desktop"). */
  readonly profileId?: string;
  /** Where `discord.json` (DM ids, user id, API base; never the token) lives; null/absent: memory only. */
  readonly dataDir?: string | null;
  readonly vault?: TokenVault;
  /** What `vault.load()` gave when the host already asked it (null: no token saved): start takes it instead of asking again. */
  readonly vaultToken?: string | null;
  /** A token given by the host (server mode: MANTRA_DISCORD_TOKEN); not saved. */
  readonly token?: string;
  /** REST base URL given by the host (MANTRA_DISCORD_API); overrides the saved one. */
  readonly apiBase?: string;
  /** Owner mode: the user to DM, overriding the saved one. */
  readonly userId?: string;
  readonly logger?: Logger;
  readonly now?: () => number;
  /** Longest the engine's call to this channel lasts (the Discord call itself may carry on). */
  readonly callTimeoutMs?: number;
  readonly readyTimeoutMs?: number;
  readonly backoff?: Backoff;
  /** discord.js REST: per-request timeout and retries on 5xx / network errors (429s are always waited out). */
  readonly rest?: { readonly timeout: number; readonly retries: number };
}

const normalizeToken = (t: string): string | null => t.replace(/^(Bot|Bearer)\s+/i, '').trim() || null;

export class DiscordMirror implements DeliveryChannel, DiscordControl {
  readonly name = 'discord';
  private readonly audience: Audience;
  private readonly ledger: DmLedger;
  private readonly outbox: DmOutbox;
  private readonly inbox: DmInbox;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly callTimeoutMs: number;
  private token: string | null;
  private tokenFromHost: boolean;
  private config: MirrorConfig;
  private link: DiscordLink | null = null;
  private rest: REST | null = null;
  private fault: Fault | null = null;
  private applicationId: string | null = null;
  private commandsRegistered = false;
  private catchingUp: Promise<void> | null = null;
  private lastStatus = '';
  private readonly listeners = new Set<(status: DiscordStatus) => void>();

  constructor(private readonly options: DiscordMirrorOptions) {
    this.logger = options.logger ?? consoleLogger;
    this.now = options.now ?? Date.now;
    this.callTimeoutMs = options.callTimeoutMs ?? 30_000;
    this.ledger = new DmLedger(options.dataDir ? join(options.dataDir, LEDGER_FILE) : null, (m) => this.warn(m));
    this.config = {
      ...this.ledger.config,
      ...(options.userId !== undefined ? { userId: options.userId } : {}),
      ...(options.apiBase !== undefined ? { apiBase: options.apiBase } : {}),
    };
    this.token = options.token !== undefined ? normalizeToken(options.token) : null;
    this.tokenFromHost = this.token !== null;
    this.audience = options.audience === 'owner' ? ownerAudience(options.profileId ?? 'desktop', () => this.config.userId) : openAudience;
    const { engine } = options;
    this.outbox = new DmOutbox({
      rest: () => this.rest,
      ledger: this.ledger,
      engine,
      audience: this.audience,
      now: this.now,
      callTimeoutMs: this.callTimeoutMs,
      outcome: (e, userId) => this.outcome(e, userId),
    });
    this.inbox = new DmInbox({
      engine,
      audience: this.audience,
      ledger: this.ledger,
      outbox: this.outbox,
      now: this.now,
      callTimeoutMs: this.callTimeoutMs,
      problem: (what, e) => this.warn(`Discord: ${what} failed: ${reason(e, [this.token])}`),
    });
  }

  /** Loads the saved token (unless one was given) and connects when configured. Never throws. */
  async start(): Promise<DiscordStatus> {
    if (this.token === null && this.options.vault) {
      try {
        const saved = this.options.vaultToken !== undefined ? this.options.vaultToken : await this.options.vault.load();
        this.token = normalizeToken(saved ?? '');
      } catch (e) {
        this.warn(`Discord: reading the saved token failed: ${reason(e, [])}`);
      }
    }
    await this.reconnect();
    return this.status();
  }

  async stop(graceMs = 2000): Promise<void> {
    await withTimeout(this.outbox.idle(), graceMs, 'finishing Discord calls').catch(() => undefined);
    await this.link?.stop();
    this.link = null;
    this.rest = null;
  }

  /** Resolves when the connection attempt has an outcome (or after `ms`). */
  async whenSettled(ms = 10_000): Promise<DiscordStatus> {
    await this.link?.settled(ms);
    return this.status();
  }

  /** Resolves once every Discord call queued so far has finished. */
  idle(): Promise<void> {
    return this.outbox.idle();
  }

  onStatus(listener: (status: DiscordStatus) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  private get api(): string {
    return this.config.apiBase ?? DISCORD_API;
  }

  private missing(): ReturnType<typeof missingConfig> {
    return missingConfig(this.config, this.token !== null, this.audience.kind === 'owner');
  }

  status(): DiscordStatus {
    const base = {
      userId: this.audience.kind === 'owner' ? this.config.userId : null,
      hasToken: this.token !== null,
      // A token the host passed in (environment) lives in memory, whatever the vault could do.
      tokenStorage: this.token === null ? ('none' as const) : this.tokenFromHost ? ('memory' as const) : (this.options.vault?.storage ?? 'memory'),
      apiBase: this.config.apiBase,
      enabled: this.config.enabled,
    };
    const missing = this.missing();
    if (missing !== null || !this.link) return { ...base, connection: 'off', ...said(missing ?? 'notStarted') };
    const link = this.link.state;
    if (link.connection === 'connected' && this.fault) return { ...base, ...this.fault };
    // The owner's page also says whose DMs the mantras go to.
    const dmTo = link.connection === 'connected' && this.audience.kind === 'owner' && this.config.userId !== null;
    return { ...base, connection: link.connection, ...(dmTo ? said('connectedDm', { ...link.said.params, userId: this.config.userId ?? '' }) : { detail: link.detail, said: link.said }) };
  }

  async configure(input: DiscordConfigInput): Promise<DiscordStatus> {
    const parsed = discordConfigInputSchema.safeParse(input);
    if (!parsed.success) throw invalidInput('invalid Discord settings', parsed.error.issues);
    const i = parsed.data;
    if (i.apiBase && !/^https?:\/\//i.test(i.apiBase))
      throw new ApiError('invalid Discord settings: apiBase: must be an http(s) URL', 'invalid-input', {
        reason: 'invalidInput',
        issues: [{ path: ['apiBase'], code: 'custom', check: 'httpUrl', message: 'must be an http(s) URL' }],
      });
    const before = { token: this.token, apiBase: this.config.apiBase, enabled: this.config.enabled, userId: this.config.userId };
    if (i.token !== undefined) {
      this.token = normalizeToken(i.token);
      this.tokenFromHost = false;
      await this.options.vault?.save(this.token);
    }
    this.config = {
      userId: i.userId === undefined ? this.config.userId : i.userId || null,
      apiBase: i.apiBase === undefined ? this.config.apiBase : i.apiBase.replace(/\/+$/, '') || null,
      enabled: i.enabled ?? this.config.enabled,
    };
    this.ledger.setConfig(this.config);
    const relogin = before.token !== this.token || before.apiBase !== this.config.apiBase || before.enabled !== this.config.enabled || !this.link || this.missing() !== null;
    if (relogin) await this.reconnect();
    else if (before.userId !== this.config.userId) {
      // Another user: the login stays, a closed-DM verdict about the old one does not.
      this.fault = null;
      this.emit();
    }
    return this.whenSettled();
  }

  async sendTestDm(): Promise<DiscordStatus> {
    if (this.audience.kind !== 'owner' || this.missing() !== null) return this.status();
    await this.whenSettled();
    await this.outbox.send(this.options.profileId ?? 'desktop', 'sending a test DM', {
      content: '👋 Mantra test: your mantras will arrive here. Type a mantra back in this DM to answer it.',
    });
    return this.status();
  }

  enabledFor({ profileId }: ChannelContext): boolean {
    return this.missing() === null && this.rest !== null && this.link?.state.connection !== 'bad-token' && this.audience.userFor(profileId) !== null;
  }

  deliver(delivery: Delivery): Promise<void> {
    return this.outbox.deliver(delivery);
  }

  settle(settlement: Settlement): Promise<void> {
    return this.outbox.settle(settlement);
  }

  offerDisable(offer: DisableOffer): Promise<void> {
    return this.outbox.offerDisable(offer);
  }

  disabled(disabling: Disabling): Promise<void> {
    return this.outbox.disabled(disabling);
  }

  private async reconnect(): Promise<void> {
    await this.link?.stop();
    this.link = null;
    this.rest = null;
    this.fault = null;
    this.applicationId = null;
    this.commandsRegistered = false;
    const token = this.token;
    if (this.missing() !== null || token === null) return this.emit();
    const rest = this.options.rest ?? { timeout: 15_000, retries: 3 };
    this.rest = new REST({ api: this.api, version: '10', timeout: rest.timeout, retries: rest.retries }).setToken(token);
    this.link = new DiscordLink({
      token,
      api: this.api,
      rest,
      backoff: this.options.backoff ?? DEFAULT_BACKOFF,
      readyTimeoutMs: this.options.readyTimeoutMs ?? 30_000,
      warn: (m) => this.warn(m),
      handlers: {
        message: (m) => this.inbox.message(m),
        interaction: (i) => this.inbox.interaction(i),
        ready: (client) => this.ready(client),
        state: (s) => this.linkChanged(s),
      },
    });
    this.link.start();
    this.emit();
  }

  private ready(client: Client<true>): void {
    const id = snowflakeSchema.safeParse(client.application.id);
    if (!id.success) return this.warn('Discord: READY carried no valid application id; /mantra cannot be registered');
    this.applicationId = id.data;
    void this.caughtUp();
  }

  /** After each (re)connection: register /mantra until it took, and tidy DMs whose mantra closed meanwhile. */
  private caughtUp(): Promise<void> {
    this.catchingUp ??= this.catchUp().finally(() => (this.catchingUp = null));
    return this.catchingUp;
  }

  private async catchUp(): Promise<void> {
    const rest = this.rest;
    if (rest && this.applicationId && !this.commandsRegistered) {
      try {
        await withTimeout(rest.put(Routes.applicationCommands(this.applicationId), { body: [MANTRA_COMMAND] }), this.callTimeoutMs, 'registering /mantra');
        this.commandsRegistered = true;
      } catch (e) {
        this.warn(`Discord: registering /mantra failed (DM replies still work; will retry on reconnect): ${reason(e, [this.token])}`);
      }
    }
    await this.outbox.reconcile();
    await this.outbox.catchUpDeliveries(this.mirroredProfiles(), (profileId) => {
      const snapshot = this.options.engine.snapshot(profileId);
      const context = { profileId, at: this.now(), timeZone: snapshot.timeZone, locale: localePreferencesOf(snapshot.settings), settings: snapshot.settings };
      return this.enabledFor(context) ? context : null;
    });
  }

  /** The profiles this mirror DMs for: the owner's one, or (server mode) every profile of a Discord user. */
  private mirroredProfiles(): string[] {
    if (this.audience.kind === 'owner') return this.options.profileId ? [this.options.profileId] : [];
    return (this.options.engine.profileIds?.() ?? []).filter((id) => this.audience.userFor(id) !== null);
  }

  private linkChanged(state: LinkState): void {
    // The terminal's worded copy is scrubbed as the English line is: the token never reaches stderr.
    const params = Object.fromEntries(Object.entries(state.said.params).map(([k, v]) => [k, typeof v === 'string' ? scrub(v, [this.token]) : v]));
    const status = { detail: scrub(state.detail, [this.token]), said: { ...state.said, params } };
    if (state.connection === 'bad-token' || state.connection === 'reconnecting') this.logger.warn(`Discord: ${status.detail}`, { kind: 'discord', status });
    else if (state.connection === 'connected') this.logger.info(`Discord: ${status.detail}`, { kind: 'discord', status });
    if (state.connection === 'connected' && this.applicationId) {
      // Back after an outage: a transient failure is over (a closed DM stays until a DM goes through).
      if (this.fault?.connection === 'error') this.fault = null;
      void this.caughtUp();
    }
    this.emit();
  }

  /** The outcome of one outbound call: a success clears a DM fault, a failure becomes the status. */
  private outcome(e: unknown, userId: string | null): void {
    if (e === null) {
      if (this.fault) {
        this.fault = null;
        this.emit();
        // Discord answers again: a mantra delivered during the outage gets its DM now.
        void this.caughtUp();
      }
      return;
    }
    const fault = classify(e, userId, [this.token]);
    if (fault.connection === 'bad-token') this.link?.tokenRefused();
    else if (this.audience.kind === 'owner') this.fault = fault;
    this.warn(`Discord: ${fault.detail}${userId && this.audience.kind === 'open' ? ` (user ${userId})` : ''}`);
    this.emit();
  }

  private warn(message: string): void {
    this.logger.warn(scrub(message, [this.token]));
  }

  private emit(): void {
    const status = this.status();
    const key = JSON.stringify(status);
    if (key === this.lastStatus) return;
    this.lastStatus = key;
    for (const l of this.listeners) {
      try {
        l(status);
      } catch {
        // A listener's failure is its own.
      }
    }
  }
}
