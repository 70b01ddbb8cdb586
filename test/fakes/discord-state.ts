/**
 * In-memory store of the loopback Discord: users, DM channels, messages and reactions. It knows
 * nothing about HTTP or WebSockets: the REST layer (discord-rest.ts) and the interaction desk
 * (discord-interactions.ts) call it, and it reports gateway events through the `dispatch`
 * callback given to its constructor (wired to discord-gateway.ts).
 */
import { ChannelType, GatewayIntentBits, Locale, MessageFlags, MessageType, RESTJSONErrorCodes, type APIDMChannel, type APIMessage, type APIUser } from 'discord.js';
import {
  clone,
  DiscordApiFailure,
  invalidFormBody,
  fieldError,
  isRecord,
  makeUser,
  parseMessageBody,
  requireSendable,
  type DeletionRecord,
  type EditRecord,
  type FakeUserInput,
  type JsonObject,
  type MessageBody,
  type ReactionRecord,
  type SnowflakeGenerator,
  type UploadedFile,
} from './discord-model.js';

export type DispatchFn = (event: string, data: object, requiredIntent: number) => number;

export interface StateOptions {
  /** Shared with whoever made botUser, so ids never collide. */
  ids: SnowflakeGenerator;
  botUser: APIUser;
  /** Dispatch MESSAGE_CREATE/UPDATE for the bot's own messages too (Discord does). */
  echoBotMessages: boolean;
}

export class DiscordState {
  readonly ids: SnowflakeGenerator;
  readonly bot: APIUser;
  readonly applicationId: string;
  readonly edits: EditRecord[] = [];
  readonly reactions: ReactionRecord[] = [];
  readonly deletions: DeletionRecord[] = [];

  private readonly users = new Map<string, APIUser>();
  private readonly clientLocales = new Map<string, Locale>();
  private readonly channels = new Map<string, APIDMChannel>();
  private readonly dmByUser = new Map<string, string>();
  private readonly messagesById = new Map<string, APIMessage>();
  private readonly channelOrder = new Map<string, string[]>();
  private readonly closedDms = new Set<string>();
  private readonly nonces = new Map<string, string>();

  constructor(
    private readonly options: StateOptions,
    private readonly dispatch: DispatchFn,
  ) {
    this.ids = options.ids;
    this.bot = options.botUser;
    this.applicationId = options.botUser.id;
    this.users.set(this.bot.id, this.bot);
  }

  // ----- users & channels ----------------------------------------------------------------------

  addUser(input: FakeUserInput): APIUser {
    if (input.id !== undefined && this.users.has(input.id)) throw new Error(`fake discord: user ${input.id} already exists`);
    const user = makeUser(input, this.ids);
    this.users.set(user.id, user);
    if (input.locale) this.clientLocales.set(user.id, input.locale);
    return clone(user);
  }

  /** The language the user's Discord client sends with an interaction (not part of the user object, as in Discord). */
  clientLocale(userId: string): Locale {
    return this.clientLocales.get(userId) ?? Locale.EnglishUS;
  }

  findUser(userId: string): APIUser | undefined {
    return this.users.get(userId);
  }

  findMessage(messageId: string): APIMessage | undefined {
    return this.messagesById.get(messageId);
  }

  findChannel(channelId: string): APIDMChannel | undefined {
    return this.channels.get(channelId);
  }

  getUser(userId: string): APIUser {
    const user = this.users.get(userId);
    if (!user) throw new DiscordApiFailure(404, RESTJSONErrorCodes.UnknownUser, 'Unknown User');
    return clone(user);
  }

  setDmClosed(userId: string, closed: boolean): void {
    if (closed) this.closedDms.add(userId);
    else this.closedDms.delete(userId);
  }

  /** POST /users/@me/channels: returns the existing DM channel or opens one. */
  openDm(recipientId: unknown): APIDMChannel {
    if (typeof recipientId !== 'string' || !this.users.has(recipientId) || recipientId === this.bot.id) {
      throw new DiscordApiFailure(400, RESTJSONErrorCodes.InvalidRecipients, 'Invalid Recipient(s)');
    }
    return clone(this.ensureDm(recipientId));
  }

  dmChannelId(userId: string): string | undefined {
    return this.dmByUser.get(userId);
  }

  getChannel(channelId: string): APIDMChannel {
    const channel = this.channels.get(channelId);
    if (!channel) throw new DiscordApiFailure(404, RESTJSONErrorCodes.UnknownChannel, 'Unknown Channel');
    return clone(channel);
  }

