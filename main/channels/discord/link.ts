/**
 * The gateway connection: one discord.js Client at a time, logged in with retries.
 * discord.js resumes a dropped gateway by itself; this class retries what it does not:
 * a failed login and an unrecoverable close, with capped exponential backoff. A refused
 * token stops the retries until the mirror is configured again.
 */
import { Client, Events, GatewayIntentBits, Partials, type Interaction, type Message } from 'discord.js';
import type { DiscordConnection } from '../../../shared/api.js';
import { said, type DiscordReasonKey, type DiscordStatusSaid } from '../../../shared/discord-status.js';
import { BAD_TOKEN, backoffDelay, isBadToken, reason, TimeoutError, withTimeout, type Backoff } from './faults.js';

export interface LinkState {
  readonly connection: DiscordConnection;
  /** English, for logs. */
  readonly detail: string;
  /** The same sentence as data, for the page and doctor to word. */
  readonly said: DiscordStatusSaid;
}

/** A failed login Mantra itself can name (worded in the reader's language), else the library's error. */
class LinkFailure extends Error {
  constructor(
    readonly reasonKey: DiscordReasonKey,
    readonly params: Readonly<Record<string, number>> = {},
  ) {
    super(reasonKey);
  }
}

const NOT_CONNECTED: LinkState = { connection: 'off', ...said('notConnected') };

export interface LinkHandlers {
  message(message: Message): void;
  interaction(interaction: Interaction): void;
  /** Once per successful login (not per gateway resume). */
  ready(client: Client<true>): void;
  state(state: LinkState): void;
}

export interface LinkOptions {
  readonly token: string;
  /** REST base URL without the version, e.g. https://discord.com/api. */
  readonly api: string;
  readonly handlers: LinkHandlers;
  readonly backoff: Backoff;
  /** From login to READY. */
  readonly readyTimeoutMs: number;
  readonly rest: { readonly timeout: number; readonly retries: number };
  readonly warn: (message: string) => void;
}

/**
 * Only DMs: DirectMessages brings the user's replies (DM content needs no MessageContent
 * intent), and Partials.Channel lets them through when the DM channel is not cached (after a restart).
 */
export const MIRROR_INTENTS = [GatewayIntentBits.DirectMessages] as const;

export class DiscordLink {
  private client: Client | null = null;
  private generation = 0;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private current: LinkState = NOT_CONNECTED;
  private readonly waiters = new Set<() => void>();

  constructor(private readonly options: LinkOptions) {}

  get state(): LinkState {
    return this.current;
  }

  /** The logged-in bot's name, once ready. */
  get botTag(): string | null {
    return this.client?.user?.tag ?? null;
  }

  start(): void {
    const gen = ++this.generation;
    this.attempt = 0;
    void this.connect(gen);
  }

  async stop(): Promise<void> {
    this.generation++;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const client = this.client;
    this.client = null;
    this.set(NOT_CONNECTED);
    if (client) await client.destroy().catch(() => undefined);
  }

  /** A REST call said the token is bad: stop retrying, say so. */
  tokenRefused(): void {
    if (this.current.connection === 'bad-token') return;
    void this.giveUp(this.generation, { connection: 'bad-token', ...BAD_TOKEN });
  }

  /** Resolves once the state is something other than connecting (or after `ms`). */
  async settled(ms: number): Promise<LinkState> {
    if (this.current.connection !== 'connecting') return this.current;
    let done: () => void = () => undefined;
    const change = new Promise<void>((resolve) => (done = resolve));
    this.waiters.add(done);
    await withTimeout(change, ms, 'connecting').catch(() => undefined);
    this.waiters.delete(done);
    return this.current;
  }

  private set(state: LinkState): void {
    if (state.connection === this.current.connection && state.detail === this.current.detail) return;
    this.current = state;
    this.options.handlers.state(state);
    if (state.connection !== 'connecting') for (const w of [...this.waiters]) w();
  }

  private newClient(gen: number): Client {
    const { api, rest, handlers } = this.options;
    const client = new Client({ intents: [...MIRROR_INTENTS], partials: [Partials.Channel], rest: { api, timeout: rest.timeout, retries: rest.retries } });
    const live = () => gen === this.generation;
    client.on(Events.MessageCreate, (m) => live() && handlers.message(m));
    client.on(Events.InteractionCreate, (i) => live() && handlers.interaction(i));
    client.on(Events.ShardReconnecting, () => live() && this.set({ connection: 'reconnecting', ...said('dropped') }));
    const back = () => live() && this.client?.isReady() && this.set(this.connected());
    client.on(Events.ShardResume, back);
    client.on(Events.ShardReady, back);
    client.on(Events.ShardDisconnect, (event) => {
      if (!live()) return;
      // Only unrecoverable closes reach here; 4004 is a refused token.
      if (event.code === 4004) void this.giveUp(gen, { connection: 'bad-token', ...BAD_TOKEN });
      else void this.retry(gen, new LinkFailure('gatewayClosed', { code: event.code }));
    });
    client.on(Events.Invalidated, () => live() && void this.retry(gen, new LinkFailure('invalidated')));
    client.on(Events.ShardError, (e) => live() && this.options.warn(`Discord gateway error: ${reason(e, [this.options.token])}`));
    client.on(Events.Error, (e) => live() && this.options.warn(`Discord client error: ${reason(e, [this.options.token])}`));
    return client;
  }

  private connected(): LinkState {
    return { connection: 'connected', ...said('connected', { bot: this.botTag ?? '' }) };
  }

  private async connect(gen: number): Promise<void> {
    if (gen !== this.generation) return;
    this.retryTimer = null;
    if (this.attempt === 0) this.set({ connection: 'connecting', ...said('connecting') });
    const client = this.newClient(gen);
    this.client = client;
    // Attached before login: READY can arrive before login() resolves.
    const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    try {
      await client.login(this.options.token);
      await withTimeout(ready, this.options.readyTimeoutMs, 'waiting for READY from the gateway').catch((e: unknown) => {
        throw e instanceof TimeoutError ? new LinkFailure('noReady', { limit: e.seconds }) : e;
      });
    } catch (e) {
      if (gen !== this.generation) return;
      if (isBadToken(e)) return this.giveUp(gen, { connection: 'bad-token', ...BAD_TOKEN });
      return this.retry(gen, e);
    }
    if (gen !== this.generation) return;
    this.attempt = 0;
    this.set(this.connected());
    if (client.isReady()) this.options.handlers.ready(client);
  }

  private async retry(gen: number, e: unknown): Promise<void> {
    if (gen !== this.generation) return;
    const old = this.client;
    this.client = null;
    const next = ++this.generation;
    if (old) await old.destroy().catch(() => undefined);
    this.attempt++;
    const delay = backoffDelay(this.attempt, this.options.backoff);
    const why: Record<string, string | number> = e instanceof LinkFailure ? { reasonKey: e.reasonKey, ...e.params } : { reason: reason(e, [this.options.token]) };
    this.set({ connection: 'reconnecting', ...said('retrying', { ...why, seconds: Math.max(1, Math.round(delay / 1000)), attempt: this.attempt }) });
    // Not unref'd: in server mode this timer may be all that keeps the process waiting for Discord.
    this.retryTimer = setTimeout(() => void this.connect(next), delay);
  }

  private async giveUp(gen: number, state: LinkState): Promise<void> {
    if (gen !== this.generation) return;
    this.generation++;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const old = this.client;
    this.client = null;
    this.set(state);
    if (old) await old.destroy().catch(() => undefined);
  }
}
