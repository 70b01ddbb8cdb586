/**
 * The walls around the windows: the renderer is served from a private `app://mantra/`
 * scheme (not file://, so a page cannot read the disk and every response carries a strict
 * Content-Security-Policy), windows are sandboxed, and navigation, new windows, webviews and
 * permission requests are refused. External links open in the browser only when allow-listed.
 */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { protocol, shell, type Session, type WebContents, type WebPreferences } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../../web/window-policy.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'mantra';

export { CONTENT_SECURITY_POLICY };

/** Pages that may be opened in the user's browser, by prefix; nothing else leaves the app. */
export const EXTERNAL_ALLOW_LIST: readonly string[] = ['https://discord.com/developers/', 'https://support.discord.com/'];

export function appUrl(route: string): string {
  return `${APP_SCHEME}://${APP_HOST}/index.html#/${route}`;
}

/** True only for a page of ours: app://mantra/... */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

export function isAllowedExternal(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && u.username === '' && u.password === '' && EXTERNAL_ALLOW_LIST.some((prefix) => u.href.startsWith(prefix));
  } catch {
    return false;
  }
}

/** Must run before the app is ready: a standard, secure scheme (origin, CSP 'self', no mixed content). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

/** Answers an app:// request with a file of the built renderer, never one outside it. */
export async function serveRendererFile(rendererDir: string, requestUrl: string): Promise<Response> {
  const notFound = (): Response => new Response('not found', { status: 404, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
  if (!isAppUrl(requestUrl)) return notFound();
  let path: string;
  try {
    path = decodeURIComponent(new URL(requestUrl).pathname);
  } catch {
    return notFound();
  }
  if (path.includes('\0')) return notFound();
  const root = normalize(rendererDir);
  const file = normalize(join(root, path === '/' ? 'index.html' : path));
  if (!file.startsWith(root.endsWith(sep) ? root : root + sep)) return notFound();
  const type = MIME[extname(file).toLowerCase()];
  if (!type) return notFound();
  try {
    const body = await readFile(file);
    return new Response(new Uint8Array(body), { status: 200, headers: { ...SECURITY_HEADERS, 'Content-Type': type } });
  } catch {
    return notFound();
  }
}

/** Serves the renderer on app://mantra/ and refuses every permission a page could ask for. */
export function lockDownSession(session: Session, rendererDir: string): void {
  session.protocol.handle(APP_SCHEME, (request) => serveRendererFile(rendererDir, request.url));
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** The webPreferences of every window: isolated, sandboxed, no Node, web security on. */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
  };
}

/** No navigation away from the app, no new windows, no webviews; allow-listed links go to the browser. */
export function guardWebContents(contents: WebContents, openExternal: (url: string) => Promise<void> = (url) => shell.openExternal(url)): void {
  const maybeOpen = (url: string): void => {
    if (isAllowedExternal(url)) void openExternal(url).catch(() => undefined);
  };
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    maybeOpen(url);
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    maybeOpen(url);
    return { action: 'deny' };
  });
}
