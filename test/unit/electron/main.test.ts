/** The entry's wiring: single instance, forwarding a second launch's flags, start and quit. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ShellCommand } from '../../../main/hosts/electron/commands.js';
import type * as ElectronFake from './electron-fake.js';

const state = vi.hoisted(() => ({
  desktops: [] as Array<{ options: { dataDir: string }; launches: ShellCommand[][]; stopped: boolean }>,
}));

vi.mock('electron', () => import('./electron-fake.js'));
vi.mock('../../../main/hosts/electron/desktop.js', () => ({
  startDesktop: async (options: { dataDir: string }) => {
    const desktop = {
      options,
      launches: [] as ShellCommand[][],
      stopped: false,
      handleLaunch: (commands: ShellCommand[]) => void desktop.launches.push([...commands]),
      stop: async () => void (desktop.stopped = true),
    };
    state.desktops.push(desktop);
    return desktop;
  },
}));

const argv = process.argv;
const dataDir = process.env.MANTRA_DATA_DIR;

async function boot(args: string[], { gotLock = true } = {}) {
  vi.resetModules();
  // The instance the entry will get: through the mocked 'electron', not a fresh import of the fake.
  const electron = (await import('electron')) as unknown as typeof ElectronFake;
  electron.resetFake();
  electron.fake.gotLock = gotLock;
  let ready!: () => void;
  electron.fake.ready = new Promise<void>((resolve) => (ready = resolve));
  process.argv = ['/opt/Mantra/mantra', ...args];
  await import('../../../main/hosts/electron/main.js');
  const start = async () => {
    ready();
    await vi.waitFor(() => expect(state.desktops.length).toBeGreaterThan(0));
    await new Promise((r) => setTimeout(r, 0));
    return state.desktops[0]!;
  };
  return { ...electron, start };
}

beforeEach(() => {
  state.desktops.length = 0;
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  delete process.env.MANTRA_DATA_DIR;
});
afterEach(() => {
  process.argv = argv;
  if (dataDir === undefined) delete process.env.MANTRA_DATA_DIR;
  else process.env.MANTRA_DATA_DIR = dataDir;
  vi.restoreAllMocks();
});

describe('single instance', () => {
  it('a second launch hands its flags to the lock request and quits without starting', async () => {
    const e = await boot(['--pause', '1h', '--answer'], { gotLock: false });
    expect(e.fake.lockData).toEqual({ mantra: 1, commands: [{ kind: 'pause', input: { minutes: 60 } }, { kind: 'answer' }] });
    expect(e.fake.appCalls).toContain('quit');
    e.fake.ready = Promise.resolve();
    await new Promise((r) => setImmediate(r)); // after everything already queued: a start would have begun
    expect(state.desktops).toHaveLength(0);
  });

  it('the first instance carries out what a second launch forwarded', async () => {
    const e = await boot(['--hidden']);
    const desktop = await e.start();
    e.app.emit('second-instance', {}, ['/opt/Mantra/mantra', '--deliver-now'], '/', { mantra: 1, commands: [{ kind: 'deliverNow' }] });
    e.app.emit('second-instance', {}, ['/opt/Mantra/mantra', '--settings'], '/', undefined);
    e.app.emit('second-instance', {}, ['/opt/Mantra/mantra'], '/', { mantra: 1, commands: [] });
    expect(desktop.launches).toEqual([[{ kind: 'deliverNow' }], [{ kind: 'settings' }], []]);
  });

  it('a second launch that arrives while the first is still starting is carried out once it runs', async () => {
    const e = await boot(['--hidden']);
    e.app.emit('second-instance', {}, ['/opt/Mantra/mantra', '--answer'], '/', undefined);
    const desktop = await e.start();
    expect(desktop.launches).toEqual([[{ kind: 'answer' }]]);
  });
});

describe('starting', () => {
  it('hides the dock icon, serves app://, keeps data in userData, and opens a window on a plain start', async () => {
    const e = await boot([]);
    const desktop = await e.start();
    expect(e.fake.appCalls).toContain('dock.hide');
    expect(e.fake.appCalls).toContain('protocol:app');
    expect(e.fake.privilegedSchemes).toEqual([expect.objectContaining({ scheme: 'app' })]);
    expect(desktop.options.dataDir).toBe('/fake/userData');
    expect(desktop.launches).toEqual([[]]);
  });

  it('started at login (--hidden): tray only; MANTRA_DATA_DIR wins', async () => {
    process.env.MANTRA_DATA_DIR = '/tmp/mantra-data';
    const e = await boot(['--hidden']);
    const desktop = await e.start();
    expect(desktop.launches).toEqual([]);
    expect(desktop.options.dataDir).toBe('/tmp/mantra-data');
  });

  it('flags of the first launch are carried out', async () => {
    const e = await boot(['--pause', 'tomorrow']);
    const desktop = await e.start();
    expect(desktop.launches).toEqual([[{ kind: 'pause', input: { until: 'tomorrow' } }]]);
  });

  it('closing the last window does not quit; quitting stops the desktop first', async () => {
    const e = await boot(['--hidden']);
    const desktop = await e.start();
    expect(e.app.listenerCount('window-all-closed')).toBe(1);
    e.app.quit();
    expect(e.fake.appCalls.filter((c) => c === 'quit:done')).toHaveLength(0);
    await vi.waitFor(() => expect(e.fake.appCalls).toContain('quit:done'));
    expect(desktop.stopped).toBe(true);
  });
});
