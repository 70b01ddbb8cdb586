/**
 * Application commands and interactions of the loopback Discord: command registration, the
 * INTERACTION_CREATE payloads of simulated users (slash command, button click in the bot DM),
 * the callback endpoint and the interaction webhook (follow-ups, @original edits). Messages go
 * through the DiscordState store, so replies show up in `dms()` like any bot message.
 */
import { randomBytes } from 'node:crypto';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  ComponentType,
  InteractionContextType,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  MessageType,
  RESTJSONErrorCodes,
  type APIApplicationCommand,
  type APIApplicationCommandInteractionDataBasicOption,
  type APIApplicationCommandInteractionDataOption,
  type APIApplicationCommandOption,
  type APIChatInputApplicationCommandDMInteraction,
  type APIDMChannel,
  type APIMessage,
  type APIMessageComponentDMInteraction,
  type APIMessageInteractionMetadata,
  type APIUser,
} from 'discord.js';
import {
  clone,
  CONTENT_FLAG_MASK,
  DiscordApiFailure,
  fieldError,
  invalidFormBody,
  isRecord,
  isRecordArray,
  parseMessageBody,
  requireSendable,
  type JsonObject,
  type MessageBody,
  type UploadedFile,
} from './discord-model.js';
import type { DiscordState } from './discord-state.js';

export type InteractionResponseKind = 'callback' | 'followup' | 'get-original' | 'get-followup' | 'edit-original' | 'delete-original' | 'edit-followup' | 'delete-followup';

export interface InteractionResponseRecord {
  interactionId: string;
  kind: InteractionResponseKind;
  /** InteractionResponseType for kind 'callback' (4 reply, 5 defer, 6 deferUpdate, 7 update, 9 modal...). */
  callbackType?: number;
  body: JsonObject;
  /** Message created or edited by this response, if any. */
  messageId?: string;
  at: number;
}

export interface FakeInteractionRef {
  id: string;
  token: string;
  channelId: string;
  type: InteractionType;
}

interface InteractionState extends FakeInteractionRef {
  userId: string;
  createdAt: number;
  acknowledged: boolean;
  callbackType?: number;
  /** For components: the message whose component was used. */
  sourceMessageId?: string;
  /** The message `@original` refers to (reply, deferred placeholder or the updated component message). */
  originalMessageId?: string;
  followupIds: string[];
}

export interface InteractionOptions {
  /** The initial callback must come within this time, else 10062 Unknown interaction (Discord: 3 s). */
  interactionTimeoutMs: number;
  /** userRunsCommand refuses unregistered commands/options, as the Discord client would not offer them. */
  strictCommands: boolean;
}

export class InteractionDesk {
  readonly interactionResponses: InteractionResponseRecord[] = [];
  readonly commands: APIApplicationCommand[] = [];
  private readonly interactions = new Map<string, InteractionState>();
  private readonly interactionsByToken = new Map<string, string>();

  constructor(
    private readonly store: DiscordState,
    private readonly options: InteractionOptions,
  ) {}

  // ----- application commands -------------------------------------------------------------------

