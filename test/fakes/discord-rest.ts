/**
 * REST half of the loopback Discord: routing, authentication, body parsing and fault injection
 * (429 / 5xx / outage) in front of the DiscordState model. Mounted under `/api/v10`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { InteractionDesk } from './discord-interactions.js';
import { DiscordApiFailure, isRecord, type JsonObject, type UploadedFile } from './discord-model.js';
import type { DiscordState } from './discord-state.js';

/**
 * Selects requests for fault injection. A string is `'[METHOD ]/path'` relative to `/api/v10`,
 * where `:name` matches one path segment and `*` matches the rest, e.g. `'POST /channels/:id/messages'`
 * or `'/users/*'`. A RegExp is tested against `'METHOD /path'` (e.g. `'POST /channels/123/messages'`).
 */
export type RoutePattern = string | RegExp;

export interface RequestRecord {
  method: string;
  /** Path relative to /api/v10, without the query string. */
  path: string;
  query: string;
  status: number;
  /** Parsed JSON body (or payload_json of a multipart body); undefined when there was none. */
  body: unknown;
  at: number;
}

export interface RateLimitOptions {
  /** Answer as a global rate limit (X-RateLimit-Global, scope global). Default false. */
  global?: boolean;
  /** How many matching requests get the 429. Default 1. */
  times?: number;
}

export interface FailOptions {
  /** HTTP status, default 500. Note: @discordjs/rest retries 5xx up to 3 times before throwing. */
  status?: number;
  /** How many matching requests fail. Default 1. */
  times?: number;
  /** JSON error code in the body (4xx). Default 0. */
  code?: number;
  message?: string;
}

type Fault =
  | { kind: 'ratelimit'; matches: (key: string) => boolean; remaining: number; retryAfterSec: number; global: boolean }
  | { kind: 'fail'; matches: (key: string) => boolean; remaining: number; status: number; code: number; message: string };

export class RestFaults {
  private readonly faults: Fault[] = [];
  down = false;

  rateLimitNext(route: RoutePattern, retryAfterSec: number, options: RateLimitOptions = {}): void {
    this.faults.push({ kind: 'ratelimit', matches: compilePattern(route), remaining: options.times ?? 1, retryAfterSec, global: options.global ?? false });
  }

  failNext(route: RoutePattern, options: FailOptions = {}): void {
    const status = options.status ?? 500;
    this.faults.push({
      kind: 'fail',
      matches: compilePattern(route),
      remaining: options.times ?? 1,
      status,
      code: options.code ?? 0,
      message: options.message ?? `${status}: Injected failure`,
    });
  }

  /** Consumes and returns the first armed fault matching `METHOD /path`. */
  take(key: string): Fault | undefined {
    const index = this.faults.findIndex((f) => f.remaining > 0 && f.matches(key));
    if (index < 0) return undefined;
    const fault = this.faults[index];
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.splice(index, 1);
    return fault;
  }
}

