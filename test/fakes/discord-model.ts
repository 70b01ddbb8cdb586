/**
 * Shared vocabulary of the loopback Discord: JSON narrowing helpers, snowflakes, the error type
 * that becomes a Discord JSON error response, record types exposed to tests, and validation of
 * message bodies (the limits discord.js does not check but Discord does).
 *
 * Payload shapes follow discord-api-types v10 (re-exported by discord.js), so the compiler
 * checks that what the fake emits is what discord.js expects from the real API.
 */
import {
  ButtonStyle,
  type Locale,
  ComponentType,
  MessageFlags,
  RESTJSONErrorCodes,
  type APIAttachment,
  type APIEmbed,
  type APIMessage,
  type APIMessageTopLevelComponent,
  type APIUser,
} from 'discord.js';

// ---------------------------------------------------------------------------------------------
// Small JSON helpers (request bodies are `unknown` until narrowed)

export type JsonObject = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isRecordArray(value: unknown): value is JsonObject[] {
  return Array.isArray(value) && value.every(isRecord);
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}

// ---------------------------------------------------------------------------------------------
// Snowflakes: real Discord layout (ms since the Discord epoch << 22 | worker | process | increment)

const DISCORD_EPOCH = 1_420_070_400_000n;

export class SnowflakeGenerator {
  private lastMs = 0n;
  private increment = 0n;

  next(): string {
    let now = BigInt(Date.now());
    if (now <= this.lastMs) {
      now = this.lastMs;
      this.increment = (this.increment + 1n) & 0xfffn;
      if (this.increment === 0n) now += 1n; // 4096 ids in one ms: borrow the next millisecond
    } else {
      this.increment = 0n;
    }
    this.lastMs = now;
    return (((now - DISCORD_EPOCH) << 22n) | (1n << 17n) | (1n << 12n) | this.increment).toString();
  }
}

// ---------------------------------------------------------------------------------------------
// Errors: thrown by the model, turned into JSON error responses by the REST layer

export class DiscordApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly errors?: JsonObject,
  ) {
    super(message);
    this.name = 'DiscordApiFailure';
  }

  toBody(): JsonObject {
    return this.errors ? { message: this.message, code: this.code, errors: this.errors } : { message: this.message, code: this.code };
  }
}

export function invalidFormBody(errors: JsonObject): DiscordApiFailure {
  return new DiscordApiFailure(400, RESTJSONErrorCodes.InvalidFormBodyOrContentType, 'Invalid Form Body', errors);
}

export function fieldError(code: string, message: string): JsonObject {
  return { _errors: [{ code, message }] };
}

// ---------------------------------------------------------------------------------------------
// Record types exposed through FakeDiscord

export interface FakeUserInput {
  id?: string;
  username: string;
  globalName?: string | null;
  bot?: boolean;
  avatar?: string | null;
  /** The language of this user's Discord client, sent with each of their interactions; default en-US. */
  locale?: Locale;
}

export interface EditRecord {
  channelId: string;
  messageId: string;
  /** The PATCH body as received. */
  body: JsonObject;
  /** Content before the edit. */
  previousContent: string;
  /** The message after the edit. */
  message: APIMessage;
  /** 'rest' = PATCH /channels/..; 'interaction' = update/editReply through an interaction. */
  via: 'rest' | 'interaction';
  at: number;
}

export interface ReactionRecord {
  channelId: string;
  messageId: string;
  /** Decoded emoji: the unicode character, or `name:id` for a custom emoji. */
  emoji: string;
  userId: string;
  at: number;
}

export interface DeletionRecord {
  channelId: string;
  messageId: string;
  at: number;
}

export interface UploadedFile {
  index: number;
  filename: string;
  size: number;
  contentType: string;
}

/** What a message create/edit body may carry once validated. `undefined` means "not given". */
export interface MessageBody {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIMessageTopLevelComponent[];
  flags?: number;
  nonce?: string | number;
  enforceNonce?: boolean;
  attachments?: APIAttachment[];
  messageReferenceId?: string;
}

