import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fake, resetFake, FakeWebContents } from './electron-fake.js';
import { MANTRA } from './shell-fixtures.js';
import { channelContext, deliveryOf } from '../main/channel-context.js';

vi.mock('electron', () => import('./electron-fake.js'));

const { DesktopWindows, windowOptions, answerWindowChannel } = await import('../../../main/hosts/electron/windows.js');
const { secureWebPreferences, guardWebContents, isAllowedExternal, isAppUrl, serveRendererFile, lockDownSession, registerAppScheme, appUrl, CONTENT_SECURITY_POLICY } =
  await import('../../../main/hosts/electron/web-security.js');
const { EVENT_CHANNEL } = await import('../../../main/hosts/electron/ipc.js');
const { defaultProfileSettings } = await import('../../../shared/settings.js');

beforeEach(() => resetFake());

describe('secure window options', () => {
  it.each(['answer', 'settings'] as const)('%s window: isolated, sandboxed, no Node, web security on, our preload', (kind) => {
    const options = windowOptions(kind, { preload: '/app/dist/main/hosts/electron/preload.cjs', icon: '/app/build/icon.png' });
    expect(options.show).toBe(false);
    expect(options.webPreferences).toMatchObject({
      preload: '/app/dist/main/hosts/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('the same preferences whoever asks', () => {
    expect(secureWebPreferences('/p.cjs')).toEqual(windowOptions('answer', { preload: '/p.cjs' }).webPreferences);
  });

  it('a strict CSP: scripts and styles only from the app, nothing inline, no plugins, no framing', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
  });
});

describe('DesktopWindows', () => {
  it('creates each window once, on first use, and loads its page from app://', () => {
    const windows = new DesktopWindows({ preload: '/p.cjs' });
    windows.show('answer');
    windows.show('answer');
    windows.show('settings');
    expect(fake.windows.map((w) => w.loadedUrl)).toEqual([appUrl('answer'), appUrl('start')]);
    expect(appUrl('answer')).toBe('app://mantra/index.html#/answer');
    expect(fake.windows.every((w) => w.visible)).toBe(true);
  });

  it('closing hides (the window is kept), until the app quits', () => {
    const windows = new DesktopWindows({ preload: '/p.cjs' });
    windows.show('settings');
    const win = fake.windows[0]!;
    expect(win.tryClose()).toBe(false);
    expect(win.visible).toBe(false);
    windows.show('settings');
    expect(fake.windows).toHaveLength(1);
    windows.releaseForQuit();
    expect(win.tryClose()).toBe(true);
    windows.show('settings');
    expect(fake.windows).toHaveLength(2);
  });

  it('showing the answer window asks its page for the answer route; a delivery does not take the focus', () => {
    const windows = new DesktopWindows({ preload: '/p.cjs' });
    void answerWindowChannel(windows).deliver(deliveryOf(MANTRA));
    const win = fake.windows[0]!;
    expect(win.visible).toBe(true);
    expect(win.focused).toBe(false);
    windows.show('answer');
    expect(win.focused).toBe(true);
    expect(win.webContents.sent).toContainEqual([EVENT_CHANNEL, { type: 'openAnswer' }]);
  });

  it('the answer-window channel follows the openAnswerWindow setting', () => {
    const channel = answerWindowChannel(new DesktopWindows({ preload: '/p.cjs' }));
    expect(channel.enabledFor?.(channelContext({ settings: { ...defaultProfileSettings(), openAnswerWindow: true } }))).toBe(true);
    expect(channel.enabledFor?.(channelContext({ settings: { ...defaultProfileSettings(), openAnswerWindow: false } }))).toBe(false);
  });

  it('broadcasts events to every window, openAnswer only to the answer window, and knows its own contents', () => {
    const windows = new DesktopWindows({ preload: '/p.cjs' });
    windows.show('answer');
    windows.show('settings');
    const [answer, settings] = fake.windows;
    windows.broadcast({ type: 'openAnswer' });
    windows.broadcast({ type: 'delivered', mantra: MANTRA, deadline: 1 });
    expect(settings!.webContents.sent.map(([, e]) => (e as { type: string }).type)).toEqual(['delivered']);
    expect(answer!.webContents.sent.filter(([, e]) => (e as { type: string }).type === 'openAnswer')).toHaveLength(2);
    expect(windows.isOurs(answer!.webContents as never)).toBe(true);
    expect(windows.isOurs(new FakeWebContents() as never)).toBe(false);
  });
});

describe('navigation and new windows', () => {
  function guarded() {
    const contents = new FakeWebContents();
    const opened: string[] = [];
    guardWebContents(contents as never, async (url) => void opened.push(url));
    const navigate = (url: string) => {
      let prevented = false;
      contents.emit('will-navigate', { preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    return { contents, opened, navigate };
  }

  it('denies every navigation; an allow-listed link goes to the browser instead', () => {
    const g = guarded();
    expect(g.navigate('https://evil.example/')).toBe(true);
    expect(g.navigate('app://mantra/index.html')).toBe(true);
    expect(g.navigate('https://discord.com/developers/applications')).toBe(true);
    expect(g.opened).toEqual(['https://discord.com/developers/applications']);
  });

  it('denies window.open; an allow-listed link goes to the browser instead', () => {
    const g = guarded();
    expect(g.contents.openHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(g.contents.openHandler?.({ url: 'https://discord.com/developers/docs/intro' })).toEqual({ action: 'deny' });
    expect(g.opened).toEqual(['https://discord.com/developers/docs/intro']);
  });

  it('refuses webviews', () => {
    const g = guarded();
    let prevented = false;
    g.contents.emit('will-attach-webview', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
  });

  it('the external allow-list is https, by prefix, without credentials', () => {
    expect(isAllowedExternal('https://discord.com/developers/applications')).toBe(true);
    expect(isAllowedExternal('http://discord.com/developers/applications')).toBe(false);
    expect(isAllowedExternal('https://discord.com.evil.example/developers/')).toBe(false);
    expect(isAllowedExternal('https://user:pw@discord.com/developers/')).toBe(false);
    expect(isAllowedExternal('file:///etc/passwd')).toBe(false);
    expect(isAllowedExternal('javascript:alert(1)')).toBe(false);
    expect(isAllowedExternal('not a url')).toBe(false);
  });

  it('only app://mantra/ is ours', () => {
    expect(isAppUrl('app://mantra/index.html#/answer')).toBe(true);
    expect(isAppUrl('app://mantra.evil/index.html')).toBe(false);
    expect(isAppUrl('file:///app/dist/renderer/index.html')).toBe(false);
  });
});

describe('the app:// scheme', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mantra-renderer-'));
  const renderer = join(dir, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Mantra</title>');
  writeFileSync(join(renderer, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'not for pages');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves the built renderer with the CSP on every response', async () => {
    const page = await serveRendererFile(renderer, 'app://mantra/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await page.text()).toContain('<title>Mantra</title>');
    const script = await serveRendererFile(renderer, 'app://mantra/assets/index-abc.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await serveRendererFile(renderer, 'app://mantra/')).status).toBe(200);
  });

  it('never a file outside it, nor for another host', async () => {
    for (const url of [
      'app://mantra/../secret.txt',
      'app://mantra/%2e%2e/secret.txt',
      'app://mantra/assets/..%2f..%2fsecret.txt',
      'app://other/index.html',
      'app://mantra/missing.js',
      'app://mantra/index.html%00.js',
    ]) {
      const r = await serveRendererFile(renderer, url);
      expect(r.status, url).toBe(404);
      expect(r.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    }
  });

  it('the session serves app:// and grants no permission', async () => {
    let handler: ((req: { url: string }) => Promise<Response>) | null = null;
    let request: ((wc: unknown, permission: string, cb: (ok: boolean) => void) => void) | null = null;
    let check: (() => boolean) | null = null;
    const session = {
      protocol: { handle: (scheme: string, h: typeof handler) => scheme === 'app' && (handler = h) },
      setPermissionRequestHandler: (h: typeof request) => (request = h),
      setPermissionCheckHandler: (h: typeof check) => (check = h),
    };
    lockDownSession(session as never, renderer);
    expect((await handler!({ url: 'app://mantra/index.html' })).status).toBe(200);
    const answers: boolean[] = [];
    for (const permission of ['notifications', 'media', 'geolocation', 'openExternal']) request!({}, permission, (ok) => answers.push(ok));
    expect(answers).toEqual([false, false, false, false]);
    expect(check!()).toBe(false);
  });

  it('is registered as a standard, secure scheme', () => {
    registerAppScheme();
    expect(fake.privilegedSchemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });
});
