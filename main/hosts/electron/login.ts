/**
 * Start at login. macOS and Windows keep login items themselves (`setLoginItemSettings`);
 * on Linux an XDG autostart entry, ~/.config/autostart/mantra.desktop, is written or removed.
 * The app then starts with `--hidden`: tray only, no window.
 */
import { existsSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { app } from 'electron';
import { errorText, type Logger } from '../../logger.js';
import { writeFileAtomically } from '../../store/atomic-file.js';

export interface LoginOptions {
  readonly platform?: NodeJS.Platform;
  readonly env?: NodeJS.ProcessEnv;
  readonly home?: string;
  readonly execPath?: string;
  /** Icon for the autostart entry (an absolute path). */
  readonly icon?: string;
}

export const AUTOSTART_FILE = 'mantra.desktop';
export const HIDDEN_FLAG = '--hidden';

export function autostartPath(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'autostart', AUTOSTART_FILE);
}

/**
 * The command that starts this Mantra: an AppImage by its own path (its executable lives on
 * a mount that vanishes), a packaged app by its executable, a development run as electron + app folder.
 */
export function launchCommand(options: LoginOptions = {}): string[] {
  const env = options.env ?? process.env;
  const exec = options.execPath ?? process.execPath;
  if (env.APPIMAGE) return [env.APPIMAGE, HIDDEN_FLAG];
  return app.isPackaged ? [exec, HIDDEN_FLAG] : [exec, app.getAppPath(), HIDDEN_FLAG];
}

/** One argument of an Exec line, quoted by the Desktop Entry rules, then escaped as a string value. */
export function execArg(arg: string): string {
  const quoted = /[\s"'\\><~|&;$*?#()`]/.test(arg) || arg === '' ? `"${arg.replace(/["`$\\]/g, (c) => `\\${c}`)}"` : arg;
  return quoted.replaceAll('%', '%%').replaceAll('\\', '\\\\');
}

export function desktopEntry(command: readonly string[], icon?: string): string {
  const lines = [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    'Name=Mantra',
    'Comment=Delivers a short mantra when you are reachable',
    `Exec=${command.map(execArg).join(' ')}`,
    ...(icon ? [`Icon=${icon.replaceAll('\\', '\\\\')}`] : []),
    'Terminal=false',
    'Categories=Utility;',
    'X-GNOME-Autostart-enabled=true',
  ];
  return `${lines.join('\n')}\n`;
}

const isLinuxLike = (platform: NodeJS.Platform): boolean => platform !== 'darwin' && platform !== 'win32';

export function setStartAtLogin(enabled: boolean, options: LoginOptions = {}): void {
  const platform = options.platform ?? process.platform;
  if (!isLinuxLike(platform)) {
    const [path = process.execPath, ...args] = launchCommand(options);
    // macOS ignores path and args (the bundle starts as itself); Windows needs both in development.
    app.setLoginItemSettings(platform === 'win32' ? { openAtLogin: enabled, path, args } : { openAtLogin: enabled, openAsHidden: true });
    return;
  }
  const file = autostartPath(options.env, options.home);
  if (!enabled) {
    rmSync(file, { force: true });
    return;
  }
  writeFileAtomically(file, desktopEntry(launchCommand(options), options.icon), { mode: 0o644, mkdir: true });
}

export function startsAtLogin(options: LoginOptions = {}): boolean {
  const platform = options.platform ?? process.platform;
  if (!isLinuxLike(platform)) {
    const [path = process.execPath, ...args] = launchCommand(options);
    return app.getLoginItemSettings(platform === 'win32' ? { path, args } : undefined).openAtLogin;
  }
  return existsSync(autostartPath(options.env, options.home));
}

/**
 * Keeps the OS login item in step with the `startAtLogin` setting: called with every
 * snapshot, it touches the system only when the wanted value differs from what is there.
 */
export function followLoginSetting(logger: Logger, options: LoginOptions = {}): (wanted: boolean) => void {
  let known: boolean | null = null;
  return (wanted) => {
    if (known === wanted) return;
    try {
      if (known !== null || startsAtLogin(options) !== wanted) setStartAtLogin(wanted, options);
    } catch (e) {
      logger.warn(`start at login could not be ${wanted ? 'turned on' : 'turned off'}: ${errorText(e)}`);
    }
    // Also after a failure: one warning, not one per snapshot.
    known = wanted;
  };
}
