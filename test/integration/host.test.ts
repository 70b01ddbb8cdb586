import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../shared/api.js';
import type { NotifyChannel } from '../../main/channels/notify.js';
import { createManualClock } from '../../main/engine/clock.js';
import { startHeadless, type HeadlessHost } from '../../main/hosts/headless/headless.js';
import { createRecordingLogger } from '../../main/logger.js';
import { removeDir, tempDataDir } from '../unit/main/engine-harness.js';

const shown: { title: string; body: string }[] = [];
const fakeNotify: NotifyChannel = {
  show: async (n) => {
    shown.push(n);
    return { delivered: true };
  },
  onClick: () => () => {},
  check: async () => ({ ok: true, backend: 'fake', detail: 'fake backend' }),
};

let root: string;
const logged = createRecordingLogger();
let host: HeadlessHost;
const printed: string[] = [];
let base: string;
let auth: Record<string, string>;

beforeAll(async () => {
  root = tempDataDir();
  const renderer = join(root, 'site', 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Mantra page</title><script type="module" src="/assets/app.js"></script>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log("mantra")');
  writeFileSync(join(root, 'site', 'secret.txt'), 'TOP SECRET');
  host = await startHeadless({
    dataDir: join(root, 'data'),
    port: 0,
    notify: fakeNotify,
    rendererDir: renderer,
    clock: createManualClock(Date.UTC(2026, 5, 1, 10)),
    logger: logged,
    print: (line) => printed.push(line),
  });
  base = `http://127.0.0.1:${host.port}`;
  auth = { Authorization: `Bearer ${host.token}` };
});
afterAll(async () => {
  await host?.close();
  removeDir(root);
});

async function call(method: string, body?: unknown, headers: Record<string, string> = auth) {
  const res = await fetch(`${base}/api/${method}`, {
    method: 'POST',
    headers: { ...headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as { ok: boolean; value?: Record<string, unknown>; error?: { message: string; code: string } } };
}

/** A raw GET, so paths are sent exactly as written (fetch would normalize "..") */
function rawGet(path: string, headers: Record<string, string> = auth): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('headless host', () => {
  it('prints the URL with the token as its first line and keeps the token 0600', () => {
    expect(printed[0]).toMatch(/^Mantra is running at http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/);
    expect(printed[0]).toContain(host.token);
    const file = join(host.dataDir, 'access-token');
    expect(readFileSync(file, 'utf8').trim()).toBe(host.token);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses API calls without the right token (401)', async () => {
    expect((await call('getSnapshot', undefined, {})).status).toBe(401);
    const wrong = await call('getSnapshot', undefined, { Authorization: `Bearer ${'0'.repeat(64)}` });
    expect(wrong).toMatchObject({ status: 401, json: { ok: false, error: { code: 'unauthorized' } } });
    expect((await rawGet('/api/events', {})).status).toBe(401);
    // The query token is for EventSource only; a method needs the header.
    expect((await call(`getSnapshot?token=${host.token}`, undefined, {})).status).toBe(401);
  });

  it('answers a call with { ok, value }', async () => {
    const { status, json } = await call('getSnapshot');
    expect(status).toBe(200);
    expect(json).toMatchObject({ ok: true, value: { profileId: 'desktop', host: 'headless', status: { kind: 'not-enrolled' } } });
  });

  it('invalid JSON is a 400 with a clear message; an unknown method a 404; GET on a method a 405', async () => {
    const bad = await call('answer', '{"text": ');
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ code: 'invalid-input', message: expect.stringContaining('not valid JSON') });
    expect(await call('launchRockets')).toMatchObject({ status: 404, json: { ok: false, error: { code: 'not-found' } } });
    expect((await rawGet('/api/getSnapshot')).status).toBe(405);
  });

  it('invalid input names the field; a refused action is a 409', async () => {
    const bad = await call('updateSettings', { intervalHours: 0 });
    expect(bad.status).toBe(400);
    expect(bad.json.error?.message).toMatch(/intervalHours: interval must be at least 1 hour/);
    const pause = await call('pause', { minutes: 'soon' });
    expect(pause.status).toBe(400);
    const refused = await call('answer', { text: 'hello' });
    expect(refused).toMatchObject({ status: 409, json: { error: { code: 'refused', message: 'no mantra is waiting for an answer', reason: 'nothingWaiting' } } });
    // What a window needs to say it in the user's language crosses with it.
    expect(bad.json.error).toMatchObject({ reason: 'invalidInput', issues: [{ path: ['intervalHours'], code: 'too_small', origin: 'number', bound: 1 }] });
  });

  it('limits the body size (413)', async () => {
    const huge = JSON.stringify({ json: 'x'.repeat(6 * 1024 * 1024) });
    expect((await call('importThemePack', huge)).status).toBe(413);
  });

  it('serves the window without a token and never sets a cookie (cookies reach every port of 127.0.0.1)', async () => {
    for (const path of [`/?token=${host.token}`, '/']) {
      const page = await rawGet(path, {});
      expect(page.status).toBe(200);
      expect(page.headers['set-cookie']).toBeUndefined();
      expect(page.body).toContain('Mantra page');
      expect(page.body).not.toContain(host.token);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(String(page.headers['content-security-policy'])).toContain("default-src 'none'");
      expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    }
    const js = await rawGet('/assets/app.js', {});
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['x-content-type-options']).toBe('nosniff');
  });

  it('refuses a call from a page on another origin, even with the token, before looking at the token', async () => {
    const foreign = `http://127.0.0.1:${host.port + 1}`;
    expect(await call('deliverNow', undefined, { ...auth, Origin: foreign })).toMatchObject({
      status: 403,
      json: { error: { code: 'unauthorized', message: expect.stringContaining('another page') } },
    });
    expect((await call('skip', undefined, { Origin: foreign })).status).toBe(403);
    expect((await call('getSnapshot', undefined, { ...auth, 'Sec-Fetch-Site': 'same-site' })).status).toBe(403);
    expect((await call('getSnapshot', undefined, { ...auth, 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect((await call('getSnapshot', undefined, { ...auth, Origin: 'null' })).status).toBe(403);
    expect((await rawGet(`/api/events?token=${host.token}`, { 'Sec-Fetch-Site': 'same-site' })).status).toBe(403);
    // Our own page: same origin.
    expect((await call('getSnapshot', undefined, { ...auth, Origin: base, 'Sec-Fetch-Site': 'same-origin' })).status).toBe(200);
    expect((await call('getSnapshot', undefined, { ...auth, Origin: `http://localhost:${host.port}` })).status).toBe(200);
  });

  it('an unreadable request target is a 400, never a 500, and the token never reaches the log', async () => {
    const res = await rawGet(`//[?token=${host.token}`, {});
    expect(res.status).toBe(400);
    expect(res.body).not.toContain(host.token);
    const lines = logged.lines.join('\n');
    expect(lines).not.toContain(host.token);
  });

  it('caps the open event streams of the token', async () => {
    const controllers: AbortController[] = [];
    const statuses: number[] = [];
    for (let i = 0; i < 17; i++) {
      const c = new AbortController();
      controllers.push(c);
      statuses.push((await fetch(`${base}/api/events?token=${host.token}`, { signal: c.signal })).status);
    }
    expect(statuses.slice(0, 16).every((s) => s === 200)).toBe(true);
    expect(statuses[16]).toBe(429);
    for (const c of controllers) c.abort();
    // Closed streams free their places.
    await expect.poll(async () => (await fetch(`${base}/api/getSnapshot`, { method: 'POST', headers: auth })).status).toBe(200);
    await expect
      .poll(async () => {
        const c = new AbortController();
        const status = (await fetch(`${base}/api/events?token=${host.token}`, { signal: c.signal })).status;
        c.abort();
        return status;
      })
      .toBe(200);
  });

  it('refuses path traversal, however it is spelled', async () => {
    for (const path of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%2e%2e%2fsecret.txt', '/..%5csecret.txt', '/assets/%00.js']) {
      const res = await rawGet(path);
      expect([403, 404], path).toContain(res.status);
      expect(res.body, path).not.toContain('TOP SECRET');
    }
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    expect((await rawGet('/api/events', { ...auth, Host: `evil.example:${host.port}` })).status).toBe(421);
  });

  it('streams events: a snapshot first, then delivered and a new snapshot after deliverNow', async () => {
    const controller = new AbortController();
    const res = await fetch(`${base}/api/events?token=${host.token}`, { signal: controller.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = res.body!.getReader();
    const events: ApiEvent[] = [];
    let buffer = '';
    const until = async (done: () => boolean) => {
      while (!done()) {
        const { value } = await reader.read();
        buffer += new TextDecoder().decode(value);
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').find((l) => l.startsWith('data: '));
          if (data) events.push(JSON.parse(data.slice(6)) as ApiEvent);
        }
      }
    };
    await until(() => events.length >= 1);
    expect(events[0]?.type).toBe('snapshot');

    expect((await call('enroll')).status).toBe(200);
    expect((await call('deliverNow')).json.value).toMatchObject({ status: { kind: 'pending' } });
    await until(() => events.some((e) => e.type === 'snapshot' && e.snapshot.status.kind === 'pending'));
    const delivered = events.find((e) => e.type === 'delivered');
    expect(delivered).toBeDefined();
    controller.abort();
    await host.engine.channelsIdle();
    expect(shown.map((n) => n.body)).toContain(delivered?.type === 'delivered' ? delivered.mantra.text : '?');
  });
});
