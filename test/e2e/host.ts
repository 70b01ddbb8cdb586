/**
 * The real headless host for end-to-end tests: `node dist/main/cli/cli.js serve` on a fresh
 * temporary data directory and a free port; the first line it prints is the URL to open.
 */
import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface Host {
  /** The URL the host printed, token included. */
  readonly url: string;
  /** The origin, without the token. */
  readonly origin: string;
  readonly dataDir: string;
  /** Everything the host wrote, for failure messages. */
  readonly output: string[];
  stop(): Promise<void>;
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export async function startHost(env: Record<string, string> = {}): Promise<Host> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mantra-e2e-'));
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'dist/main/cli/cli.js'), 'serve'], {
    cwd: ROOT,
    // MANTRA_KEYRING=off: a test token never lands in the desktop keyring of whoever runs the tests.
    env: { ...process.env, MANTRA_DATA_DIR: dataDir, MANTRA_PORT: '0', TZ: 'UTC', MANTRA_KEYRING: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host printed no URL within 15 s:\n${output.join('')}`)), 15_000);
    child.once('exit', (code) => reject(new Error(`host exited with ${code} before printing its URL:\n${output.join('')}`)));
    lines.once('line', (line) => {
      clearTimeout(timer);
      output.push(`${line}\n`);
      const found = /https?:\/\/\S+/.exec(line);
      if (found) resolve(found[0]);
      else reject(new Error(`the host's first line has no URL: ${line}`));
    });
  });
  lines.on('line', (line) => output.push(`${line}\n`));
  return {
    url,
    origin: new URL(url).origin,
    dataDir,
    output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Each test gets its own host and data directory. */
export const test = base.extend<{ host: Host }>({
  host: async ({}, use, testInfo) => {
    const host = await startHost();
    await use(host);
    if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('host output', { body: host.output.join('') });
    await host.stop();
  },
});

export { expect };

/** The part of a reply the specs read: the waiting mantra, when there is one. */
export interface ApiReply {
  readonly status?: { readonly mantra?: { readonly text: string } };
}

/** Calls the host's API as the page does (the token as a Bearer header); an error reply fails the test. */
export function apiCaller(request: APIRequestContext, host: Host): (method: string, data?: unknown) => Promise<ApiReply> {
  const token = new URL(host.url).searchParams.get('token') ?? '';
  return async (method, data) => {
    const r = await request.post(`${host.origin}/api/${method}`, { headers: { authorization: `Bearer ${token}` }, ...(data === undefined ? {} : { data }) });
    expect(r.ok(), `${method}: ${await r.text()}`).toBe(true);
    return ((await r.json()) as { value: ApiReply }).value;
  };
}

export const SHOTS = join(ROOT, 'test-results', 'screenshots');

/** Saves a screenshot of the whole page as a test artifact under test-results/screenshots/. */
export async function shot(page: Page, name: string): Promise<void> {
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** The raw reply text of a POST /api/<method> made by the page itself, with the host's access token. */
export async function apiText(page: Page, host: Host, method: string): Promise<string> {
  const token = new URL(host.url).searchParams.get('token') ?? '';
  return page.evaluate(async ({ m, t }) => (await fetch(`/api/${m}`, { method: 'POST', headers: { authorization: `Bearer ${t}` } })).text(), { m: method, t: token });
}

/** Opens the host's URL (token and all) and waits for the page to show the engine's state. */
export async function openApp(page: Page, host: Host, route = 'answer'): Promise<void> {
  await page.goto(`${host.url}#/${route}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByText(/Loading Mantra's state/)).toHaveCount(0);
}

/** Goes to a page through the navigation, as a user would. */
export async function navigate(page: Page, title: string): Promise<void> {
  const menu = page.getByRole('button', { name: /^Menu/ });
  if (await menu.isVisible()) await menu.click();
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
}
