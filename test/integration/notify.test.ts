import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fileURLToPath } from 'node:url';
import { createNotifyChannel, SILENT_HINT, SOUND_HINT, type NotifierLike } from '../../main/channels/notify.js';
import { startDesktopSession, type DesktopSession } from '../fakes/desktop-session.js';

const iconPath = fileURLToPath(new URL('../../build/icon.png', import.meta.url));
const saved = { ...process.env };
const restoreEnv = () => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
};

describe.runIf(process.platform === 'linux')('notify channel on a real desktop session', () => {
  let session: DesktopSession;

  beforeAll(async () => {
    session = await startDesktopSession();
  });
  afterAll(async () => {
    await session?.close();
  });
  // node-notifier runs notify-send with process.env; there is no per-call env.
  const useSession = () => Object.assign(process.env, session.env);
  afterEach(restoreEnv);

  it('delivers the mantra to the daemon under the app name Mantra', async () => {
    useSession();
    const channel = createNotifyChannel({ appName: 'Mantra', iconPath });
    const body = 'Breathe in,\n"you are here" — $HOME & `now` are \\n enough\\';
    const result = await channel.show({ title: 'Your mantra \\o/', body, id: 'enc-1' });
    expect(result).toEqual({ delivered: true });

    const history = await session.history();
    const shown = history.find((n) => n.body.includes('you are here'));
    expect(shown).toBeDefined();
    expect(shown!.appname).toBe('Mantra');
    expect(shown!.summary).toBe('Your mantra \\o/');
    expect(shown!.body).toBe(body);
    expect(shown!.icon).toBe(iconPath);
  });

  it('notify-send takes the sound and the silence hints (the daemon shows both)', async () => {
    useSession();
    const channel = createNotifyChannel({ appName: 'Mantra', iconPath });
    expect(await channel.show({ title: 'Mantra', body: 'with a sound', sound: true })).toEqual({ delivered: true });
    expect(await channel.show({ title: 'Mantra', body: 'in silence', sound: false })).toEqual({ delivered: true });
    const bodies = (await session.history()).map((n) => n.body);
    expect(bodies).toEqual(expect.arrayContaining(['with a sound', 'in silence']));
  });

  it('survives a mantra that starts with a dash', async () => {
    useSession();
    const channel = createNotifyChannel({ appName: 'Mantra', iconPath });
    expect(await channel.show({ title: '-ish', body: '- one breath at a time' })).toEqual({ delivered: true });
    const shown = (await session.history()).find((n) => n.body.includes('one breath'));
    expect(shown?.body).toContain('- one breath at a time');
    expect(shown?.summary).toContain('-ish');
  });

  it('check() names the daemon it found', async () => {
    useSession();
    const report = await createNotifyChannel({ appName: 'Mantra', iconPath }).check();
    expect(report.ok).toBe(true);
    expect(report.backend).toBe('notify-send');
    expect(report.detail).toContain('dunst');
    expect(report.said).toMatchObject({ key: 'daemon', name: 'dunst' });
  });

  it('reports, not throws, when no daemon is on the bus', async () => {
    process.env.DISPLAY = session.env.DISPLAY;
    process.env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/mantra-bus';
    const channel = createNotifyChannel({ appName: 'Mantra', iconPath });
    const result = await channel.show({ title: 'Mantra', body: 'nobody listens' });
    expect(result.delivered).toBe(false);
    expect(result.error).toMatch(/^notify-send failed: /);
    const report = await channel.check();
    expect(report.ok).toBe(false);
    // What doctor words in the CLI's language: the key, and the bus's own reason as it came.
    expect(report.said).toMatchObject({ key: 'noDaemon', reason: expect.any(String) });
  });

  it('names the package when notify-send is missing', async () => {
    process.env.PATH = '/nonexistent';
    const channel = createNotifyChannel({ appName: 'Mantra', iconPath });
    const result = await channel.show({ title: 'Mantra', body: 'x' });
    expect(result).toEqual({ delivered: false, error: expect.stringContaining('libnotify-bin') });
    const report = await channel.check();
    expect(report).toMatchObject({ ok: false, backend: 'notify-send' });
    expect(report.detail).toContain('libnotify-bin');
    expect(report.said).toEqual({ key: 'notifySendMissing' });
  });
});

