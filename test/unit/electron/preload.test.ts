/**
 * The sandboxed preload is CommonJS and can require only 'electron', so it is run here the
 * way Electron runs it: bundled by the same Vite library build `npm run build` uses
 * (vite.preload.config.ts), then called with a require that knows nothing but a fake 'electron'.
 */
import { fileURLToPath } from 'node:url';
import { build, type Rolldown } from 'vite';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { API_METHODS, ApiError, fromBridge, type ApiEvent, type MantraApi } from '../../../shared/api.js';

vi.mock('electron', () => import('./electron-fake.js'));
const { INVOKE_CHANNEL, EVENT_CHANNEL } = await import('../../../main/hosts/electron/ipc.js');

const CONFIG = fileURLToPath(new URL('../../../vite.preload.config.ts', import.meta.url));
let bundle = '';

beforeAll(async () => {
  const output = (await build({ configFile: CONFIG, logLevel: 'silent', build: { write: false } })) as Rolldown.RolldownOutput | Rolldown.RolldownOutput[];
  const [first] = Array.isArray(output) ? output : [output];
  const chunk = first?.output.find((o) => o.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error('the preload build gave no chunk');
  bundle = chunk.code;
}, 60_000);

interface Invocation {
  channel: string;
  args: unknown[];
}

function loadPreload(reply: (method: string, input: unknown) => unknown) {
  const exposed = new Map<string, unknown>();
  const invocations: Invocation[] = [];
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    ipcRenderer: {
      invoke: async (channel: string, ...args: unknown[]) => {
        invocations.push({ channel, args });
        return reply(args[0] as string, args[1]);
      },
      on: (channel: string, l: (...args: unknown[]) => void) => void (listeners.get(channel) ?? listeners.set(channel, new Set()).get(channel)!).add(l),
      removeListener: (channel: string, l: (...args: unknown[]) => void) => void listeners.get(channel)?.delete(l),
    },
  };
  const required: string[] = [];
  const sandboxRequire = (name: string): unknown => {
    required.push(name);
    if (name === 'electron') return electron;
    throw new Error(`a sandboxed preload cannot require "${name}"`);
  };
  const module = { exports: {} };
  new Function('require', 'module', 'exports', bundle)(sandboxRequire, module, module.exports);
  const emit = (channel: string, payload: unknown) => listeners.get(channel)?.forEach((l) => l({ sender: 'main' }, payload));
  return { exposed, invocations, listeners, emit, required };
}

describe('preload', () => {
  it('is one file that requires nothing but electron and exposes exactly window.mantra', () => {
    expect(bundle).not.toMatch(/require\(["'](?!electron["'])/);
    const p = loadPreload(() => ({ ok: true, value: null }));
    expect(p.required).toEqual(['electron']);
    expect([...p.exposed.keys()]).toEqual(['mantra']);
  });

  it('its methods are exactly the contract API_METHODS, plus subscribe', () => {
    const api = loadPreload(() => ({ ok: true, value: null })).exposed.get('mantra') as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual([...API_METHODS, 'subscribe'].sort());
    for (const key of Object.keys(api)) expect(typeof api[key]).toBe('function');
  });

  it('every method invokes mantra:invoke with its own name and input', async () => {
    const p = loadPreload((method) => ({ ok: true, value: `result of ${method}` }));
    const api = p.exposed.get('mantra') as MantraApi;
    await expect(api.getSnapshot()).resolves.toBe('result of getSnapshot');
    await expect(api.answer({ text: 'I stay on task' })).resolves.toBe('result of answer');
    await api.pause({ minutes: 30 });
    expect(p.invocations).toEqual([
      { channel: 'mantra:invoke', args: ['getSnapshot', undefined] },
      { channel: 'mantra:invoke', args: ['answer', { text: 'I stay on task' }] },
      { channel: 'mantra:invoke', args: ['pause', { minutes: 30 }] },
    ]);
    expect(new Set(p.invocations.map((i) => i.channel))).toEqual(new Set([INVOKE_CHANNEL]));
  });

  it('a failure rejects with an Error whose message alone carries the refusal, reason and issues included', async () => {
    const body = { message: 'no mantra is waiting for an answer', code: 'refused', reason: 'nothingWaiting' };
    const api = loadPreload(() => ({ ok: false, error: body })).exposed.get('mantra') as MantraApi;
    const error = await api.answer({ text: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'ApiError', code: 'refused' });
    // What the contextBridge rebuilds on the window's side: an Error with this message and nothing else.
    const rebuilt = fromBridge(new Error((error as Error).message));
    expect(rebuilt).toBeInstanceOf(ApiError);
    expect(rebuilt?.toBody()).toEqual(body);
    expect(rebuilt?.message).toBe('no mantra is waiting for an answer');
  });

  it('subscribe relays mantra:event payloads and unsubscribes', () => {
    const p = loadPreload(() => ({ ok: true, value: null }));
    const api = p.exposed.get('mantra') as MantraApi;
    const seen: ApiEvent[] = [];
    const stop = api.subscribe((e) => seen.push(e));
    expect([...p.listeners.keys()]).toEqual([EVENT_CHANNEL]);
    p.emit(EVENT_CHANNEL, { type: 'openAnswer' });
    stop();
    p.emit(EVENT_CHANNEL, { type: 'openAnswer' });
    expect(seen).toEqual([{ type: 'openAnswer' }]);
    expect(p.listeners.get(EVENT_CHANNEL)?.size).toBe(0);
  });
});
