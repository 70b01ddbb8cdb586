/** The tray app wired together on a real engine and real files, with a fake Electron. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Snapshot } from '../../../shared/api.js';
import { fake, powerMonitor, resetFake, type FakeBrowserWindow, type FakeMenu } from './electron-fake.js';

vi.mock('electron', () => import('./electron-fake.js'));
const { startDesktop } = await import('../../../main/hosts/electron/desktop.js');
const { INVOKE_CHANNEL, EVENT_CHANNEL } = await import('../../../main/hosts/electron/ipc.js');
const { createRecordingLogger } = await import('../../../main/logger.js');
const { Engine } = await import('../../../main/engine/engine.js');
const { openFileStore } = await import('../../../main/store/file-store.js');
const { createManualClock } = await import('../../../main/engine/clock.js');
const { DESKTOP_PROFILE } = await import('../../../main/store/data-dir.js');
const { ENCOUNTER } = await import('../../../shared/constants.js');
const { readPublishedStatus } = await import('../../../main/channels/discord/status-file.js');

const HOUR = 3_600_000;

let dir: string;
const xdg = process.env.XDG_CONFIG_HOME;
beforeEach(() => {
  resetFake();
  dir = mkdtempSync(join(tmpdir(), 'mantra-desktop-'));
  process.env.XDG_CONFIG_HOME = join(dir, 'config');
});
afterEach(() => {
  if (xdg === undefined) delete process.env.XDG_CONFIG_HOME;
  else process.env.XDG_CONFIG_HOME = xdg;
  rmSync(dir, { recursive: true, force: true });
});

async function desktop() {
  const quit = vi.fn();
  const d = await startDesktop({ dataDir: join(dir, 'data'), paths: { preload: '/app/preload.cjs', trayIcons: '/icons', icon: '/icon.png' }, logger: createRecordingLogger(), quit });
  const call = (win: FakeBrowserWindow, method: string, input?: unknown) =>
    fake.handlers.get(INVOKE_CHANNEL)!({ sender: win.webContents, senderFrame: { url: 'app://mantra/index.html#/schedule', parent: null } }, method, input) as unknown as Promise<{
      ok: boolean;
      value?: Snapshot;
    }>;
  const menu = () => ((fake.trays[0]!.contextMenu as FakeMenu).template as Array<{ label?: string }>).map((i) => i.label);
  return { d, quit, call, menu, tray: () => fake.trays[0]! };
}

describe('the desktop app', () => {
  it('starts with a tray, opens settings on a plain launch, and serves its window over IPC', async () => {
    const { d, call, tray } = await desktop();
    try {
      expect(tray().toolTip).toBe('Mantra: Delivery is off');
      expect(tray().image.path).toBe('/icons/tray-idle.png');
      d.handleLaunch([]);
      const settings = fake.windows[0]!;
      expect(settings.loadedUrl).toBe('app://mantra/index.html#/start');
      expect(settings.options.webPreferences).toMatchObject({ preload: '/app/preload.cjs', sandbox: true, contextIsolation: true });

      const reply = await call(settings, 'enroll');
      expect(reply.ok).toBe(true);
      expect(tray().toolTip).toMatch(/^Mantra: Next delivery (today|tomorrow) at \d\d:\d\d$/);
      expect(settings.webContents.sent.some(([channel, e]) => channel === EVENT_CHANNEL && (e as { type: string }).type === 'snapshot')).toBe(true);
    } finally {
      await d.stop();
    }
  });

  it('carries out launch commands on the engine, and the tray follows', async () => {
    const { d, call, menu, tray } = await desktop();
    try {
      d.handleLaunch([{ kind: 'settings' }]);
      await call(fake.windows[0]!, 'enroll');
      d.handleLaunch([{ kind: 'pause', input: { minutes: 30 } }]);
      await vi.waitFor(() => expect(menu()).toContain('Resume'));
      expect(tray().toolTip).toMatch(/^Mantra: Paused until (today|tomorrow) at \d\d:\d\d$/);
      expect(tray().image.path).toBe('/icons/tray-paused.png');
      d.handleLaunch([{ kind: 'resume' }]);
      await vi.waitFor(() => expect(menu()).toContain('Pause'));
    } finally {
      await d.stop();
    }
  });

  it('follows the startAtLogin setting with the autostart entry', async () => {
    const { d, call } = await desktop();
    const entry = join(dir, 'config', 'autostart', 'mantra.desktop');
    try {
      d.handleLaunch([{ kind: 'settings' }]);
      expect(existsSync(entry)).toBe(false);
      await call(fake.windows[0]!, 'updateSettings', { startAtLogin: true });
      expect(existsSync(entry)).toBe(process.platform === 'linux');
      await call(fake.windows[0]!, 'updateSettings', { startAtLogin: false });
      expect(existsSync(entry)).toBe(false);
    } finally {
      await d.stop();
    }
  });

  it('reports the token vault: no token yet; the mirror is off', async () => {
    const { d, call } = await desktop();
    try {
      d.handleLaunch([{ kind: 'settings' }]);
      const reply = await call(fake.windows[0]!, 'getSnapshot');
      expect(reply.value?.discord).toMatchObject({ connection: 'off', hasToken: false, tokenStorage: 'none' });
      expect(reply.value?.host).toBe('electron');
      // mantra doctor reads the same status from the data directory while the tray app runs.
      expect(readPublishedStatus(join(dir, 'data'))).toMatchObject({ role: 'electron', pid: process.pid, status: { connection: 'off', tokenStorage: 'none' } });
    } finally {
      await d.stop();
    }
    expect(readPublishedStatus(join(dir, 'data'))).toBeNull();
  });

  it('launched while away with a delivery due: held at start, delivered when the user is back', async () => {
    const t0 = Date.now() - HOUR;
    const store = await openFileStore({ dataDir: join(dir, 'data'), logger: createRecordingLogger() });
    const seed = new Engine({ store, clock: createManualClock(t0), logger: createRecordingLogger() });
    seed.ensureProfile(DESKTOP_PROFILE);
    seed.updateSettings(DESKTOP_PROFILE, { onlyWhenPresent: true, notifications: false });
    seed.enroll(DESKTOP_PROFILE);
    await seed.stop();

    fake.idleState = 'idle';
    const { d, call } = await desktop();
    try {
      d.handleLaunch([{ kind: 'settings' }]);
      const waiting = await call(fake.windows[0]!, 'getSnapshot');
      expect(waiting.value?.status).toMatchObject({ kind: 'waiting', nextAt: t0 + ENCOUNTER.enrollmentDelayMs });
      expect(fake.windows.map((w) => w.loadedUrl)).not.toContain('app://mantra/index.html#/answer');

      fake.idleState = 'active';
      powerMonitor.emit('user-did-become-active');
      await vi.waitFor(() => expect(fake.windows.map((w) => w.loadedUrl)).toContain('app://mantra/index.html#/answer'));
      const pending = await call(fake.windows[0]!, 'getSnapshot');
      expect(pending.value?.status.kind).toBe('pending');
    } finally {
      await d.stop();
    }
  });

  it('opens the answer window with the global shortcut, follows the setting, and lets go on quit', async () => {
    fake.takenShortcuts.add('Alt+Shift+M');
    const logger = createRecordingLogger();
    const d = await startDesktop({ dataDir: join(dir, 'data'), paths: { preload: '/app/preload.cjs', trayIcons: '/icons', icon: '/icon.png' }, logger, quit: vi.fn() });
    const call = (method: string, input?: unknown) =>
      fake.handlers.get(INVOKE_CHANNEL)!({ sender: fake.windows[0]!.webContents, senderFrame: { url: 'app://mantra/index.html#/schedule', parent: null } }, method, input) as unknown as Promise<{
        ok: boolean;
        error?: { message: string };
      }>;
    try {
      expect([...fake.shortcuts.keys()]).toEqual(['CommandOrControl+Shift+M']);
      fake.shortcuts.get('CommandOrControl+Shift+M')!();
      expect(fake.windows.map((w) => w.loadedUrl)).toEqual(['app://mantra/index.html#/answer']);

      await call('updateSettings', { answerShortcut: 'Control+Alt+A' });
      expect([...fake.shortcuts.keys()]).toEqual(['Control+Alt+A']);
      // Taken by another application: nothing registered, a warning, the setting kept.
      await call('updateSettings', { answerShortcut: 'Alt+Shift+M' });
      expect(fake.shortcuts.size).toBe(0);
      expect(logger.lines).toContainEqual(expect.stringMatching(/^warn: shortcut: Alt\+Shift\+M is taken by another application/));
      // ...and the window says so in a banner until a shortcut works again.
      const notices = async () => ((await call('getSnapshot')) as unknown as { value: { notices?: { kind: string; text: string }[] } }).value.notices ?? [];
      expect(await notices()).toContainEqual({
        id: 'host-shortcut',
        kind: 'host',
        text: 'The shortcut to open the answer window does not work: Alt+Shift+M is taken by another application. Choose another under Schedule > Desktop.',
        // The parts the window words in its own language.
        shortcut: { accelerator: 'Alt+Shift+M', taken: true },
      });
      // Not an accelerator: refused before it reaches the system.
      const refused = await call('updateSettings', { answerShortcut: 'M' });
      expect(refused.ok).toBe(false);
      expect(refused.error?.message).toMatch(/needs a modifier/);
      await call('updateSettings', { answerShortcut: '' });
      expect(fake.shortcuts.size).toBe(0);
      expect(await notices()).toEqual([]);
      await call('updateSettings', { answerShortcut: 'Super+F9' });
      expect([...fake.shortcuts.keys()]).toEqual(['Super+F9']);
    } finally {
      await d.stop();
    }
    expect(fake.shortcuts.size).toBe(0);
  });

  it('stopping lets go of the tray, IPC and power signals', async () => {
    const { d, quit } = await desktop();
    expect(powerMonitor.listenerCount('resume')).toBe(1);
    powerMonitor.emit('shutdown');
    expect(quit).toHaveBeenCalledTimes(1);
    await d.stop();
    expect(fake.trays[0]!.destroyed).toBe(true);
    expect(fake.handlers.size).toBe(0);
    expect(powerMonitor.listenerCount('resume')).toBe(0);
    await d.stop(); // twice is fine
  });
});
