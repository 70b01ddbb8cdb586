/**
 * Loopback Discord for tests: the real discord.js talks to it over HTTP + WebSocket on
 * 127.0.0.1 (random port). The only difference from production is
 * `new Client({ ..., rest: { api: fake.apiUrl } })`.
 *
 *   const fake = await startFakeDiscord({ heartbeatIntervalMs: 150 });
 *   const alice = fake.addUser({ username: 'alice' });
 *   const client = new Client({ intents: [GatewayIntentBits.DirectMessages], partials: [Partials.Channel], rest: { api: fake.apiUrl } });
 *   await client.login(fake.token);
 *   ...
 *   await client.destroy(); await fake.close();
 *
 * See /work/shared/testing/discord-loopback.md. Split into:
 *   discord-model.ts        – JSON helpers, snowflakes, error type, record types, body validation
 *   discord-state.ts        – users, DM channels, messages, reactions
 *   discord-interactions.ts – commands, simulated slash commands / button clicks, callbacks, webhooks
 *   discord-rest.ts         – /api/v10 routes, auth, fault injection
 *   discord-gateway.ts      – HELLO/IDENTIFY/READY/heartbeat/RESUME/op 9, intent-filtered dispatch
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { GatewayDispatchEvents, GatewayIntentBits, type APIApplicationCommand, type APIMessage, type APIUser } from 'discord.js';
import { FakeGateway, type IdentifyRecord, type ResumeRecord } from './discord-gateway.js';
import { createRestHandler, RestFaults, type FailOptions, type RateLimitOptions, type RequestRecord, type RoutePattern } from './discord-rest.js';
import { InteractionDesk, type FakeInteractionRef, type InteractionResponseRecord } from './discord-interactions.js';
import { makeUser, SnowflakeGenerator, type DeletionRecord, type EditRecord, type FakeUserInput, type ReactionRecord } from './discord-model.js';
import { DiscordState } from './discord-state.js';

export type {
  DeletionRecord,
  EditRecord,
  FailOptions,
  FakeInteractionRef,
  FakeUserInput,
  IdentifyRecord,
  InteractionResponseRecord,
  RateLimitOptions,
  ReactionRecord,
  RequestRecord,
  ResumeRecord,
  RoutePattern,
};

export interface FakeDiscordOptions {
  /** Gateway HELLO heartbeat interval. Default 150 ms (discord.js then heartbeats during tests). */
  heartbeatIntervalMs?: number;
  /** The only bot token accepted. Default: a random token in Discord's format. */
  token?: string;
  /** The bot's user (its id is also the application id). Default username 'MantraBot'. */
  botUser?: Omit<FakeUserInput, 'bot'>;
  /** Users that exist from the start. */
  users?: FakeUserInput[];
  /** Interactions must get their initial callback within this time, else 10062 Unknown interaction. Default 3000. */
  interactionTimeoutMs?: number;
  /** Dispatch MESSAGE_CREATE/UPDATE for the bot's own messages, as Discord does. Default true. */
  echoBotMessages?: boolean;
  /** userRunsCommand refuses commands/options that were not registered. Default true. */
  strictCommands?: boolean;
  /** Privileged intents enabled "in the developer portal"; others close IDENTIFY with 4014. Default all. */
  privilegedIntents?: number;
}

export interface FakeDiscord {
  /** REST base for `new Client({ rest: { api } })` (discord.js appends /v10). */
  readonly apiUrl: string;
  /** ws://127.0.0.1:PORT/gateway as returned by GET /gateway/bot. */
  readonly gatewayUrl: string;
  /** The valid bot token. Anything else: 401 on REST, 4004 on IDENTIFY. */
  readonly token: string;
  readonly botUser: APIUser;
  readonly applicationId: string;

  addUser(user: FakeUserInput): APIUser;
  /** Id of the DM channel between the bot and this user, if one was opened. */
  dmChannelId(userId: string): string | undefined;
  /** Current state of the bot's messages in its DM with `userId` (edits and components applied), oldest first. */
  dms(userId: string): APIMessage[];
  /** Current state of the bot's messages in a channel, oldest first. */
  messages(channelId: string): APIMessage[];
  /** Every message in a channel (users' and the bot's), oldest first. */
  history(channelId: string): APIMessage[];

  readonly edits: readonly EditRecord[];
  readonly reactions: readonly ReactionRecord[];
  readonly deletions: readonly DeletionRecord[];
  readonly interactionResponses: readonly InteractionResponseRecord[];
  readonly identifies: readonly IdentifyRecord[];
  readonly resumes: readonly ResumeRecord[];
  readonly registeredCommands: readonly APIApplicationCommand[];
  readonly requests: readonly RequestRecord[];
  /** Heartbeats received on all sockets. */
  readonly heartbeats: number;
  /** Gateway sockets currently open and identified/resumed. */
  readonly liveSessions: number;
  /** Gateway connections refused while down (reconnect attempts). */
  readonly refusedUpgrades: number;