function compilePattern(route: RoutePattern): (key: string) => boolean {
  if (route instanceof RegExp) return (key) => route.test(key);
  const trimmed = route.trim();
  const match = /^([A-Z]+)\s+(\S+)$/.exec(trimmed);
  const method = match?.[1];
  const path = match?.[2] ?? trimmed;
  const source = path
    .split('/')
    .map((segment) => (segment === '*' ? '.*' : segment.startsWith(':') ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  const regex = new RegExp(`^${method ?? '[A-Z]+'} ${source}$`);
  return (key) => regex.test(key);
}

// ---------------------------------------------------------------------------------------------

interface RestRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  params: Record<string, string>;
  body: unknown;
  files: UploadedFile[];
}

type RestResult = { status: number; body?: unknown };
type Handler = (req: RestRequest) => RestResult | Promise<RestResult>;

interface Route {
  method: string;
  regex: RegExp;
  keys: string[];
  auth: boolean;
  handler: Handler;
}

export interface RestContext {
  state: DiscordState;
  desk: InteractionDesk;
  faults: RestFaults;
  token: string;
  gatewayUrl: () => string;
  sessionStartLimit: () => { total: number; remaining: number; reset_after: number; max_concurrency: number };
  requests: RequestRecord[];
}

export const API_PREFIX = '/api/v10';

const ok = (body: unknown): RestResult => ({ status: 200, body });
const created = (body: unknown): RestResult => ({ status: 201, body });
const noContent: RestResult = { status: 204 };

function param(req: RestRequest, key: string): string {
  const value = req.params[key];
  if (value === undefined) throw new Error(`route parameter ${key} missing`);
  return value;
}

function buildRoutes(ctx: RestContext): Route[] {
  const { state, desk } = ctx;
  const routes: Route[] = [];
  const add = (method: string, pattern: string, auth: boolean, handler: Handler): void => {
    const keys: string[] = [];
    const source = pattern
      .split('/')
      .map((segment) => {
        if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        keys.push(segment.slice(1));
        return '([^/]+)';
      })
      .join('/');
    routes.push({ method, regex: new RegExp(`^${source}$`), keys, auth, handler });
  };

  add('GET', '/gateway', false, () => ok({ url: ctx.gatewayUrl() }));
  add('GET', '/gateway/bot', true, () => ok({ url: ctx.gatewayUrl(), shards: 1, session_start_limit: ctx.sessionStartLimit() }));

  add('GET', '/users/@me', true, () => ok(state.getUser(state.bot.id)));
  add('GET', '/users/:userId', true, (req) => ok(state.getUser(param(req, 'userId'))));
  add('POST', '/users/@me/channels', true, (req) => ok(state.openDm(isRecord(req.body) ? req.body['recipient_id'] : undefined)));

  add('GET', '/channels/:channelId', true, (req) => ok(state.getChannel(param(req, 'channelId'))));
  add('GET', '/channels/:channelId/messages', true, (req) => {
    const all = state.listMessages(param(req, 'channelId'));
    const limit = Math.min(Math.max(Number(req.query.get('limit') ?? 50) || 50, 1), 100);
    return ok(all.reverse().slice(0, limit)); // newest first, like Discord
  });
  add('POST', '/channels/:channelId/messages', true, (req) => ok(state.botSendsMessage(param(req, 'channelId'), req.body, req.files)));
  add('GET', '/channels/:channelId/messages/:messageId', true, (req) => ok(state.getMessage(param(req, 'channelId'), param(req, 'messageId'))));
  add('PATCH', '/channels/:channelId/messages/:messageId', true, (req) => ok(state.botEditsMessage(param(req, 'channelId'), param(req, 'messageId'), req.body, req.files)));
  add('DELETE', '/channels/:channelId/messages/:messageId', true, (req) => {
    state.deleteMessage(param(req, 'channelId'), param(req, 'messageId'));
    return noContent;
  });
  add('PUT', '/channels/:channelId/messages/:messageId/reactions/:emoji/@me', true, (req) => {
    state.addReaction(param(req, 'channelId'), param(req, 'messageId'), param(req, 'emoji'));
    return noContent;
  });
  add('DELETE', '/channels/:channelId/messages/:messageId/reactions/:emoji/@me', true, (req) => {
    state.removeReaction(param(req, 'channelId'), param(req, 'messageId'), param(req, 'emoji'));
    return noContent;
  });
  add('POST', '/channels/:channelId/typing', true, (req) => {
    state.getChannel(param(req, 'channelId'));
    return noContent;
  });

  add('GET', '/applications/@me', true, () =>
    ok({ id: state.applicationId, name: state.bot.username, description: '', icon: null, bot_public: true, bot_require_code_grant: false, flags: 0, bot: state.bot }),
  );
  add('GET', '/applications/:appId/commands', true, (req) => ok(desk.listCommands(param(req, 'appId'))));
  add('PUT', '/applications/:appId/commands', true, (req) => ok(desk.overwriteCommands(param(req, 'appId'), req.body)));
  add('POST', '/applications/:appId/commands', true, (req) => created(desk.upsertCommand(param(req, 'appId'), req.body)));
  add('DELETE', '/applications/:appId/commands/:commandId', true, (req) => {
    desk.deleteCommand(param(req, 'appId'), param(req, 'commandId'));
    return noContent;
  });

  // Interaction callbacks and interaction webhooks are authenticated by their token, not the bot token.
  add('POST', '/interactions/:interactionId/:token/callback', false, (req) => {
    const withResponse = req.query.get('with_response') === 'true';
    const body = desk.interactionCallback(param(req, 'interactionId'), param(req, 'token'), req.body, req.files, withResponse);
    return body ? ok(body) : noContent;
  });
  add('POST', '/webhooks/:appId/:token', false, (req) => ok(desk.interactionFollowup(param(req, 'appId'), param(req, 'token'), req.body, req.files)));
  for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
    add(method, '/webhooks/:appId/:token/messages/:messageId', false, (req) => {
      const message = desk.interactionWebhookMessage(method, param(req, 'appId'), param(req, 'token'), param(req, 'messageId'), req.body, req.files);
      return message ? ok(message) : noContent;
    });
  }
  return routes;
}