  /** The DM channel with `userId`, opened if needed (internal to the fake). */
  ensureDm(userId: string): APIDMChannel {
    const existing = this.dmByUser.get(userId);
    if (existing) {
      const channel = this.channels.get(existing);
      if (channel) return channel;
    }
    const user = this.users.get(userId);
    if (!user) throw new Error(`fake discord: unknown user ${userId}; call addUser first`);
    const channel: APIDMChannel = {
      id: this.ids.next(),
      type: ChannelType.DM,
      name: null,
      last_message_id: null,
      recipients: [clone(user)],
    };
    this.channels.set(channel.id, channel);
    this.channelOrder.set(channel.id, []);
    this.dmByUser.set(userId, channel.id);
    return channel;
  }

  dmRecipientId(channel: APIDMChannel): string | undefined {
    return channel.recipients?.[0]?.id;
  }

  // ----- messages ------------------------------------------------------------------------------

  /** Current state of the messages in a channel, oldest first. */
  listMessages(channelId: string, filter?: (message: APIMessage) => boolean): APIMessage[] {
    const ids = this.channelOrder.get(channelId) ?? [];
    const out: APIMessage[] = [];
    for (const id of ids) {
      const message = this.messagesById.get(id);
      if (message && (!filter || filter(message))) out.push(clone(message));
    }
    return out;
  }

  getMessage(channelId: string, messageId: string): APIMessage {
    return clone(this.requireMessage(channelId, messageId));
  }

  /** The live (mutable) message, or 404 Unknown Message (internal to the fake). */
  requireMessage(channelId: string, messageId: string): APIMessage {
    this.getChannel(channelId);
    const message = this.messagesById.get(messageId);
    if (!message || message.channel_id !== channelId) {
      throw new DiscordApiFailure(404, RESTJSONErrorCodes.UnknownMessage, 'Unknown Message');
    }
    return message;
  }

  /** POST /channels/:id/messages from the bot. */
  botSendsMessage(channelId: string, rawBody: unknown, files: UploadedFile[]): APIMessage {
    const channel = this.getChannel(channelId);
    const recipientId = this.dmRecipientId(channel);
    const body = parseMessageBody(rawBody, files, 'create');
    requireSendable(body);
    if (recipientId && this.closedDms.has(recipientId)) {
      throw new DiscordApiFailure(403, RESTJSONErrorCodes.CannotSendMessagesToThisUser, 'Cannot send messages to this user');
    }
    if (body.flags !== undefined && (body.flags & MessageFlags.Ephemeral) !== 0) {
      throw invalidFormBody({ flags: fieldError('MESSAGE_FLAGS_INVALID', 'Ephemeral messages can only be sent as interaction responses.') });
    }
    if (body.nonce !== undefined && body.enforceNonce) {
      const existing = this.nonces.get(`${channelId}:${String(body.nonce)}`);
      const message = existing ? this.messagesById.get(existing) : undefined;
      if (message) return clone(message);
    }
    const message = this.storeMessage(channelId, this.bot, body, {});
    if (body.nonce !== undefined) this.nonces.set(`${channelId}:${String(body.nonce)}`, message.id);
    return clone(message);
  }

  /** A user writes in their DM with the bot. */
  userSendsDm(userId: string, content: string): APIMessage {
    const user = this.users.get(userId);
    if (!user) throw new Error(`fake discord: unknown user ${userId}; call addUser first`);
    const channel = this.ensureDm(userId);
    return clone(this.storeMessage(channel.id, user, { content }, {}));
  }

  /** PATCH /channels/:id/messages/:mid (only the bot's own messages). */
  botEditsMessage(channelId: string, messageId: string, rawBody: unknown, files: UploadedFile[]): APIMessage {
    const message = this.requireMessage(channelId, messageId);
    if (message.author.id !== this.bot.id) {
      throw new DiscordApiFailure(403, RESTJSONErrorCodes.CannotEditMessageAuthoredByAnotherUser, 'Cannot edit a message authored by another user');
    }
    const body = parseMessageBody(rawBody, files, 'edit');
    return clone(this.applyEdit(message, body, isRecord(rawBody) ? rawBody : {}, 'rest'));
  }

  /** DELETE /channels/:id/messages/:mid. */
  deleteMessage(channelId: string, messageId: string): void {
    this.requireMessage(channelId, messageId);
    this.removeMessage(channelId, messageId);
  }

