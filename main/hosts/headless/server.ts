/**
 * The headless host's HTTP server on 127.0.0.1: the built renderer, the JSON API
 * (`POST /api/<method>`) and live events (`GET /api/events`), all behind the access token.
 * Protocol: docs/http-api.md.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, isApiMethod, type ApiErrorBody } from '../../../shared/api.js';
import { asApiError, createApiHandlers, subscribeProfile, type ApiExtras } from '../../engine/api.js';
import type { Engine } from '../../engine/engine.js';
import { consoleLogger, errorText, type Logger } from '../../logger.js';
import { tokenMatches } from './access-token.js';
import { openEventStream } from './event-stream.js';
import { lookupStatic, sendFile } from '../../web/static-files.js';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from '../../web/window-policy.js';

export interface HostServerOptions {
  readonly engine: Engine;
  readonly profileId: string;
  readonly token: string;
  /** Folder of the built renderer (dist/renderer). */
  readonly rendererDir: string;
  readonly extras?: ApiExtras;
  readonly logger?: Logger;
  /** Largest accepted request body; a theme pack may be 2 MB of JSON inside a JSON string. */
  readonly maxBodyBytes?: number;
}

export interface HostServer {
  readonly port: number;
  /** The URL to open, token included. */
  readonly url: string;
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;
/** Open event streams at once for the token (a page holds one; a runaway script must not hold thousands). */
export const MAX_EVENT_STREAMS = 16;

export { CONTENT_SECURITY_POLICY };

const STATUS_OF: Readonly<Record<ApiErrorBody['code'], number>> = { 'invalid-input': 400, refused: 409, 'not-found': 404, unauthorized: 401, internal: 500 };

class HttpFailure extends ApiError {
  constructor(
    readonly status: number,
    message: string,
    code: ApiErrorBody['code'],
  ) {
    super(message, code);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': String(Buffer.byteLength(text)) });
  res.end(text);
}

function sendError(res: ServerResponse, e: unknown): void {
  const error = asApiError(e);
  const status = e instanceof HttpFailure ? e.status : STATUS_OF[error.code];
  sendJson(res, status, { ok: false, error: error.toBody() });
}

/**
 * Whether a browser says the request comes from a page that is not ours: another port of
 * 127.0.0.1 is another origin (a cookie or "same-site" would not tell them apart). Clients
 * that are not browsers send neither header and are judged by the token alone.
 */
function foreignPage(req: IncomingMessage, ownOrigins: readonly string[]): string | null {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return `Sec-Fetch-Site: ${site}`;
  const origin = req.headers.origin;
  if (origin !== undefined && !ownOrigins.includes(origin)) return `Origin ${origin.slice(0, 100)}`;
  return null;
}

/** A request target for the log: the path only, never the query (it may carry the token). */
function loggable(target: string | undefined): string {
  const path = (target ?? '?').split('?')[0] ?? '?';
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}

function bearerToken(req: IncomingMessage): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return m?.[1] ?? null;
}

/** The request body as parsed JSON; an empty body is `undefined` (methods without input). */
function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) return reject(new HttpFailure(413, `request body too large (limit ${limit} bytes)`, 'invalid-input'));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit the rest is dropped unread; the answer goes out and the connection closes.
      if (size > limit) reject(new HttpFailure(413, `request body too large (limit ${limit} bytes)`, 'invalid-input'));
      else chunks.push(chunk);
    });
    req.on('error', reject);
    req.on('end', () => {
      if (size > limit) return;
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve(undefined);
      const type = req.headers['content-type'] ?? '';
      if (!/^application\/json\b/i.test(type)) return reject(new HttpFailure(415, 'send the input as JSON with Content-Type: application/json', 'invalid-input'));
      try {
        resolve(JSON.parse(text));
      } catch (e) {
        reject(new HttpFailure(400, `request body is not valid JSON: ${errorText(e)}`, 'invalid-input'));
      }
    });
  });
}

const NOT_BUILT_PAGE = `<!doctype html><meta charset="utf-8"><title>Mantra</title>
<p>The Mantra window is not built yet: run <code>npm run build:renderer</code> (or <code>npm start</code>) and reload.
The JSON API under <code>/api/</code> works already.</p>`;