const MAX_CONTENT = 2000;
export const CONTENT_FLAG_MASK = MessageFlags.SuppressEmbeds | MessageFlags.Ephemeral | MessageFlags.SuppressNotifications | MessageFlags.IsComponentsV2;

// ---------------------------------------------------------------------------------------------
// Builders and validation

export function makeUser(input: FakeUserInput, ids: SnowflakeGenerator): APIUser {
  return {
    id: input.id ?? ids.next(),
    username: input.username,
    discriminator: '0',
    global_name: input.globalName ?? null,
    avatar: input.avatar ?? null,
    ...(input.bot ? { bot: true } : {}),
  };
}

function isComponentArray(value: unknown): value is APIMessageTopLevelComponent[] {
  return isRecordArray(value) && value.every((c) => typeof c['type'] === 'number');
}

function isEmbedArray(value: unknown): value is APIEmbed[] {
  return isRecordArray(value);
}

export function requireSendable(body: MessageBody): void {
  const hasContent = (body.content ?? '').length > 0;
  if (!hasContent && !body.embeds?.length && !body.components?.length && !body.attachments?.length) {
    throw new DiscordApiFailure(400, RESTJSONErrorCodes.CannotSendAnEmptyMessage, 'Cannot send an empty message');
  }
}

/** Validates a message create/edit body the way Discord does for the fields the fake models. */
export function parseMessageBody(raw: unknown, files: UploadedFile[], mode: 'create' | 'edit'): MessageBody {
  if (!isRecord(raw)) throw invalidFormBody({ _errors: [{ code: 'MODEL_TYPE_CONVERT', message: 'Only dictionaries may be used in a ModelType' }] });
  const errors: JsonObject = {};
  const body: MessageBody = {};

  const content = raw['content'];
  if (typeof content === 'string') {
    if (content.length > MAX_CONTENT) errors['content'] = fieldError('BASE_TYPE_MAX_LENGTH', `Must be ${MAX_CONTENT} or fewer in length.`);
    body.content = content;
  } else if (content === null && mode === 'edit') {
    body.content = '';
  } else if (content !== undefined && content !== null) {
    errors['content'] = fieldError('BASE_TYPE_STRING', 'Must be a string.');
  }

  const embeds = raw['embeds'];
  if (embeds === null && mode === 'edit') body.embeds = [];
  else if (embeds !== undefined && embeds !== null) {
    if (!isEmbedArray(embeds)) errors['embeds'] = fieldError('BASE_TYPE_ARRAY', 'Must be an array.');
    else if (embeds.length > 10) errors['embeds'] = fieldError('BASE_TYPE_MAX_LENGTH', 'Must be 10 or fewer in length.');
    else body.embeds = embeds;
  }

  const flags = raw['flags'];
  if (typeof flags === 'number') body.flags = flags;
  const componentsV2 = body.flags !== undefined && (body.flags & MessageFlags.IsComponentsV2) !== 0;

  const components = raw['components'];
  if (components === null && mode === 'edit') body.components = [];
  else if (components !== undefined && components !== null) {
    if (!isComponentArray(components)) errors['components'] = fieldError('BASE_TYPE_ARRAY', 'Must be an array of components.');
    else {
      const componentErrors = validateComponents(components, componentsV2);
      if (componentErrors) errors['components'] = componentErrors;
      else body.components = components;
    }
  }
  if (componentsV2 && (body.content ?? '').length > 0) {
    errors['content'] = fieldError('MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2', "The 'content' field cannot be used when using MessageFlags.IS_COMPONENTS_V2");
  }

  const nonce = raw['nonce'];
  if (typeof nonce === 'string' || typeof nonce === 'number') {
    if (String(nonce).length > 25) errors['nonce'] = fieldError('BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
    body.nonce = nonce;
  }
  if (raw['enforce_nonce'] === true) body.enforceNonce = true;

  const reference = raw['message_reference'];
  if (isRecord(reference) && typeof reference['message_id'] === 'string') body.messageReferenceId = reference['message_id'];

  const attachments = buildAttachments(raw['attachments'], files);
  if (attachments) body.attachments = attachments;

  if (Object.keys(errors).length > 0) throw invalidFormBody(errors);
  return body;
}

function buildAttachments(raw: unknown, files: UploadedFile[]): APIAttachment[] | undefined {
  if (files.length === 0 && !Array.isArray(raw)) return undefined;
  const described = isRecordArray(raw) ? raw : [];
  return files.map((file) => {
    const meta = described.find((a) => a['id'] === file.index || a['id'] === String(file.index));
    const id = `${Date.now()}${file.index}`;
    const filename = typeof meta?.['filename'] === 'string' ? meta['filename'] : file.filename;
    return {
      id,
      filename,
      size: file.size,
      url: `https://cdn.discordapp.invalid/attachments/${id}/${encodeURIComponent(filename)}`,
      proxy_url: `https://media.discordapp.invalid/attachments/${id}/${encodeURIComponent(filename)}`,
      content_type: file.contentType,
      ...(typeof meta?.['description'] === 'string' ? { description: meta['description'] } : {}),
    };
  });
}

/** Discord's limits on legacy action rows and buttons; returns an errors object or undefined. */
function validateComponents(components: APIMessageTopLevelComponent[], componentsV2: boolean): JsonObject | undefined {
  const errors: JsonObject = {};
  if (!componentsV2 && components.length > 5) return fieldError('BASE_TYPE_MAX_LENGTH', 'Must be 5 or fewer in length.');
  const seen = new Set<string>();
  components.forEach((row, rowIndex) => {
    if (!componentsV2 && row.type !== ComponentType.ActionRow) {
      errors[`${rowIndex}.type`] = fieldError('COMPONENT_LAYOUT_WIDTH_EXCEEDED', 'Top-level components must be action rows unless IS_COMPONENTS_V2 is set.');
      return;
    }
    if (row.type !== ComponentType.ActionRow) return;
    const children: unknown[] = row.components;
    if (children.length < 1 || children.length > 5) {
      errors[`${rowIndex}.components`] = fieldError('BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 5 in length.');
    }
    children.forEach((child, childIndex) => {
      if (!isRecord(child)) return;
      const at = `${rowIndex}.components.${childIndex}`;
      const customId = child['custom_id'];
      if (typeof customId === 'string') {
        if (customId.length < 1 || customId.length > 100) errors[`${at}.custom_id`] = fieldError('BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
        if (seen.has(customId)) errors[`${at}.custom_id`] = fieldError('COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
        seen.add(customId);
      }
      if (child['type'] !== ComponentType.Button) return;
      const label = child['label'];
      if (typeof label === 'string' && label.length > 80) errors[`${at}.label`] = fieldError('BASE_TYPE_MAX_LENGTH', 'Must be 80 or fewer in length.');
      if (label === undefined && child['emoji'] === undefined) errors[`${at}.label`] = fieldError('BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED', 'A label or emoji is required.');
      const style = child['style'];
      if (style === ButtonStyle.Link) {
        if (typeof child['url'] !== 'string') errors[`${at}.url`] = fieldError('BUTTON_COMPONENT_URL_REQUIRED', 'A url is required');
        if (customId !== undefined) errors[`${at}.custom_id`] = fieldError('BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED', 'A custom id cannot be specified for link buttons');
      } else if (style === ButtonStyle.Premium) {
        if (typeof child['sku_id'] !== 'string') errors[`${at}.sku_id`] = fieldError('BASE_TYPE_REQUIRED', 'This field is required');
      } else if (typeof customId !== 'string') {
        errors[`${at}.custom_id`] = fieldError('BUTTON_COMPONENT_CUSTOM_ID_REQUIRED', 'A custom id is required');
      }
    });
  });
  return Object.keys(errors).length > 0 ? errors : undefined;
}
