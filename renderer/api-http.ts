/**
 * MantraApi over the headless host's loopback HTTP API (docs/http-api.md):
 *   POST /api/<method>, JSON input -> {ok:true,value} | {ok:false,error:{message,code}}
 *   GET  /api/events, server-sent events, one ApiEvent as JSON per message.
 * Auth: the host's first URL carries `?token=`; this client keeps it in the origin's
 * localStorage (an origin includes the port, unlike cookies) and sends it as a Bearer header.
 */
import { API_METHODS, ApiError, apiErrorSchema, type ApiEvent, type ApiMethod, type MantraApi } from '../shared/api.js';

const TOKEN_KEY = 'mantra.token';

export interface HttpApiOptions {
  /** Where the host is: "" for the page's own origin. */
  readonly base?: string;
  readonly token?: string | null;
  readonly fetch?: typeof fetch;
  readonly EventSource?: typeof EventSource;
}

/**
 * The access token: taken from `?token=` of the address (and then removed from it, so it
 * is not left in history or screenshots), else the one this tab kept earlier.
 */
export function takeToken(location: Pick<Location, 'href'>, storage?: Storage, history?: Pick<History, 'replaceState'>): string | null {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    try {
      storage?.setItem(TOKEN_KEY, fromUrl);
      url.searchParams.delete('token');
      history?.replaceState(null, '', url.pathname + url.search + url.hash);
    } catch {
      // Storage can be off (private mode); the URL keeps the token then.
    }
    return fromUrl;
  }
  try {
    return storage?.getItem(TOKEN_KEY) ?? null;
  } catch {
    return null;
  }
}

function unreachable(): ApiError {
  return new ApiError('cannot reach Mantra. Is it still running?', 'internal');
}

export function createHttpApi(options: HttpApiOptions = {}): MantraApi {
  const base = (options.base ?? '').replace(/\/$/, '');
  const token = options.token ?? null;
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const Source = options.EventSource ?? globalThis.EventSource;

  async function call(method: ApiMethod, input: unknown): Promise<unknown> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (input !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await doFetch(`${base}/api/${method}`, {
        method: 'POST',
        headers,
        credentials: 'same-origin',
        ...(input !== undefined ? { body: JSON.stringify(input) } : {}),
      });
    } catch {
      throw unreachable();
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      if (response.status === 401 || response.status === 403) throw new ApiError('this page is not signed in to Mantra', 'unauthorized');
      throw new ApiError(`Mantra answered with an unreadable reply (HTTP ${response.status})`, 'internal');
    }
    if (typeof body === 'object' && body !== null && 'ok' in body) {
      if (body.ok === true && 'value' in body) return body.value;
      const error = apiErrorSchema.safeParse((body as { error?: unknown }).error);
      if (error.success) throw ApiError.fromBody(error.data);
    }
    throw new ApiError(`Mantra answered with an unexpected reply (HTTP ${response.status})`, 'internal');
  }

  const listeners = new Set<(event: ApiEvent) => void>();
  let source: EventSource | null = null;

  function open(): void {
    if (!Source) return;
    const query = token ? `?token=${encodeURIComponent(token)}` : '';
    source = new Source(`${base}/api/events${query}`, { withCredentials: true });
    source.onmessage = (message: MessageEvent<string>) => {
      let event: ApiEvent;
      try {
        event = JSON.parse(message.data) as ApiEvent;
      } catch {
        return;
      }
      for (const listener of [...listeners]) listener(event);
    };
  }

  const api: Record<string, unknown> = {
    subscribe(listener: (event: ApiEvent) => void): () => void {
      listeners.add(listener);
      if (!source) open();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && source) {
          source.close();
          source = null;
        }
      };
    },
  };
  for (const method of API_METHODS) api[method] = (input?: unknown) => call(method, input);
  return api as MantraApi;
}