  /** PUT /applications/:id/commands: bulk overwrite, keeping ids of commands that already existed. */
  overwriteCommands(applicationId: string, rawBody: unknown): APIApplicationCommand[] {
    this.requireApplication(applicationId);
    if (!Array.isArray(rawBody)) throw invalidFormBody({ _errors: [{ code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' }] });
    if (rawBody.length > 100) throw invalidFormBody({ _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 100 or fewer in length.' }] });
    const next = rawBody.map((raw, index) => this.buildCommand(raw, `${index}`));
    const keys = next.map((c) => `${c.type}:${c.name}`);
    if (new Set(keys).size !== keys.length) {
      throw invalidFormBody({ _errors: [{ code: 'APPLICATION_COMMANDS_DUPLICATE_NAME', message: 'Application command names must be unique' }] });
    }
    this.commands.splice(0, this.commands.length, ...next);
    return clone(next);
  }

  /** POST /applications/:id/commands: upsert by name. */
  upsertCommand(applicationId: string, rawBody: unknown): APIApplicationCommand {
    this.requireApplication(applicationId);
    const command = this.buildCommand(rawBody, '');
    const index = this.commands.findIndex((c) => c.name === command.name && c.type === command.type);
    if (index >= 0) this.commands[index] = command;
    else this.commands.push(command);
    return clone(command);
  }

  deleteCommand(applicationId: string, commandId: string): void {
    this.requireApplication(applicationId);
    const index = this.commands.findIndex((c) => c.id === commandId);
    if (index < 0) throw new DiscordApiFailure(404, RESTJSONErrorCodes.UnknownApplicationCommand, 'Unknown application command');
    this.commands.splice(index, 1);
  }

  listCommands(applicationId: string): APIApplicationCommand[] {
    this.requireApplication(applicationId);
    return clone(this.commands);
  }

  requireApplication(applicationId: string): void {
    if (applicationId !== this.store.applicationId) throw new DiscordApiFailure(404, RESTJSONErrorCodes.UnknownApplication, 'Unknown Application');
  }

  private buildCommand(raw: unknown, path: string): APIApplicationCommand {
    const at = (field: string): string => (path ? `${path}.${field}` : field);
    if (!isRecord(raw)) throw invalidFormBody({ [path || '_root']: fieldError('MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType') });
    const type = raw['type'] === undefined ? ApplicationCommandType.ChatInput : raw['type'];
    if (type !== ApplicationCommandType.ChatInput && type !== ApplicationCommandType.User && type !== ApplicationCommandType.Message) {
      throw invalidFormBody({ [at('type')]: fieldError('BASE_TYPE_CHOICES', 'Value must be one of {1, 2, 3}.') });
    }
    const name = raw['name'];
    const chatInput = type === ApplicationCommandType.ChatInput;
    if (typeof name !== 'string' || name.length < 1 || name.length > 32 || (chatInput && !/^[-_'\p{L}\p{N}]{1,32}$/u.test(name)) || (chatInput && name !== name.toLowerCase())) {
      throw invalidFormBody({ [at('name')]: fieldError('APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid') });
    }
    const description = raw['description'] ?? '';
    if (typeof description !== 'string' || (chatInput && (description.length < 1 || description.length > 100))) {
      throw invalidFormBody({ [at('description')]: fieldError('BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.') });
    }
    const options = raw['options'];
    if (options !== undefined && !isCommandOptionArray(options)) {
      throw invalidFormBody({ [at('options')]: fieldError('BASE_TYPE_ARRAY', 'Options must be an array of option objects with type, name and description.') });
    }
    const existing = this.commands.find((c) => c.name === name && c.type === type);
    const command: APIApplicationCommand = {
      id: existing?.id ?? this.store.ids.next(),
      application_id: this.store.applicationId,
      version: this.store.ids.next(),
      type,
      name,
      description,
      default_member_permissions: typeof raw['default_member_permissions'] === 'string' ? raw['default_member_permissions'] : null,
      nsfw: raw['nsfw'] === true,
      ...(options !== undefined ? { options } : {}),
      ...(typeof raw['dm_permission'] === 'boolean' ? { dm_permission: raw['dm_permission'] } : {}),
      ...(Array.isArray(raw['contexts']) ? { contexts: raw['contexts'].filter(isNumber) } : {}),
      ...(Array.isArray(raw['integration_types']) ? { integration_types: raw['integration_types'].filter(isNumber) } : {}),
    };
    return command;
  }

  // ----- interactions ---------------------------------------------------------------------------

  private newInteraction(type: InteractionType, userId: string, channelId: string, sourceMessageId?: string): InteractionState {
    const state: InteractionState = {
      id: this.store.ids.next(),
      token: `aW50ZXJhY3Rpb24.${randomBytes(24).toString('base64url')}`,
      type,
      channelId,
      userId,
      createdAt: Date.now(),
      acknowledged: false,
      followupIds: [],
      ...(sourceMessageId ? { sourceMessageId, originalMessageId: sourceMessageId } : {}),
    };
    this.interactions.set(state.id, state);
    this.interactionsByToken.set(state.token, state.id);
    return state;
  }

  private interactionBase(user: APIUser, channel: APIDMChannel, state: InteractionState) {
    return {
      id: state.id,
      application_id: this.store.applicationId,
      token: state.token,
      version: 1 as const,
      user: clone(user),
      channel_id: channel.id,
      channel: { id: channel.id, type: ChannelType.DM as const, last_message_id: channel.last_message_id ?? null, recipients: [clone(user)] },
      app_permissions: '2248473465835073',
      locale: this.store.clientLocale(user.id),
      entitlements: [],
      // Guild-installed app used in its bot DM: GUILD_INSTALL owner is "0".
      authorizing_integration_owners: { 0: '0' },
      context: InteractionContextType.BotDM,
      attachment_size_limit: 10_485_760,
    };
  }

  /** Builds the INTERACTION_CREATE payload of a slash command run by `userId` in their DM with the bot. */
  userRunsCommand(userId: string, name: string, options: Record<string, string | number | boolean> = {}, subcommand?: string): { ref: FakeInteractionRef; payload: object } {
    const user = this.store.findUser(userId);
    if (!user) throw new Error(`fake discord: unknown user ${userId}; call addUser first`);
    const command = this.commands.find((c) => c.name === name && c.type === ApplicationCommandType.ChatInput);
    if (!command && this.options.strictCommands) {
      throw new Error(`fake discord: /${name} is not registered (registered: ${this.commands.map((c) => c.name).join(', ') || 'none'}). Discord only offers registered commands.`);
    }
    if (command?.contexts && !command.contexts.includes(InteractionContextType.BotDM)) {
      throw new Error(`fake discord: /${name} is registered without the BotDM context (contexts ${JSON.stringify(command.contexts)}), so Discord would not offer it in DMs.`);
    }
    if (command?.dm_permission === false) {
      throw new Error(`fake discord: /${name} has dm_permission false, so Discord would not offer it in DMs.`);
    }
    const channel = this.store.ensureDm(userId);
    const state = this.newInteraction(InteractionType.ApplicationCommand, userId, channel.id);

    let optionDefs: APIApplicationCommandOption[] = command?.options ?? [];
    if (subcommand !== undefined) {
      const sub = optionDefs.find((o) => o.name === subcommand && o.type === ApplicationCommandOptionType.Subcommand);
      if (!sub && command && this.options.strictCommands) throw new Error(`fake discord: /${name} has no subcommand ${subcommand}`);
      optionDefs = sub && sub.type === ApplicationCommandOptionType.Subcommand ? (sub.options ?? []) : [];
    }
    const basic = Object.entries(options).map(([optionName, value]) => this.buildOption(optionName, value, optionDefs, command !== undefined));
    const missing = optionDefs.filter((d) => 'required' in d && d.required === true && !(d.name in options)).map((d) => d.name);
    if (missing.length > 0 && this.options.strictCommands) {
      throw new Error(`fake discord: /${name} needs the required option(s) ${missing.join(', ')}; the Discord client would not send it without them`);
    }
    const resolvedUsers: Record<string, APIUser> = {};
    for (const option of basic) {
      if (option.type === ApplicationCommandOptionType.User) {
        const target = this.store.findUser(option.value);
        if (target) resolvedUsers[target.id] = clone(target);
      }
    }
    const dataOptions: APIApplicationCommandInteractionDataOption<InteractionType.ApplicationCommand>[] =
      subcommand !== undefined ? [{ type: ApplicationCommandOptionType.Subcommand, name: subcommand, options: basic }] : basic;

    const payload = {
      ...this.interactionBase(user, channel, state),
      type: InteractionType.ApplicationCommand,
      data: {
        id: command?.id ?? this.store.ids.next(),
        name,
        type: ApplicationCommandType.ChatInput,
        ...(dataOptions.length > 0 ? { options: dataOptions } : {}),
        ...(Object.keys(resolvedUsers).length > 0 ? { resolved: { users: resolvedUsers } } : {}),
      },
    } satisfies APIChatInputApplicationCommandDMInteraction;
    return { ref: refOf(state), payload };
  }

  private buildOption(
    name: string,
    value: string | number | boolean,
    defs: APIApplicationCommandOption[],
    known: boolean,
  ): APIApplicationCommandInteractionDataBasicOption<InteractionType.ApplicationCommand> {
    const def = defs.find((d) => d.name === name);
    if (!def && known && this.options.strictCommands) throw new Error(`fake discord: option ${name} is not declared by the registered command`);
    const type = def?.type;
    if (type === ApplicationCommandOptionType.User && typeof value === 'string') return { name, type, value };
    if (type === ApplicationCommandOptionType.String || (type === undefined && typeof value === 'string')) {
      return { name, type: ApplicationCommandOptionType.String, value: String(value) };
    }
    if (type === ApplicationCommandOptionType.Boolean || (type === undefined && typeof value === 'boolean')) {
      return { name, type: ApplicationCommandOptionType.Boolean, value: value === true || value === 'true' };
    }
    if (type === ApplicationCommandOptionType.Integer || (type === undefined && typeof value === 'number' && Number.isInteger(value))) {
      return { name, type: ApplicationCommandOptionType.Integer, value: Math.trunc(Number(value)) };
    }
    if (type === ApplicationCommandOptionType.Number || (type === undefined && typeof value === 'number')) {
      return { name, type: ApplicationCommandOptionType.Number, value: Number(value) };
    }
    throw new Error(`fake discord: option ${name} of type ${String(type)} is not supported by the fake`);
  }

  /** Builds the INTERACTION_CREATE payload of `userId` clicking the button `customId` on `messageId`. */
  userClicksButton(userId: string, messageId: string, customId: string): { ref: FakeInteractionRef; payload: object } {
    const user = this.store.findUser(userId);
    if (!user) throw new Error(`fake discord: unknown user ${userId}; call addUser first`);
    const message = this.store.findMessage(messageId);
    if (!message) throw new Error(`fake discord: no message ${messageId}`);
    const channel = this.store.findChannel(message.channel_id);
    if (!channel || this.store.dmRecipientId(channel) !== userId) throw new Error(`fake discord: message ${messageId} is not in ${userId}'s DM`);
    const button = findComponent(message.components ?? [], customId);
    if (!button) throw new Error(`fake discord: message ${messageId} has no component with custom_id ${customId}`);
    if (button['type'] !== ComponentType.Button) throw new Error(`fake discord: component ${customId} is not a button`);
    if (button['disabled'] === true) throw new Error(`fake discord: button ${customId} is disabled; Discord would not let the user click it`);
    const state = this.newInteraction(InteractionType.MessageComponent, userId, channel.id, messageId);
    const payload = {
      ...this.interactionBase(user, channel, state),
      type: InteractionType.MessageComponent,
      message: clone(message),
      data: { custom_id: customId, component_type: ComponentType.Button },
    } satisfies APIMessageComponentDMInteraction;
    return { ref: refOf(state), payload };
  }

  /** POST /interactions/:id/:token/callback. Returns the with_response body, or null for 204. */
  interactionCallback(interactionId: string, token: string, rawBody: unknown, files: UploadedFile[], withResponse: boolean): JsonObject | null {
    const state = this.interactions.get(interactionId);
    if (!state || state.token !== token) throw unknownInteraction();
    if (state.acknowledged) {
      throw new DiscordApiFailure(400, RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged, 'Interaction has already been acknowledged.');
    }
    if (Date.now() - state.createdAt > this.options.interactionTimeoutMs) throw unknownInteraction();
    if (!isRecord(rawBody) || typeof rawBody['type'] !== 'number') {
      throw invalidFormBody({ type: fieldError('BASE_TYPE_REQUIRED', 'This field is required') });
    }
    const callbackType = rawBody['type'];
    const data = rawBody['data'];
    const isComponent = state.type === InteractionType.MessageComponent;
    let messageId: string | undefined;
    let loading = false;

    switch (callbackType) {
      case InteractionResponseType.ChannelMessageWithSource: {
        const body = parseMessageBody(data ?? {}, files, 'create');
        requireSendable(body);
        messageId = this.storeInteractionMessage(state, body).id;
        state.originalMessageId = messageId;
        break;
      }
      case InteractionResponseType.DeferredChannelMessageWithSource: {
        const flags = isRecord(data) && typeof data['flags'] === 'number' ? data['flags'] : 0;
        loading = true;
        messageId = this.storeInteractionMessage(state, { content: '', flags: (flags & MessageFlags.Ephemeral) | MessageFlags.Loading }).id;
        state.originalMessageId = messageId;
        break;
      }
      case InteractionResponseType.DeferredMessageUpdate:
      case InteractionResponseType.UpdateMessage: {
        if (!isComponent || !state.sourceMessageId) {
          throw new DiscordApiFailure(400, RESTJSONErrorCodes.InvalidFormBodyOrContentType, 'Interaction callback type is not valid for this interaction type');
        }
        messageId = state.sourceMessageId;
        if (callbackType === InteractionResponseType.UpdateMessage) {
          const message = this.store.requireMessage(state.channelId, state.sourceMessageId);
          this.store.applyEdit(message, parseMessageBody(data ?? {}, files, 'edit'), isRecord(data) ? data : {}, 'interaction');
        }
        break;
      }
      case InteractionResponseType.Modal:
      case InteractionResponseType.ApplicationCommandAutocompleteResult:
        break;
      default:
        throw invalidFormBody({ type: fieldError('BASE_TYPE_CHOICES', `Value ${callbackType} is not a valid interaction callback type.`) });
    }
    state.acknowledged = true;
    state.callbackType = callbackType;
    this.interactionResponses.push({
      interactionId,
      kind: 'callback',
      callbackType,
      body: clone(rawBody),
      ...(messageId ? { messageId } : {}),
      at: Date.now(),
    });
    if (!withResponse) return null;
    const message = messageId ? this.store.findMessage(messageId) : undefined;
    return {
      interaction: {
        id: state.id,
        type: state.type,
        ...(message
          ? {
              response_message_id: message.id,
              response_message_loading: loading,
              response_message_ephemeral: ((message.flags ?? 0) & MessageFlags.Ephemeral) !== 0,
            }
          : {}),
      },
      ...(message ? { resource: { type: callbackType, message: clone(message) } } : { resource: { type: callbackType } }),
    };
  }

  /** Resolves the interaction behind an interaction webhook (application id + token). */
  private interactionForWebhook(applicationId: string, token: string): InteractionState {
    const id = this.interactionsByToken.get(token);
    const state = id ? this.interactions.get(id) : undefined;
    if (applicationId !== this.store.applicationId || !state) {
      throw new DiscordApiFailure(404, RESTJSONErrorCodes.UnknownWebhook, 'Unknown Webhook');
    }
    return state;
  }

  private webhookMessageId(state: InteractionState, messageId: string): string {
    if (messageId === '@original') {
      if (!state.originalMessageId) throw new DiscordApiFailure(404, RESTJSONErrorCodes.UnknownMessage, 'Unknown Message');
      return state.originalMessageId;
    }
    if (!state.followupIds.includes(messageId)) throw new DiscordApiFailure(404, RESTJSONErrorCodes.UnknownMessage, 'Unknown Message');
    return messageId;
  }

  /** POST /webhooks/:appId/:token (interaction follow-up). */
  interactionFollowup(applicationId: string, token: string, rawBody: unknown, files: UploadedFile[]): APIMessage {
    const state = this.interactionForWebhook(applicationId, token);
    if (!state.acknowledged) throw new DiscordApiFailure(404, RESTJSONErrorCodes.UnknownWebhook, 'Unknown Webhook');
    const body = parseMessageBody(rawBody, files, 'create');
    requireSendable(body);
    let message: APIMessage;
    const original = state.originalMessageId ? this.store.findMessage(state.originalMessageId) : undefined;
    if (state.callbackType === InteractionResponseType.DeferredChannelMessageWithSource && original && ((original.flags ?? 0) & MessageFlags.Loading) !== 0) {
      // Discord: the first follow-up after a deferred reply replaces the "thinking..." message.
      message = this.store.applyEdit(original, body, isRecord(rawBody) ? rawBody : {}, 'interaction', MessageFlags.Loading);
    } else {
      message = this.storeInteractionMessage(state, body);
      state.followupIds.push(message.id);
    }
    this.interactionResponses.push({ interactionId: state.id, kind: 'followup', body: isRecord(rawBody) ? clone(rawBody) : {}, messageId: message.id, at: Date.now() });
    return clone(message);
  }

  /** GET/PATCH/DELETE /webhooks/:appId/:token/messages/:messageId ('@original' or a follow-up). */
  interactionWebhookMessage(method: 'GET' | 'PATCH' | 'DELETE', applicationId: string, token: string, messageIdParam: string, rawBody: unknown, files: UploadedFile[]): APIMessage | null {
    const state = this.interactionForWebhook(applicationId, token);
    const messageId = this.webhookMessageId(state, messageIdParam);
    const message = this.store.requireMessage(state.channelId, messageId);
    const original = messageIdParam === '@original';
    const record = (kind: InteractionResponseKind): void => {
      this.interactionResponses.push({ interactionId: state.id, kind, body: isRecord(rawBody) ? clone(rawBody) : {}, messageId, at: Date.now() });
    };
    if (method === 'GET') {
      record(original ? 'get-original' : 'get-followup');
      return clone(message);
    }
    if (method === 'DELETE') {
      this.store.removeMessage(state.channelId, messageId);
      if (original) delete state.originalMessageId;
      record(original ? 'delete-original' : 'delete-followup');
      return null;
    }
    const edited = this.store.applyEdit(message, parseMessageBody(rawBody, files, 'edit'), isRecord(rawBody) ? rawBody : {}, 'interaction', MessageFlags.Loading);
    record(original ? 'edit-original' : 'edit-followup');
    return clone(edited);
  }

  private storeInteractionMessage(state: InteractionState, body: MessageBody): APIMessage {
    const user = this.store.findUser(state.userId);
    if (!user) throw new Error(`fake discord: interaction user ${state.userId} vanished`);
    const flags = (body.flags ?? 0) & (CONTENT_FLAG_MASK | MessageFlags.Loading);
    const metadata: APIMessageInteractionMetadata =
      state.type === InteractionType.MessageComponent && state.sourceMessageId
        ? { id: state.id, type: InteractionType.MessageComponent, user: clone(user), authorizing_integration_owners: { 0: '0' }, interacted_message_id: state.sourceMessageId }
        : { id: state.id, type: InteractionType.ApplicationCommand, user: clone(user), authorizing_integration_owners: { 0: '0' } };
    return this.store.storeMessage(
      state.channelId,
      this.store.bot,
      { ...body, flags },
      {
        type: state.type === InteractionType.ApplicationCommand && state.followupIds.length === 0 && !state.originalMessageId ? MessageType.ChatInputCommand : MessageType.Default,
        webhook_id: this.store.applicationId,
        application_id: this.store.applicationId,
        interaction_metadata: metadata,
      },
    );
  }
}
function refOf(state: InteractionState): FakeInteractionRef {
  return { id: state.id, token: state.token, channelId: state.channelId, type: state.type };
}

function unknownInteraction(): DiscordApiFailure {
  return new DiscordApiFailure(404, RESTJSONErrorCodes.UnknownInteraction, 'Unknown interaction');
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number';
}

function isCommandOptionArray(value: unknown): value is APIApplicationCommandOption[] {
  return (
    isRecordArray(value) &&
    value.every((o) => typeof o['type'] === 'number' && typeof o['name'] === 'string' && typeof o['description'] === 'string' && (o['options'] === undefined || isCommandOptionArray(o['options'])))
  );
}

function findComponent(components: readonly unknown[], customId: string): JsonObject | undefined {
  for (const component of components) {
    if (!isRecord(component)) continue;
    if (component['custom_id'] === customId) return component;
    const children = component['components'];
    if (Array.isArray(children)) {
      const found = findComponent(children, customId);
      if (found) return found;
    }
    const accessory = component['accessory'];
    if (isRecord(accessory) && accessory['custom_id'] === customId) return accessory;
  }
  return undefined;
}
