import { describe, expect, it, vi } from 'vitest';
import { ApiError, type ApiEvent } from '../../shared/api.js';
import { createHttpApi, takeToken } from '../../renderer/api-http';

function reply(status: number, body: unknown): Response {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

class FakeSource {
  static last: FakeSource | null = null;
  onmessage: ((m: MessageEvent<string>) => void) | null = null;
  closed = false;
  constructor(
    readonly url: string,
    readonly init?: EventSourceInit,
  ) {
    FakeSource.last = this;
  }
  close() {
    this.closed = true;
  }
  push(data: string) {
    this.onmessage?.({ data } as MessageEvent<string>);
  }
}

describe('HTTP MantraApi', () => {
  it('posts JSON input with the bearer token and returns the value', async () => {
    const fetch = vi.fn(async () => reply(200, { ok: true, value: { accepted: true } }));
    const api = createHttpApi({ base: 'http://127.0.0.1:9/', token: 'tok', fetch });
    await expect(api.answer({ text: 'hi' })).resolves.toEqual({ accepted: true });
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('http://127.0.0.1:9/api/answer');
    expect(init.method).toBe('POST');
    expect(init.body).toBe('{"text":"hi"}');
    expect(init.headers).toMatchObject({ authorization: 'Bearer tok', 'content-type': 'application/json' });
  });

  it('sends no body for methods without input', async () => {
    const fetch = vi.fn(async () => reply(200, { ok: true, value: 1 }));
    await createHttpApi({ fetch }).deliverNow();
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/deliverNow');
    expect(init.body).toBeUndefined();
    expect(init.headers).not.toHaveProperty('authorization');
  });

  it('rejects with the host error as an ApiError', async () => {
    const fetch = vi.fn(async () => reply(409, { ok: false, error: { message: 'not paused', code: 'refused', reason: 'notPaused' } }));
    const error = await createHttpApi({ fetch })
      .resume()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ message: 'not paused', code: 'refused', reason: 'notPaused' });
  });

  it('words an unreachable host and an unreadable reply', async () => {
    const down = createHttpApi({ fetch: vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))) });
    await expect(down.getSnapshot()).rejects.toMatchObject({ code: 'internal', message: 'cannot reach Mantra. Is it still running?' });
    const html = createHttpApi({ fetch: vi.fn(async () => new Response('<p>no</p>', { status: 401 })) });
    await expect(html.getSnapshot()).rejects.toMatchObject({ code: 'unauthorized' });
    const odd = createHttpApi({ fetch: vi.fn(async () => reply(200, { hello: 1 })) });
    await expect(odd.getSnapshot()).rejects.toMatchObject({ code: 'internal' });
  });

  it('opens one event stream for all listeners and closes it after the last', () => {
    const api = createHttpApi({ token: 'a b', fetch: vi.fn(), EventSource: FakeSource as unknown as typeof EventSource });
    const seen: ApiEvent[] = [];
    const stop1 = api.subscribe((e) => seen.push(e));
    const stop2 = api.subscribe((e) => seen.push(e));
    const source = FakeSource.last!;
    expect(source.url).toBe('/api/events?token=a%20b');
    source.push(JSON.stringify({ type: 'openAnswer' }));
    source.push('not json');
    expect(seen).toEqual([{ type: 'openAnswer' }, { type: 'openAnswer' }]);
    stop1();
    expect(source.closed).toBe(false);
    stop2();
    expect(source.closed).toBe(true);
  });

  it('takes the token from the address once, then from session storage', () => {
    const replaceState = vi.fn();
    expect(takeToken({ href: 'http://127.0.0.1:5/?token=xyz#/curve' }, sessionStorage, { replaceState })).toBe('xyz');
    expect(replaceState).toHaveBeenCalledWith(null, '', '/#/curve');
    expect(takeToken({ href: 'http://127.0.0.1:5/#/curve' }, sessionStorage)).toBe('xyz');
    sessionStorage.clear();
    expect(takeToken({ href: 'http://127.0.0.1:5/' }, sessionStorage)).toBeNull();
  });
});