describe('notify channel with an injected notifier', () => {
  const make = (notifier: NotifierLike, log: string[] = []) => createNotifyChannel({ appName: 'Mantra', iconPath, notifier, platform: 'linux', answerTimeoutMs: 100, log: (m) => log.push(m) });

  it('turns a backend error into delivered: false', async () => {
    const log: string[] = [];
    const channel = make({ notify: (_o, cb) => cb(new Error('Command failed: notify-send "x"\nboom')) }, log);
    await expect(channel.show({ title: 'Mantra', body: 'x' })).resolves.toEqual({
      delivered: false,
      error: 'notify-send failed: boom',
    });
    expect(log).toEqual(['notify: notify-send failed: boom']);
  });

  it('does not throw when the notifier throws', async () => {
    const channel = make({
      notify: () => {
        throw new TypeError('bad options');
      },
    });
    const result = await channel.show({ title: 'Mantra', body: 'x' });
    expect(result.delivered).toBe(false);
    expect(result.error).toContain('bad options');
  });

  it('gives up on a backend that never answers', async () => {
    const channel = make({ notify: () => undefined });
    await expect(channel.show({ title: 'Mantra', body: 'x' })).resolves.toEqual({
      delivered: false,
      error: 'notify-send did not answer within 100 ms',
    });
  });

  it('counts a success with chatter on stderr as delivered', async () => {
    const log: string[] = [];
    const channel = make({ notify: (_o, cb) => cb('some warning\n') }, log);
    await expect(channel.show({ title: 'Mantra', body: 'x' })).resolves.toEqual({ delivered: true });
    expect(log).toEqual(['notify: notify-send said: some warning']);
  });

  it('passes app name, icon and urgency the way notify-send reads them', async () => {
    let seen: Record<string, unknown> = {};
    const channel = make({ notify: (o, cb) => ((seen = o), cb(null)) });
    await channel.show({ title: '', body: 'x' });
    expect(seen).toMatchObject({ title: 'Mantra', message: 'x', 'app-name': 'Mantra', icon: iconPath, urgency: 'normal' });
  });

  it('asks for the sound per platform: a sound-name hint for notify-send, sound for terminal-notifier and SnoreToast', async () => {
    const seen: Record<string, unknown>[] = [];
    const on = (platform: NodeJS.Platform) => createNotifyChannel({ appName: 'Mantra', iconPath, platform, notifier: { notify: (o, cb) => (seen.push(o), cb(null)) } });
    await on('linux').show({ title: 'M', body: 'x', sound: true });
    await on('linux').show({ title: 'M', body: 'x', sound: false });
    await on('linux').show({ title: 'M', body: 'x' });
    await on('darwin').show({ title: 'M', body: 'x', sound: true });
    await on('win32').show({ title: 'M', body: 'x', sound: false });
    expect(seen[0]).toMatchObject({ hint: SOUND_HINT });
    expect(seen[1]).toMatchObject({ hint: SILENT_HINT });
    expect(seen[2]).not.toHaveProperty('hint');
    expect(seen[3]).toMatchObject({ sound: true });
    expect(seen[4]).toMatchObject({ sound: false, appID: 'Mantra' });
  });

  it('starts listening for clicks with the first notification shown, not when a click handler is added', async () => {
    const on = vi.fn();
    const channel = createNotifyChannel({ appName: 'Mantra', iconPath, platform: 'darwin', notifier: { notify: (_o, cb) => cb(null), on } });
    channel.onClick(() => {});
    expect(on).not.toHaveBeenCalled();
    await channel.show({ title: 'Mantra', body: 'a', id: 'enc-a' });
    await channel.show({ title: 'Mantra', body: 'b', id: 'enc-b' });
    expect(on).toHaveBeenCalledTimes(1);
  });

  it('routes a click to the id of the notification clicked', async () => {
    let click: ((n: unknown, o?: Record<string, unknown>) => void) | undefined;
    const channel = createNotifyChannel({
      appName: 'Mantra',
      iconPath,
      platform: 'darwin',
      notifier: { notify: (_o, cb) => cb(null), on: (_e, l) => (click = l) },
    });
    const ids: Array<string | undefined> = [];
    const off = channel.onClick((id) => ids.push(id));
    await channel.show({ title: 'Mantra', body: 'a', id: 'enc-a' });
    await channel.show({ title: 'Mantra', body: 'b', id: 'enc-b' });
    click?.(null, { title: 'Mantra', message: 'a' });
    off();
    click?.(null, { title: 'Mantra', message: 'b' });
    expect(ids).toEqual(['enc-a']);
  });
});
