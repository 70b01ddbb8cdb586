import { defineConfig, type Plugin, type ProxyOptions } from 'vite';
import react from '@vitejs/plugin-react';

export interface HostTarget {
  /** Where `/api` goes: the host's origin, without the token. */
  readonly origin: string;
  /** The access token, when the address carried one (`?token=`). */
  readonly token: string | null;
}

/**
 * Reads MANTRA_HOST_URL: the address a running host printed (`http://127.0.0.1:PORT/?token=...`),
 * or just its origin. Unset or empty: no host. Anything else that is not an http(s) URL is an
 * error, said at startup rather than as failing requests later.
 */
export function hostTarget(raw: string | undefined): HostTarget | null {
  const text = raw?.trim();
  if (!text) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`MANTRA_HOST_URL is not a URL: "${text}" (expected the address the host printed, e.g. http://127.0.0.1:41234/?token=...)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`MANTRA_HOST_URL must be an http(s) URL, not ${url.protocol}`);
  return { origin: url.origin, token: url.searchParams.get('token') };
}

/**
 * The dev server's proxy to a running host: `/api/` (the JSON calls and the event stream).
 * With the slash: Vite matches keys as prefixes, and `/api` alone would take the page's own
 * module `/api-http.ts` to the host too.
 * changeOrigin: the host answers only requests addressed to its own 127.0.0.1:PORT / localhost:PORT.
 * No token is added here: the page sends its own (from `?token=`), so the dev server does not
 * become a way into the host for any other page or program on this machine.
 */
export function hostProxy(target: HostTarget | null): Record<string, ProxyOptions> | undefined {
  if (!target) return undefined;
  // Origin too: the host refuses calls from a page on another port, and the dev server is one.
  return { '/api/': { target: target.origin, changeOrigin: true, headers: { origin: target.origin } } };
}

/** Says, under Vite's own addresses, where `/api` goes and which address to open. */
function announceHost(target: HostTarget | null): Plugin {
  return {
    name: 'mantra-announce-host',
    apply: 'serve',
    configureServer(server) {
      const print = server.printUrls.bind(server);
      server.printUrls = () => {
        print();
        const info = (line: string) => server.config.logger.info(line);
        if (!target) {
          info('  ➜  Mantra: no host (set MANTRA_HOST_URL to proxy /api to one); open /?fake for the in-memory engine');
          return;
        }
        const local = server.resolvedUrls?.local[0] ?? '/';
        info(`  ➜  Mantra: /api/ goes to the host at ${target.origin}`);
        info(`  ➜  Open:   ${local}${target.token ? `?token=${encodeURIComponent(target.token)}` : '?token=<the token the host printed>'}`);
      };
    },
  };
}

// The renderer is one React app, served by the headless host and loaded by Electron from disk.
// `npx vite` serves it for development; MANTRA_HOST_URL points its /api at a running host.
export default defineConfig(({ command }) => {
  const host = command === 'serve' ? hostTarget(process.env.MANTRA_HOST_URL) : null;
  return {
    root: 'renderer',
    base: './',
    plugins: [react(), announceHost(host)],
    server: { proxy: hostProxy(host) },
    build: {
      outDir: '../dist/renderer',
      emptyOutDir: true,
      target: 'es2022',
    },
  };
});