  addReaction(channelId: string, messageId: string, emoji: string): void {
    this.requireMessage(channelId, messageId);
    if (emoji.length === 0) throw new DiscordApiFailure(400, RESTJSONErrorCodes.UnknownEmoji, 'Unknown Emoji');
    const already = this.reactions.some((r) => r.messageId === messageId && r.emoji === emoji && r.userId === this.bot.id);
    if (already) return;
    this.reactions.push({ channelId, messageId, emoji, userId: this.bot.id, at: Date.now() });
    const [name, id] = emoji.includes(':') ? emoji.split(':') : [emoji, undefined];
    this.dispatch(
      'MESSAGE_REACTION_ADD',
      { user_id: this.bot.id, channel_id: channelId, message_id: messageId, emoji: { id: id ?? null, name: name ?? emoji }, burst: false, type: 0 },
      GatewayIntentBits.DirectMessageReactions,
    );
  }

  removeReaction(channelId: string, messageId: string, emoji: string): void {
    this.requireMessage(channelId, messageId);
    const index = this.reactions.findIndex((r) => r.messageId === messageId && r.emoji === emoji && r.userId === this.bot.id);
    if (index >= 0) this.reactions.splice(index, 1);
  }

  /** Stores a new message and dispatches MESSAGE_CREATE (internal to the fake). */
  storeMessage(channelId: string, author: APIUser, body: MessageBody, extra: Partial<APIMessage>): APIMessage {
    const channel = this.channels.get(channelId);
    if (!channel) throw new DiscordApiFailure(404, RESTJSONErrorCodes.UnknownChannel, 'Unknown Channel');
    const id = this.ids.next();
    const message: APIMessage = {
      id,
      channel_id: channelId,
      author: clone(author),
      content: body.content ?? '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: body.attachments ?? [],
      embeds: body.embeds ?? [],
      components: body.components ?? [],
      pinned: false,
      type: MessageType.Default,
      flags: body.flags ?? 0,
      ...(body.nonce !== undefined ? { nonce: body.nonce } : {}),
      ...(body.messageReferenceId ? { message_reference: { type: 0, message_id: body.messageReferenceId, channel_id: channelId } } : {}),
      ...extra,
    };
    this.messagesById.set(id, message);
    this.channelOrder.get(channelId)?.push(id);
    channel.last_message_id = id;
    const fromBot = author.id === this.bot.id;
    const ephemeral = ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
    if (!ephemeral && (!fromBot || this.options.echoBotMessages)) {
      this.dispatch('MESSAGE_CREATE', { ...clone(message), channel_type: ChannelType.DM }, GatewayIntentBits.DirectMessages);
    }
    return message;
  }

  /** Applies an edit, records it and dispatches MESSAGE_UPDATE (internal to the fake). */
  applyEdit(message: APIMessage, body: MessageBody, rawBody: JsonObject, via: EditRecord['via'], clearFlags = 0): APIMessage {
    const previousContent = message.content;
    const next = {
      content: body.content ?? message.content,
      embeds: body.embeds ?? message.embeds,
      components: body.components ?? message.components ?? [],
      attachments: body.attachments ?? message.attachments,
    };
    if (next.content.length === 0 && next.embeds.length === 0 && next.components.length === 0 && next.attachments.length === 0) {
      throw new DiscordApiFailure(400, RESTJSONErrorCodes.CannotSendAnEmptyMessage, 'Cannot send an empty message');
    }
    Object.assign(message, next);
    message.flags = (message.flags ?? 0) & ~clearFlags;
    if (body.flags !== undefined) {
      // Only SUPPRESS_EMBEDS may be toggled on edit; other flags are kept as they were.
      const keep = (message.flags ?? 0) & ~MessageFlags.SuppressEmbeds;
      message.flags = keep | (body.flags & MessageFlags.SuppressEmbeds);
    }
    message.edited_timestamp = new Date().toISOString();
    this.edits.push({ channelId: message.channel_id, messageId: message.id, body: clone(rawBody), previousContent, message: clone(message), via, at: Date.now() });
    const ephemeral = ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0;
    if (!ephemeral && (message.author.id !== this.bot.id || this.options.echoBotMessages)) {
      this.dispatch('MESSAGE_UPDATE', { ...clone(message), channel_type: ChannelType.DM }, GatewayIntentBits.DirectMessages);
    }
    return message;
  }

  /** Deletes, records and dispatches MESSAGE_DELETE (internal to the fake). */
  removeMessage(channelId: string, messageId: string): void {
    this.messagesById.delete(messageId);
    const order = this.channelOrder.get(channelId);
    if (order) {
      const index = order.indexOf(messageId);
      if (index >= 0) order.splice(index, 1);
    }
    this.deletions.push({ channelId, messageId, at: Date.now() });
    this.dispatch('MESSAGE_DELETE', { id: messageId, channel_id: channelId }, GatewayIntentBits.DirectMessages);
  }
}
