/**
 * What can go wrong talking to Discord, in the user's words: errors become a connection
 * state and one sentence, never an exception into the engine. Secrets are scrubbed first.
 */
import type { DiscordConnection } from '../../../shared/api.js';
import { said, type DiscordStatusSaid } from '../../../shared/discord-status.js';

/** Discord JSON error codes the mirror reacts to (discord-api-types RESTJSONErrorCodes). */
export const DISCORD_CODES = Object.freeze({
  unknownChannel: 10003,
  unknownMessage: 10008,
  unknownUser: 10013,
  cannotSendMessagesToThisUser: 50007,
  missingAccess: 50001,
});

/** How a bot token is shaped: base64 user id, a dot, a timestamp, a dot, an HMAC. */
const TOKEN_SHAPE = /[\w-]{20,}\.[\w-]{4,}\.[\w-]{20,}/g;
/** Interaction and webhook tokens travel in URL paths; they are secrets for 15 minutes. */
const PATH_TOKEN = /\/(interactions|webhooks)\/(\d+)\/[^/\s?]+/g;

/** Removes every secret it knows or recognises from a text meant for a log or the UI. */
export function scrub(text: string, secrets: readonly (string | null | undefined)[] = []): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 8) out = out.split(s).join('[token]');
  return out.replace(TOKEN_SHAPE, '[token]').replace(PATH_TOKEN, '/$1/$2/[token]');
}

export interface Fault {
  readonly connection: DiscordConnection;
  /** English, for logs. */
  readonly detail: string;
  readonly said: DiscordStatusSaid;
}

interface ErrorLike {
  readonly name?: unknown;
  readonly message?: unknown;
  readonly code?: unknown;
  readonly status?: unknown;
}

function fields(e: unknown): ErrorLike {
  return typeof e === 'object' && e !== null ? (e as ErrorLike) : { message: String(e) };
}

export const BAD_TOKEN = said('badToken');

const cannotDm = (userId: string | null) => (userId ? said('cannotDm', { userId }) : said('cannotDmAnyone'));
export const cannotDmDetail = (userId: string | null): string => cannotDm(userId).detail;

/** Whether an error says the token itself is wrong (retrying will not help). */
export function isBadToken(e: unknown): boolean {
  const f = fields(e);
  return f.code === 'TokenInvalid' || f.status === 401 || f.code === 4004;
}

/** Whether an error says this user cannot be messaged by this bot. */
export function isCannotDm(e: unknown): boolean {
  const f = fields(e);
  return f.code === DISCORD_CODES.cannotSendMessagesToThisUser || f.code === DISCORD_CODES.unknownUser || (f.status === 403 && typeof f.code === 'number');
}

/** Whether a message or channel the mirror remembers no longer exists (nothing to edit). */
export function isGone(e: unknown): boolean {
  const f = fields(e);
  return f.code === DISCORD_CODES.unknownMessage || f.code === DISCORD_CODES.unknownChannel || f.status === 404;
}

/** The one-line reason of an error, scrubbed. */
export function reason(e: unknown, secrets: readonly (string | null | undefined)[] = []): string {
  const f = fields(e);
  const message = typeof f.message === 'string' && f.message ? f.message : String(e);
  const status = typeof f.status === 'number' ? ` (HTTP ${f.status})` : '';
  const firstLine = message.split('\n')[0] ?? message;
  return scrub(`${firstLine}${status}`, secrets);
}

/** Classifies a failed Discord call into a connection state and a sentence for the user. */
export function classify(e: unknown, userId: string | null, secrets: readonly (string | null | undefined)[] = []): Fault {
  if (isBadToken(e)) return { connection: 'bad-token', ...BAD_TOKEN };
  if (isCannotDm(e)) return { connection: 'cannot-dm', ...cannotDm(userId) };
  if (e instanceof TimeoutError) return { connection: 'error', ...said('timeout', { reason: e.message, seconds: e.seconds }) };
  return { connection: 'error', ...said('failed', { reason: reason(e, secrets) }) };
}

export class TimeoutError extends Error {
  /** The limit that was crossed, in whole seconds (for the user's sentence). */
  readonly seconds: number;
  constructor(what: string, ms: number) {
    super(`${what} took longer than ${Math.round(ms / 1000)} s`);
    this.seconds = Math.round(ms / 1000);
    this.name = 'TimeoutError';
  }
}

/** Resolves or rejects with `work`, or rejects with TimeoutError after `ms`; the work itself carries on. */
export async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(what, ms)), ms);
    timer.unref?.();
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface Backoff {
  /** First wait after a failed login, ms. */
  readonly initialMs: number;
  /** Longest wait between logins, ms. */
  readonly maxMs: number;
}

/** Login retries: 2 s, 4 s, 8 s ... capped at 5 min (discord.js itself retries the gateway). */
export const DEFAULT_BACKOFF: Backoff = Object.freeze({ initialMs: 2_000, maxMs: 5 * 60_000 });

/** Wait before retry number `attempt` (1-based), with up to 20% jitter so many clients do not stampede. */
export function backoffDelay(attempt: number, backoff: Backoff, jitter: number = Math.random()): number {
  const base = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (1 - 0.2 * jitter));
}
