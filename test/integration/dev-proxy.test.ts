/**
 * The renderer's dev server (`npx vite` with MANTRA_HOST_URL) in front of a real headless
 * host: /api calls and the event stream go through, with the page's own token.
 */
import { fileURLToPath } from 'node:url';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHeadless, type HeadlessHost } from '../../main/hosts/headless/headless.js';
import { createRecordingLogger } from '../../main/logger.js';
import { hostProxy, hostTarget } from '../../vite.config.js';
import { removeDir, tempDataDir } from '../unit/main/engine-harness.js';
import { quietNotify } from './headless-rig.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('MANTRA_HOST_URL', () => {
  it('takes the address the host printed, or just its origin; the token never goes into the target', () => {
    expect(hostTarget(undefined)).toBeNull();
    expect(hostTarget('  ')).toBeNull();
    expect(hostTarget('http://127.0.0.1:41234/?token=abc')).toEqual({ origin: 'http://127.0.0.1:41234', token: 'abc' });
    expect(hostTarget('http://localhost:41234')).toEqual({ origin: 'http://localhost:41234', token: null });
    expect(hostProxy(hostTarget('http://127.0.0.1:41234/?token=abc'))).toEqual({ '/api/': { target: 'http://127.0.0.1:41234', changeOrigin: true, headers: { origin: 'http://127.0.0.1:41234' } } });
    expect(hostProxy(null)).toBeUndefined();
    expect(() => hostTarget('127.0.0.1:41234')).toThrow(/http\(s\) URL|not a URL/);
    expect(() => hostTarget('not a url')).toThrow(/MANTRA_HOST_URL is not a URL/);
    expect(() => hostTarget('file:///etc/passwd')).toThrow(/must be an http\(s\) URL/);
  });
});

describe('the dev server proxies /api to a running host', () => {
  let dir: string;
  let host: HeadlessHost;
  let vite: ViteDevServer;
  let dev: string;

  beforeAll(async () => {
    dir = tempDataDir();
    host = await startHeadless({ dataDir: dir, port: 0, notify: quietNotify, logger: createRecordingLogger(), print: () => {} });
    const before = process.env.MANTRA_HOST_URL;
    process.env.MANTRA_HOST_URL = host.url;
    try {
      vite = await createServer({ configFile: `${ROOT}vite.config.ts`, logLevel: 'silent', server: { port: 0, host: '127.0.0.1' } });
      await vite.listen();
    } finally {
      if (before === undefined) delete process.env.MANTRA_HOST_URL;
      else process.env.MANTRA_HOST_URL = before;
    }
    const address = vite.httpServer?.address();
    if (!address || typeof address === 'string') throw new Error('the dev server has no port');
    dev = `http://127.0.0.1:${address.port}`;
  });

  afterAll(async () => {
    await vite?.close();
    await host?.close();
    removeDir(dir);
  });

  it('passes a call with the page token through, and its effect is the host’s', async () => {
    const res = await fetch(`${dev}/api/updateSettings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${host.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ notifications: false }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; value: { settings: { notifications: boolean } } };
    expect(body).toMatchObject({ ok: true, value: { settings: { notifications: false } } });
    expect(host.engine.snapshot('desktop').settings.notifications).toBe(false);
  });

  it('adds no token of its own: without one the host refuses', async () => {
    const res = await fetch(`${dev}/api/getSnapshot`, { method: 'POST' });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('serves the page’s own modules itself, even one whose name starts with "api"', async () => {
    const res = await fetch(`${dev}/api-http.ts`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('createHttpApi');
  });

  it('streams the live events', async () => {
    const abort = new AbortController();
    const res = await fetch(`${dev}/api/events?token=${encodeURIComponent(host.token)}`, { signal: abort.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('"type":"snapshot"')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    abort.abort();
    expect(text).toContain('"type":"snapshot"');
  });
});
