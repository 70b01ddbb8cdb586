/** The built renderer as static files: fixed MIME types, nothing outside its folder. */
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, relative, resolve, sep } from 'node:path';

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

export type StaticLookup = { kind: 'file'; path: string; type: string } | { kind: 'refused' } | { kind: 'missing' };

/**
 * Maps a URL path to a file under `root`. Encoded dots and slashes, backslashes, NUL and
 * anything that resolves outside `root` are refused; a path without an extension that is
 * not a file falls back to index.html (client-side pages).
 */
export function lookupStatic(root: string, urlPath: string): StaticLookup {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { kind: 'refused' };
  }
  if (decoded.includes('\0') || decoded.includes('\\') || decoded.split('/').some((part) => part === '..')) return { kind: 'refused' };
  const base = resolve(root);
  const target = resolve(base, `.${decoded.endsWith('/') ? `${decoded}index.html` : decoded}`);
  const rel = relative(base, target);
  if (rel.startsWith('..') || rel.startsWith(sep) || resolve(base, rel) !== target) return { kind: 'refused' };
  const type = MIME[extname(target).toLowerCase()];
  if (existsSync(target) && statSync(target).isFile()) return type ? { kind: 'file', path: target, type } : { kind: 'refused' };
  if (extname(target) === '') {
    const index = join(base, 'index.html');
    if (existsSync(index)) return { kind: 'file', path: index, type: MIME['.html'] ?? 'text/html' };
  }
  return { kind: 'missing' };
}

export function sendFile(res: ServerResponse, file: { path: string; type: string }, headers: Record<string, string>): void {
  res.writeHead(200, { ...headers, 'Content-Type': file.type, 'Content-Length': String(statSync(file.path).size) });
  createReadStream(file.path).pipe(res);
}
