/**
 * The walls around the windows: the renderer is served from a private `app://mantra/`
 * scheme (not file://, so a page cannot read the disk and every response carries a strict
 * Content-Security-Policy), windows are sandboxed, and navigation, new windows, webviews and
 * permission requests are refused. External links open in the browser only when allow-listed.
 */
import { readFile } from 'node:fs/promises';
import { protocol, shell, type Session, type WebContents, type WebPreferences } from 'electron';
import { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from '../../web/window-policy.js';
import { lookupStatic } from '../../web/static-files.js';

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

/** The window's files are never cached: an update must show at once. */
const APP_HEADERS: Readonly<Record<string, string>> = { ...SECURITY_HEADERS, 'Cache-Control': 'no-store' };

/** Answers an app:// request with a file of the built renderer, never one outside it. */
export async function serveRendererFile(rendererDir: string, requestUrl: string): Promise<Response> {
  const notFound = (): Response => new Response('not found', { status: 404, headers: { ...APP_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
  if (!isAppUrl(requestUrl)) return notFound();
  // The same lookup as the headless host: fixed MIME types, nothing outside the folder.
  const found = lookupStatic(rendererDir, new URL(requestUrl).pathname);
  if (found.kind !== 'file') return notFound();
  try {
    const body = await readFile(found.path);
    return new Response(new Uint8Array(body), { status: 200, headers: { ...APP_HEADERS, 'Content-Type': found.type } });
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
