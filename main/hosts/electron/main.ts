/**
 * Electron's entry (package.json "main"): one instance only (a second launch hands over its
 * flags and exits), the app:// scheme, then the desktop app once Electron is ready.
 * The app lives in the tray: no dock icon on macOS, closing windows does not quit.
 */
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, session } from 'electron';
import { consoleLogger, errorText } from '../../logger.js';
import { startLogger } from '../log-file.js';
import { appFiles, PACKAGE_ROOT } from '../../package-root.js';
import { parseArgv, launchData, secondLaunchCommands } from './argv.js';
import type { ShellCommand } from './commands.js';
import { startDesktop, type Desktop, type DesktopPaths } from './desktop.js';
import { lockDownSession, registerAppScheme } from './web-security.js';
import { DataDirBusyError, STOP_SIGNALS } from '../single-instance.js';
import { systemLocales } from '../../channels/notification-channel.js';
import { translator } from '../../../shared/i18n/i18n.js';
import { pickLocale } from '../../../shared/i18n/locales.js';

export const APP_ID = 'app.mantra.desktop';

// stderr (lost when started at login), then also the data directory's rolling log file (composeHost moves it there).
const logger = startLogger(consoleLogger);
const here = dirname(fileURLToPath(import.meta.url));

/** Packaged, the icons are extraResources (real files other processes can read); in development, build/. */
function desktopPaths(): DesktopPaths {
  const resources = app.isPackaged ? process.resourcesPath : null;
  return {
    preload: join(here, 'preload.cjs'),
    trayIcons: resources ? join(resources, 'tray') : join(PACKAGE_ROOT, 'build', 'tray'),
    icon: resources ? join(resources, 'icon.png') : appFiles.icon,
  };
}

// Every file and folder this process creates is the user's alone (state, logs, themes, token).
process.umask(0o077);
registerAppScheme();
const launch = parseArgv(process.argv);
for (const problem of launch.problems) logger.warn(problem);

if (!app.requestSingleInstanceLock(launchData(launch))) {
  // The first instance got our flags through 'second-instance'.
  app.quit();
} else {
  let desktop: Desktop | null = null;
  const early: ShellCommand[][] = [];
  let stopped = false;

  app.on('second-instance', (_event, argv, _cwd, additionalData) => {
    const commands = secondLaunchCommands(argv, additionalData);
    if (desktop) desktop.handleLaunch(commands);
    else early.push(commands);
  });
  // Ctrl-C, a service manager or a closed terminal: quit through before-quit, which flushes the store.
  for (const signal of STOP_SIGNALS) process.on(signal, () => app.quit());
  // A tray app: the last window closing is not a reason to quit.
  app.on('window-all-closed', () => undefined);
  app.on('before-quit', (event) => {
    if (stopped || !desktop) return;
    event.preventDefault();
    const running = desktop;
    desktop = null;
    void running
      .stop()
      .catch((e: unknown) => logger.error(`stopping: ${errorText(e)}`))
      .finally(() => {
        stopped = true;
        app.quit();
      });
  });

  app
    .whenReady()
    .then(async () => {
      app.dock?.hide();
      if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
      lockDownSession(session.defaultSession, appFiles.renderer);
      const dataDir = process.env.MANTRA_DATA_DIR || app.getPath('userData');
      // The start logger goes on into the data directory's log file once the tray app holds it (composeHost).
      desktop = await startDesktop({ dataDir, paths: desktopPaths(), logger, quit: () => app.quit() });
      logger.info(`tray app running, data in ${dataDir}`);
      // Started by hand: show a window (a tray icon alone can go unseen, e.g. GNOME without AppIndicator).
      const atLogin = launch.hidden || (process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin);
      if (launch.commands.length > 0 || !atLogin) desktop.handleLaunch(launch.commands);
      for (const commands of early.splice(0)) desktop.handleLaunch(commands);
    })
    .catch(async (e: unknown) => {
      if (e instanceof DataDirBusyError) {
        // `mantra serve` holds this data directory: it takes our flags, we leave.
        const reply = await e.ask({ kind: 'commands', commands: launch.commands });
        logger.info(
          reply.ok
            ? `Mantra already runs on ${e.dataDir} (${reply.info.role}, pid ${reply.info.pid}${reply.info.url ? `, ${reply.info.url}` : ''}); flags handed over`
            : `Mantra already runs on ${e.dataDir}: ${reply.error}`,
        );
        stopped = true;
        app.exit(0);
        return;
      }
      logger.error(`cannot start: ${errorText(e)}`);
      // No settings could be read: the dialog's title in the system's language, the error as it came.
      dialog.showErrorBox(translator(pickLocale(null, systemLocales()))('banners.cannotStart'), errorText(e));
      app.exit(1);
    });
}
