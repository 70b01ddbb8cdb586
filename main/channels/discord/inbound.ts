/**
 * The border with Discord: every field of an inbound message or interaction the mirror uses
 * passes one of these schemas first. discord.js objects are read into plain data, then parsed.
 */
import { z } from 'zod';

/** A Discord id: a 64-bit integer as decimal text. */
export const snowflakeSchema = z.string().regex(/^\d{1,20}$/, { message: 'not a Discord id' });

/** Discord's own limit on a message; an answer must also fit the engine's 1000. */
const MESSAGE_MAX = 4000;
/** What the engine accepts as an answer (apiInputSchemas.answer). */
export const ANSWER_MAX = 1000;

/** A message in a DM with the bot. */
export const directMessageSchema = z.object({
  id: snowflakeSchema,
  channelId: snowflakeSchema,
  authorId: snowflakeSchema,
  authorIsBot: z.boolean(),
  /** Null in a DM; any guild message is not for the mirror. */
  guildId: z.null(),
  content: z.string().max(MESSAGE_MAX),
});
export type DirectMessage = z.infer<typeof directMessageSchema>;

/** The minimal shape of a discord.js Message the mirror reads. */
export interface MessageLike {
  readonly id: string;
  readonly channelId: string;
  readonly guildId: string | null;
  readonly content: string;
  readonly author: { readonly id: string; readonly bot: boolean };
}

export function readDirectMessage(m: MessageLike): DirectMessage | null {
  const r = directMessageSchema.safeParse({ id: m.id, channelId: m.channelId, authorId: m.author.id, authorIsBot: m.author.bot, guildId: m.guildId, content: m.content });
  return r.success ? r.data : null;
}

const optionValue = z.union([z.string().max(500), z.number(), z.boolean()]);

/**
 * The language of the user's Discord client, sent with every interaction ("de", "es-ES",
 * "es-419", "en-US"). Missing or malformed is null (the reply is then English), never a refusal.
 */
export const clientLocaleSchema = z
  .string()
  .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})?$/)
  .nullable()
  .catch(null);

/** A `/mantra <sub>` invocation. */
export const commandSchema = z.object({
  id: snowflakeSchema,
  userId: snowflakeSchema,
  name: z.literal('mantra'),
  sub: z.string().regex(/^[a-z]{1,32}$/),
  options: z.record(z.string().regex(/^[a-z_]{1,32}$/), optionValue),
  locale: clientLocaleSchema,
});
export type CommandInvocation = z.infer<typeof commandSchema>;

/** A button click on one of the mirror's messages. */
export const buttonSchema = z.object({
  id: snowflakeSchema,
  userId: snowflakeSchema,
  messageId: snowflakeSchema,
  customId: z.string().min(1).max(100),
  locale: clientLocaleSchema,
});
export type ButtonClick = z.infer<typeof buttonSchema>;

/** A message the bot created or edited, as the REST API returns it: only what the ledger keeps. */
export const sentMessageSchema = z.object({ id: snowflakeSchema, channel_id: snowflakeSchema });

/** POST /users/@me/channels answers with the DM channel. */
export const dmChannelSchema = z.object({ id: snowflakeSchema });