// ---------------------------------------------------------------------------------------------

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

class BadBody extends Error {}

async function parseBody(raw: Buffer, contentType: string | undefined): Promise<{ body: unknown; files: UploadedFile[] }> {
  if (raw.length === 0) return { body: undefined, files: [] };
  if (contentType?.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    const files: UploadedFile[] = [];
    let body: unknown = {};
    for (const [name, value] of form.entries()) {
      if (name === 'payload_json' && typeof value === 'string') body = JSON.parse(value);
      const fileMatch = /^files\[(\d+)\]$/.exec(name);
      if (fileMatch && typeof value !== 'string') {
        files.push({ index: Number(fileMatch[1]), filename: value.name, size: value.size, contentType: value.type || 'application/octet-stream' });
      }
    }
    return { body, files };
  }
  try {
    const body: unknown = JSON.parse(raw.toString('utf8'));
    return { body, files: [] };
  } catch {
    throw new BadBody('The request body contains invalid JSON.');
  }
}

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  if (body === undefined || status === 204) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

/** Creates the request listener for everything under /api/v10. */
export function createRestHandler(ctx: RestContext): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const routes = buildRoutes(ctx);

  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) || '/' : url.pathname;
    let parsed: unknown;
    const record = (status: number): void => {
      ctx.requests.push({ method, path, query: url.search, status, body: parsed, at: Date.now() });
    };
    const reply = (status: number, body?: unknown, headers?: Record<string, string>): void => {
      record(status);
      send(res, status, body, headers);
    };

    let raw: Buffer;
    try {
      raw = await readBody(req);
    } catch {
      return; // client went away
    }

    if (ctx.faults.down) {
      reply(503, { message: '503: Service Unavailable', code: 0 });
      return;
    }
    if (!url.pathname.startsWith(`${API_PREFIX}/`)) {
      reply(404, { message: '404: Not Found', code: 0 });
      return;
    }

    let route: Route | undefined;
    let params: Record<string, string> = {};
    let pathMatched = false;
    for (const candidate of routes) {
      const match = candidate.regex.exec(path);
      if (!match) continue;
      pathMatched = true;
      if (candidate.method !== method) continue;
      route = candidate;
      params = Object.fromEntries(candidate.keys.map((key, i) => [key, decodeURIComponent(match[i + 1] ?? '')]));
      break;
    }
    if (!route) {
      reply(pathMatched ? 405 : 404, pathMatched ? { message: '405: Method Not Allowed', code: 0 } : { message: '404: Not Found', code: 0 });
      return;
    }

    if (route.auth && req.headers.authorization !== `Bot ${ctx.token}`) {
      reply(401, { message: '401: Unauthorized', code: 0 });
      return;
    }

    const fault = ctx.faults.take(`${method} ${path}`);
    if (fault?.kind === 'ratelimit') {
      const headers: Record<string, string> = {
        'retry-after': String(fault.retryAfterSec),
        'x-ratelimit-limit': '5',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset-after': String(fault.retryAfterSec),
        'x-ratelimit-reset': String((Date.now() / 1000 + fault.retryAfterSec).toFixed(3)),
        'x-ratelimit-bucket': 'fakebucket',
        'x-ratelimit-scope': fault.global ? 'global' : 'user',
      };
      if (fault.global) headers['x-ratelimit-global'] = 'true';
      reply(429, { message: 'You are being rate limited.', retry_after: fault.retryAfterSec, global: fault.global }, headers);
      return;
    }
    if (fault?.kind === 'fail') {
      reply(fault.status, { message: fault.message, code: fault.code });
      return;
    }

    try {
      const { body, files } = await parseBody(raw, req.headers['content-type']);
      parsed = body;
      const result = await route.handler({ method, path, query: url.searchParams, params, body, files });
      reply(result.status, result.body);
    } catch (error) {
      if (error instanceof DiscordApiFailure) {
        reply(error.status, error.toBody());
      } else if (error instanceof BadBody) {
        reply(400, { message: error.message, code: 50109 });
      } else {
        const message = error instanceof Error ? error.message : String(error);
        reply(500, { message: `500: Internal Server Error (fake: ${message})`, code: 0 } satisfies JsonObject);
      }
    }
  };
}