  /** The user writes `content` in their DM with the bot: MESSAGE_CREATE to sessions with the DirectMessages intent. */
  userSendsDm(userId: string, content: string): APIMessage;
  /** The user runs a slash command in their DM with the bot (INTERACTION_CREATE type 2). */
  userRunsCommand(userId: string, name: string, options?: Record<string, string | number | boolean>, subcommand?: string): FakeInteractionRef;
  /** The user clicks a button of one of the bot's messages in their DM (INTERACTION_CREATE type 3). */
  userClicksButton(userId: string, messageId: string, customId: string): FakeInteractionRef;
  /** Responses (callback, follow-ups, webhook edits) recorded for one interaction. */
  responsesTo(interactionId: string): InteractionResponseRecord[];

  /** Polls `predicate` every 5 ms until it returns a truthy value, which is returned. */
  waitFor<T>(predicate: () => T | null | undefined | false | 0 | '', timeoutMs?: number, what?: string): Promise<T>;

  /** Closes every gateway socket (default code 4000 → discord.js resumes; 1006 = cut TCP). resumable:false → op 9 on RESUME. */
  dropGateway(code?: number, options?: { resumable?: boolean }): number;
  /** Sends op 7 RECONNECT on every socket. */
  requestReconnect(): void;
  /** Stop/restart acknowledging heartbeats (zombie connection simulation). */
  setHeartbeatAcks(enabled: boolean): void;
  /** The next `times` requests matching `route` get 429 with Retry-After `retryAfterSec`. */
  rateLimitNext(route: RoutePattern, retryAfterSec: number, options?: RateLimitOptions): void;
  /** The next `times` requests matching `route` fail (default 500). */
  failNext(route: RoutePattern, options?: FailOptions): void;
  /** Bot messages to this user's DM get 403 / 50007 "Cannot send messages to this user". */
  setDmClosed(userId: string, closed?: boolean): void;
  /** Outage: REST answers 503, gateway upgrades are refused and open sockets are cut. */
  setDown(down: boolean): void;
  /** Terminates sockets and the HTTP server. */
  close(): Promise<void>;
}

function defaultToken(botId: string): string {
  return `${Buffer.from(botId).toString('base64url')}.${randomBytes(4).toString('base64url')}.${randomBytes(20).toString('base64url')}`;
}

export async function startFakeDiscord(opts: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const fake = new LoopbackDiscord(opts);
  await fake.listen();
  return fake;
}

class LoopbackDiscord implements FakeDiscord {
  readonly token: string;
  readonly botUser: APIUser;
  readonly applicationId: string;

  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly state: DiscordState;
  private readonly desk: InteractionDesk;
  private readonly gateway: FakeGateway;
  private readonly faults = new RestFaults();
  private readonly requestLog: RequestRecord[] = [];
  private port = 0;
  private closed = false;

