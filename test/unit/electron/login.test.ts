import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fake, resetFake } from './electron-fake.js';

vi.mock('electron', () => import('./electron-fake.js'));
const { setStartAtLogin, startsAtLogin, autostartPath, desktopEntry, execArg, launchCommand, followLoginSetting } = await import('../../../main/hosts/electron/login.js');
const { createRecordingLogger } = await import('../../../main/logger.js');

let home: string;
beforeEach(() => {
  resetFake();
  home = mkdtempSync(join(tmpdir(), 'mantra-home-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe('Linux: an XDG autostart entry', () => {
  const linux = () => ({ platform: 'linux' as const, env: {}, home, execPath: '/usr/lib/electron/electron' });

  it('turning on writes ~/.config/autostart/mantra.desktop; turning off removes it', () => {
    const file = join(home, '.config', 'autostart', 'mantra.desktop');
    expect(autostartPath({}, home)).toBe(file);
    expect(startsAtLogin(linux())).toBe(false);
    setStartAtLogin(true, linux());
    expect(startsAtLogin(linux())).toBe(true);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^\[Desktop Entry\]\nType=Application\n/);
    expect(text).toContain('Name=Mantra\n');
    expect(text).toContain('Exec=/usr/lib/electron/electron /opt/mantra-dev --hidden\n');
    expect(statSync(file).mode & 0o777).toBe(0o644);
    setStartAtLogin(false, linux());
    expect(existsSync(file)).toBe(false);
    setStartAtLogin(false, linux()); // already off: fine
    expect(fake.loginCalls).toEqual([]);
  });

  it('honours XDG_CONFIG_HOME', () => {
    const env = { XDG_CONFIG_HOME: join(home, 'cfg') };
    setStartAtLogin(true, { ...linux(), env });
    expect(existsSync(join(home, 'cfg', 'autostart', 'mantra.desktop'))).toBe(true);
  });

  it('an AppImage starts by its own path; a packaged app by its executable', () => {
    expect(launchCommand({ env: { APPIMAGE: '/home/u/Apps/Mantra-0.1.0.AppImage' }, execPath: '/tmp/.mount_x/mantra' })).toEqual(['/home/u/Apps/Mantra-0.1.0.AppImage', '--hidden']);
    fake.isPackaged = true;
    expect(launchCommand({ env: {}, execPath: '/opt/Mantra/mantra' })).toEqual(['/opt/Mantra/mantra', '--hidden']);
  });

  it('quotes an Exec argument by the Desktop Entry rules', () => {
    expect(execArg('/opt/Mantra/mantra')).toBe('/opt/Mantra/mantra');
    expect(execArg('/home/u/My Apps/Mantra.AppImage')).toBe('"/home/u/My Apps/Mantra.AppImage"');
    expect(execArg('/a/$HOME/"x"')).toBe('"/a/\\\\$HOME/\\\\"x\\\\""');
    expect(execArg('/a/100%')).toBe('/a/100%%');
    expect(desktopEntry(['/home/u/My Apps/m', '--hidden'], '/i/icon.png')).toContain('Exec="/home/u/My Apps/m" --hidden\nIcon=/i/icon.png\n');
  });
});

describe('macOS and Windows: the OS login item', () => {
  it('macOS: setLoginItemSettings with openAtLogin', () => {
    setStartAtLogin(true, { platform: 'darwin' });
    expect(fake.loginCalls).toEqual([{ openAtLogin: true, openAsHidden: true }]);
    expect(startsAtLogin({ platform: 'darwin' })).toBe(true);
    setStartAtLogin(false, { platform: 'darwin' });
    expect(startsAtLogin({ platform: 'darwin' })).toBe(false);
    expect(existsSync(join(home, '.config', 'autostart'))).toBe(false);
  });

  it('Windows: the executable and --hidden (with the app folder in development)', () => {
    setStartAtLogin(true, { platform: 'win32', env: {}, execPath: 'C:\\electron.exe' });
    expect(fake.loginCalls).toEqual([{ openAtLogin: true, path: 'C:\\electron.exe', args: ['/opt/mantra-dev', '--hidden'] }]);
  });
});

describe('following the startAtLogin setting', () => {
  it('touches the system only when the wanted value differs from what is there', () => {
    const opts = { platform: 'darwin' as const };
    const follow = followLoginSetting(createRecordingLogger(), opts);
    follow(false); // the OS says off already: nothing written
    expect(fake.loginCalls).toEqual([]);
    follow(true);
    follow(true);
    expect(fake.loginCalls).toHaveLength(1);
    follow(false);
    expect(fake.loginCalls.map((c) => c.openAtLogin)).toEqual([true, false]);
  });

  it('a failure is one warning, not one per snapshot', () => {
    const logger = createRecordingLogger();
    const blocker = join(home, 'not-a-dir');
    writeFileSync(blocker, '');
    const follow = followLoginSetting(logger, { platform: 'linux', env: { XDG_CONFIG_HOME: blocker }, home, execPath: '/e' });
    follow(true);
    follow(true);
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toMatch(/^warn: start at login could not be turned on: /);
  });
});
