/**
 * A page served from another port of 127.0.0.1, opened in the same browser after the user
 * opened Mantra, must not be able to call the API nor receive the token.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, openApp, test } from './host.js';

interface Evil {
  readonly origin: string;
  /** Headers of every request the other server received. */
  readonly seen: IncomingHttpHeaders[];
  close(): Promise<void>;
}

/** The other local server: its page tries every way in and reports what happened. */
async function otherServer(target: string): Promise<Evil> {
  const seen: IncomingHttpHeaders[] = [];
  const page = `<!doctype html><title>other</title><script>
    const target = ${JSON.stringify(target)};
    const tries = [
      ['deliverNow, credentials include', () => fetch(target + '/api/deliverNow', { method: 'POST', credentials: 'include' })],
      ['deliverNow, no-cors', () => fetch(target + '/api/deliverNow', { method: 'POST', mode: 'no-cors', credentials: 'include' })],
      ['skip, form-like text body', () => fetch(target + '/api/skip', { method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: '' })],
      ['getSnapshot', () => fetch(target + '/api/getSnapshot', { method: 'POST', credentials: 'include' })],
    ];
    window.results = Promise.all(tries.map(async ([name, run]) => {
      try { const r = await run(); return name + ': ' + r.type + ' ' + r.status + ' ' + (r.type === 'opaque' ? '' : await r.text()); }
      catch (e) { return name + ': failed ' + e.message; }
    })).then((lines) => ({ lines, cookie: document.cookie, stored: JSON.stringify(Object.assign({}, localStorage)) }));
  </script>`;
  const server: Server = createServer((req, res) => {
    seen.push(req.headers);
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

test('a page on another local port can neither call the API nor receive the token', async ({ page, host, request }) => {
  await openApp(page, host);
  await page.getByRole('button', { name: 'Turn delivery on' }).click();
  await expect(page.getByText(/The next mantra comes/)).toBeVisible();
  const token = new URL(host.url).searchParams.get('token') ?? '';

  const evil = await otherServer(host.origin);
  try {
    // The same browser (context), as a user with Mantra open visits another local page.
    const other = await page.context().newPage();
    await other.goto(`${evil.origin}/`);
    const outcome = await other.evaluate<{ lines: string[]; cookie: string; stored: string }>('window.results');

    for (const line of outcome.lines) expect(line, line).not.toMatch(/ 200 /);
    expect(outcome.lines[0]).toMatch(/failed|403/);
    expect(outcome.cookie).toBe('');
    expect(outcome.stored).not.toContain(token);
    // The other server never received the token: no cookie, no header, no referrer.
    expect(evil.seen.length).toBeGreaterThan(0);
    for (const headers of evil.seen) expect(JSON.stringify(headers)).not.toContain(token);

    // Nothing happened to the profile: still waiting, no delivery.
    const snap = await request.post(`${host.origin}/api/getSnapshot`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await snap.json()) as { value: { status: { kind: string } } }).value.status.kind).toBe('waiting');
    // Mantra's own page still works.
    await page.getByRole('button', { name: 'Deliver now' }).click();
    await expect(page.getByRole('textbox', { name: 'Type it back' })).toBeVisible();
  } finally {
    await evil.close();
  }
});