function sendHtml(res: ServerResponse, status: number, html: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, ...extra, 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(html);
}

export function startHostServer(options: HostServerOptions, port = 0): Promise<HostServer> {
  const { engine, profileId, token, rendererDir } = options;
  const logger = options.logger ?? consoleLogger;
  const limit = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const handlers = createApiHandlers(engine, profileId, options.extras);
  let boundPort = port;
  let openStreams = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // A page on another site cannot reach us through a rebound DNS name: only our own host names count.
    const host = req.headers.host ?? '';
    const ownHosts = [`127.0.0.1:${boundPort}`, `localhost:${boundPort}`];
    if (!ownHosts.includes(host)) throw new HttpFailure(421, `unexpected Host "${host.slice(0, 100)}"`, 'unauthorized');
    let url: URL;
    try {
      url = new URL(req.url ?? '/', `http://${host}`);
    } catch {
      throw new HttpFailure(400, 'unreadable request target', 'invalid-input');
    }
    const isGet = req.method === 'GET' || req.method === 'HEAD';

    if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
      // Before the token: a foreign page must learn nothing, not even whether its guess was right.
      const foreign = foreignPage(
        req,
        ownHosts.map((h) => `http://${h}`),
      );
      if (foreign) throw new HttpFailure(403, `refused: the request comes from another page (${foreign})`, 'unauthorized');
      const method = url.pathname.slice('/api/'.length);
      // The query token only where a header cannot be sent: EventSource.
      const authorized = tokenMatches(token, bearerToken(req)) || (isGet && method === 'events' && tokenMatches(token, url.searchParams.get('token')));
      if (!authorized) throw new HttpFailure(401, 'missing or wrong access token (send Authorization: Bearer <token>)', 'unauthorized');
      if (method === 'events') {
        if (req.method !== 'GET') throw new HttpFailure(405, 'events are read with GET', 'invalid-input');
        if (openStreams >= MAX_EVENT_STREAMS) throw new HttpFailure(429, `too many open event streams (at most ${MAX_EVENT_STREAMS}); close a Mantra tab`, 'refused');
        openStreams++;
        let counted = true;
        const uncount = (): void => {
          if (counted) openStreams--;
          counted = false;
        };
        res.on('close', uncount);
        openEventStream(req, res, SECURITY_HEADERS, { type: 'snapshot', snapshot: engine.snapshot(profileId) }, (send) => subscribeProfile(engine, profileId, send));
        return;
      }
      if (!isApiMethod(method)) throw new HttpFailure(404, `no API method "${method}"`, 'not-found');
      if (req.method !== 'POST') throw new HttpFailure(405, `call ${method} with POST`, 'invalid-input');
      const handler: (input: unknown) => Promise<unknown> = handlers[method];
      const value = await handler(await readJsonBody(req, limit));
      sendJson(res, 200, { ok: true, value });
      return;
    }

    // The window's files are the public app bundle: no token needed, so none is ever put in a
    // cookie (cookies go to every port of 127.0.0.1). The page keeps the token itself.
    if (!isGet) throw new HttpFailure(405, 'only GET outside /api/', 'invalid-input');
    const found = lookupStatic(rendererDir, url.pathname);
    if (found.kind === 'refused') throw new HttpFailure(403, 'path refused', 'unauthorized');
    if (found.kind === 'missing') {
      if (url.pathname === '/' || url.pathname === '/index.html') return sendHtml(res, 200, NOT_BUILT_PAGE);
      throw new HttpFailure(404, `no file ${url.pathname}`, 'not-found');
    }
    sendFile(res, found, { ...SECURITY_HEADERS, 'Cache-Control': 'no-cache' });
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!(e instanceof ApiError) || e.code === 'internal') logger.error(`${req.method ?? '?'} ${loggable(req.url)}: ${errorText(e)}`);
      if (res.headersSent) res.destroy();
      else sendError(res, e);
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      boundPort = (server.address() as AddressInfo).port;
      resolve({
        port: boundPort,
        url: `http://127.0.0.1:${boundPort}/?token=${token}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
