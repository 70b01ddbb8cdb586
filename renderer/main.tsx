/** Entry: picks the API implementation (Electron preload, or HTTP to the headless host) and draws the window. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { API_METHODS, fromBridge, type MantraApi } from '../shared/api.js';
import { createHttpApi, takeToken } from './api-http';
import { App } from './app';
import { EngineProvider } from './engine-context';
import './styles.css';

/** window.mantra with its rejections read back into ApiErrors (the contextBridge keeps only an Error's message). */
function overBridge(bridged: MantraApi): MantraApi {
  const api: Record<string, unknown> = { subscribe: bridged.subscribe.bind(bridged) };
  for (const method of API_METHODS) {
    const call = bridged[method] as (input?: unknown) => Promise<unknown>;
    api[method] = (input?: unknown) => (input === undefined ? call() : call(input)).catch((e: unknown) => Promise.reject(fromBridge(e) ?? e));
  }
  return api as MantraApi;
}

async function chooseApi(): Promise<MantraApi> {
  if (window.mantra) return overBridge(window.mantra);
  // `npx vite` then /?fake: the real engine over a memory store, with three weeks of history, for working on pages without a host (dropped from builds).
  if (import.meta.env.DEV && new URLSearchParams(window.location.search).has('fake')) {
    // eslint-disable-next-line no-restricted-syntax -- dev server only (import.meta.env.DEV): Vite drops this branch from builds
    const { createTestApi } = await import('../test/component/engine-api');
    return createTestApi({ demo: true, realTime: true });
  }
  let storage: Storage | undefined;
  try {
    // Per origin, and so per port: another server on 127.0.0.1 cannot read it (a cookie would reach it).
    storage = window.localStorage;
  } catch {
    storage = undefined;
  }
  return createHttpApi({ token: takeToken(window.location, storage, window.history) });
}

const root = createRoot(document.getElementById('root')!);
void chooseApi().then((api) =>
  root.render(
    <StrictMode>
      <EngineProvider api={api}>
        <App />
      </EngineProvider>
    </StrictMode>,
  ),
);