  constructor(opts: FakeDiscordOptions) {
    const ids = new SnowflakeGenerator();
    this.botUser = makeUser({ username: 'MantraBot', ...opts.botUser, bot: true }, ids);
    this.applicationId = this.botUser.id;
    this.token = opts.token ?? defaultToken(this.botUser.id);

    this.gateway = new FakeGateway({
      token: this.token,
      heartbeatIntervalMs: opts.heartbeatIntervalMs ?? 150,
      privilegedIntents: opts.privilegedIntents ?? GatewayIntentBits.GuildMembers | GatewayIntentBits.GuildPresences | GatewayIntentBits.MessageContent,
      newSessionId: () => randomBytes(16).toString('hex'),
      readyPayload: (sessionId) => ({
        v: 10,
        user: { ...this.botUser, verified: true, mfa_enabled: false, flags: 0 },
        guilds: [],
        session_id: sessionId,
        session_type: 'normal',
        resume_gateway_url: `ws://127.0.0.1:${this.port}/gateway/resume`,
        shard: [0, 1],
        application: { id: this.applicationId, flags: 0 },
        private_channels: [],
        relationships: [],
        presences: [],
        guild_join_requests: [],
        geo_ordered_rtc_regions: [],
        user_settings: {},
        _trace: ['["fake-discord",{"micros":0}]'],
      }),
    });

    this.state = new DiscordState({ ids, botUser: this.botUser, echoBotMessages: opts.echoBotMessages ?? true }, (event, data, intent) => this.gateway.dispatch(event, data, intent));
    this.desk = new InteractionDesk(this.state, {
      interactionTimeoutMs: opts.interactionTimeoutMs ?? 3000,
      strictCommands: opts.strictCommands ?? true,
    });
    for (const user of opts.users ?? []) this.state.addUser(user);

    const rest = createRestHandler({
      state: this.state,
      desk: this.desk,
      faults: this.faults,
      token: this.token,
      gatewayUrl: () => this.gatewayUrl,
      sessionStartLimit: () => ({ total: 1000, remaining: Math.max(0, 1000 - this.gateway.identifies.length), reset_after: 86_400_000, max_concurrency: 1 }),
      requests: this.requestLog,
    });
    this.server = createServer((req, res) => {
      void rest(req, res);
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server.on('upgrade', (req, socket, head) => this.gateway.handleUpgrade(req, socket, head));
  }

  listen(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        this.server.off('error', reject);
        const address = this.server.address();
        if (address === null || typeof address === 'string') {
          reject(new Error('fake discord: server has no TCP address'));
          return;
        }
        this.port = address.port;
        resolve();
      });
    });
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}/gateway`;
  }

  // ----- users & records ---------------------------------------------------------------------------

  addUser(user: FakeUserInput): APIUser {
    return this.state.addUser(user);
  }

  dmChannelId(userId: string): string | undefined {
    return this.state.dmChannelId(userId);
  }

  dms(userId: string): APIMessage[] {
    const channelId = this.state.dmChannelId(userId);
    return channelId ? this.messages(channelId) : [];
  }

  messages(channelId: string): APIMessage[] {
    return this.state.listMessages(channelId, (m) => m.author.id === this.botUser.id);
  }

  history(channelId: string): APIMessage[] {
    return this.state.listMessages(channelId);
  }

  get edits(): readonly EditRecord[] {
    return this.state.edits;
  }

  get reactions(): readonly ReactionRecord[] {
    return this.state.reactions;
  }

  get deletions(): readonly DeletionRecord[] {
    return this.state.deletions;
  }

  get interactionResponses(): readonly InteractionResponseRecord[] {
    return this.desk.interactionResponses;
  }

  get identifies(): readonly IdentifyRecord[] {
    return this.gateway.identifies;
  }

  get resumes(): readonly ResumeRecord[] {
    return this.gateway.resumes;
  }

  get registeredCommands(): readonly APIApplicationCommand[] {
    return this.desk.commands;
  }

  get requests(): readonly RequestRecord[] {
    return this.requestLog;
  }

  get heartbeats(): number {
    return this.gateway.heartbeats;
  }

  get liveSessions(): number {
    return this.gateway.liveSessions;
  }

  get refusedUpgrades(): number {
    return this.gateway.refusedUpgrades;
  }

  responsesTo(interactionId: string): InteractionResponseRecord[] {
    return this.desk.interactionResponses.filter((r) => r.interactionId === interactionId);
  }

  // ----- simulated users -----------------------------------------------------------------------

  userSendsDm(userId: string, content: string): APIMessage {
    return this.state.userSendsDm(userId, content);
  }

  userRunsCommand(userId: string, name: string, options?: Record<string, string | number | boolean>, subcommand?: string): FakeInteractionRef {
    const { ref, payload } = this.desk.userRunsCommand(userId, name, options, subcommand);
    this.gateway.dispatch(GatewayDispatchEvents.InteractionCreate, payload, 0);
    return ref;
  }

  userClicksButton(userId: string, messageId: string, customId: string): FakeInteractionRef {
    const { ref, payload } = this.desk.userClicksButton(userId, messageId, customId);
    this.gateway.dispatch(GatewayDispatchEvents.InteractionCreate, payload, 0);
    return ref;
  }

  async waitFor<T>(predicate: () => T | null | undefined | false | 0 | '', timeoutMs = 2000, what = 'condition'): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = predicate();
      if (value) return value;
      if (Date.now() >= deadline) throw new Error(`fake discord: timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  // ----- fault injection -----------------------------------------------------------------------

  dropGateway(code = 4000, options: { resumable?: boolean } = {}): number {
    return this.gateway.drop(code, options.resumable ?? true);
  }

  requestReconnect(): void {
    this.gateway.requestReconnect();
  }

  setHeartbeatAcks(enabled: boolean): void {
    this.gateway.setHeartbeatAcks(enabled);
  }

  rateLimitNext(route: RoutePattern, retryAfterSec: number, options?: RateLimitOptions): void {
    this.faults.rateLimitNext(route, retryAfterSec, options);
  }

  failNext(route: RoutePattern, options?: FailOptions): void {
    this.faults.failNext(route, options);
  }

  setDmClosed(userId: string, closed = true): void {
    this.state.setDmClosed(userId, closed);
  }

  setDown(down: boolean): void {
    this.faults.down = down;
    this.gateway.setRefusing(down);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.gateway.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
      for (const socket of this.sockets) socket.destroy();
    });
  }
}
